import type { jsPDF } from 'jspdf';
import type { InterfaceLanguage } from '../../protocol/languages';
import { pdfText } from './pdf-text';
import { Writer } from './writer';
import type { PdfFonts } from './writer';

/** One chart of the head's dashboard, already worded: the page draws it as SVG, this module as a PDF chart. */
export interface StatsPdfSection {
  title: string;
  labelHeader: string;
  series: readonly string[];
  rows: readonly { label: string; values: readonly number[] }[];
}

export interface StatsPdfInput {
  lang: InterfaceLanguage;
  /** The page's title and the period's name: the document's title, never a person's or a case's. */
  title: string;
  period: string;
  /** Sentences under the title (the period's dates and total, a running period's warning). */
  notes: readonly string[];
  sections: readonly StatsPdfSection[];
  /** Tables without a chart (the time taken), after the charts. */
  tables?: readonly { title: string; headers: readonly string[]; rows: readonly (readonly string[])[] }[];
}

/**
 * The head's dashboard on paper: each chart drawn from the very rows the page shows, with its table under it.
 * Counts only: nothing here carries a name, a pseudonym, a class or an account of the facts.
 */
export function buildStatsPdf(input: StatsPdfInput, fonts: PdfFonts): jsPDF {
  const wr = new Writer(fonts, input.lang, `${input.title} · ${input.period}`, (x, y) => `${input.title} · ${pdfText(input.lang, 'page', { x: String(x), y: String(y) })}`);
  wr.heading(input.title, 1);
  wr.paragraph(input.period, { bold: true });
  for (const n of input.notes) wr.paragraph(n, { muted: true });
  for (const s of input.sections) {
    wr.heading(s.title);
    wr.bars(s.rows, s.series);
    const share = 1 / (s.series.length + 2);
    wr.table(
      [s.labelHeader, ...s.series],
      s.rows.map((r) => [r.label, ...r.values.map(String)]),
      [share * 2, ...s.series.map(() => share)],
    );
  }
  for (const tb of input.tables ?? []) {
    wr.heading(tb.title);
    const share = 1 / (tb.headers.length + 1);
    wr.table([...tb.headers], tb.rows.map((r) => [...r]), tb.headers.map((_, i) => (i === 0 ? share * 2 : share)));
  }
  return wr.finish();
}

/** The app's entry point, loaded on demand with jsPDF and the fonts. */
export async function makeStatsPdf(input: StatsPdfInput): Promise<Blob> {
  const { browserFonts } = await import('./fonts');
  return buildStatsPdf(input, await browserFonts()).output('blob');
}
