import type { jsPDF } from 'jspdf';
import type { Language } from '../../protocol/languages';
import type { DimensionId } from '../stats/dimensions';
import type { PublishedCell } from '../stats/disclosure';
import type { StatsExport } from '../stats/export';
import { statsExportText } from './stats-export-text';
import type { StatsExportTextKey } from './stats-export-text';
import { drawLine, ltr, wrap } from './text-layout';
import { Writer } from './writer';
import type { PdfFonts } from './writer';

/**
 * The PDF of the export to the AREF (sanad-stats/1): the same published cells as its CSV and JSON, as tables
 * and bar charts, with the rules applied stated on the first page. It reads the export's published part only
 * (the type below has no exact count in it: the CLI builds it from the JSON file it has just written), so a
 * suppressed cell prints as "<10", a withheld one as the word for withheld, and no chart bar is longer than
 * its published figure says.
 */
export type PublishedExport = Pick<StatsExport, 'format' | 'school' | 'period' | 'generatedAt' | 'versions' | 'cells' | 'merges' | 'withheldTables' | 'empty'>;

/** The names of dimensions and of their single values, in the document's language (the dashboard's own words). */
export interface ExportPdfLabels {
  dim: (dim: DimensionId) => string;
  value: (dim: DimensionId, value: string) => string;
  /** A date (`YYYY-MM-DD`) as the reader writes it. */
  day: (date: string) => string;
}

const INK: [number, number, number] = [20, 20, 20];
const BAR: [number, number, number] = [31, 95, 139];

/** The other documents' A4 pages (src/pdf/writer.ts), with a bar chart of published figures. */
class ExportPage extends Writer {
  /**
   * Horizontal bars of published figures, growing from the start side: a rounded figure as a filled bar of its
   * length, "<10" as an outlined bar up to 10 (somewhere below it, no more said), 0 and withheld as no bar.
   * Each bar's published text just past it.
   */
  publishedBars(rows: readonly { label: string; cell: PublishedCell; shown: string }[]) {
    const size = 8.5;
    const h = this.lineHeight(size);
    const bar = 3.4;
    const labelWidth = 62;
    const valueWidth = 18;
    const track = this.width - labelWidth - valueWidth - 2;
    const max = Math.max(10, ...rows.map((r) => (r.cell.flag === 'rounded' ? Number(r.cell.value) : 0)));
    const fromStart = (x: number, w = 0) => (this.rtl ? this.x.end - x - w : this.x.start + x);
    this.doc.setFont('Naskh', 'normal');
    this.doc.setFontSize(size);
    this.doc.setTextColor(...INK);
    for (const r of rows) {
      const height = Math.max(h, bar + 1.5);
      this.room(height);
      const top = this.y;
      const labelSpan = this.rtl ? { start: this.x.end - labelWidth, end: this.x.end } : { start: this.x.start, end: this.x.start + labelWidth };
      drawLine(this.doc, wrap(this.doc, r.label, labelWidth - 2, this.rtl)[0] ?? '', labelSpan, top + height / 2 + 1.2, this.rtl);
      const length = r.cell.flag === 'rounded' ? Number(r.cell.value) : r.cell.flag === 'suppressed' ? 10 : 0;
      const w = (length / max) * track;
      const y = top + 0.75;
      if (r.cell.flag === 'rounded') {
        this.doc.setFillColor(...BAR);
        this.doc.rect(fromStart(labelWidth, w), y, w, bar - 0.6, 'F');
      } else if (r.cell.flag === 'suppressed') {
        this.doc.setDrawColor(...BAR);
        this.doc.setLineWidth(0.3);
        this.doc.rect(fromStart(labelWidth, w), y, w, bar - 0.6, 'S');
      }
      const end = labelWidth + w + 1;
      const valueSpan = this.rtl ? { start: fromStart(end + valueWidth), end: fromStart(end) } : { start: fromStart(end), end: fromStart(end + valueWidth) };
      drawLine(this.doc, r.shown, valueSpan, y + bar - 1, this.rtl);
      this.y = top + height;
    }
    this.y += 2;
  }
}

/** The cells of one published table: the grand total, a margin (`dim2` empty) or a two-way table. */
interface TableCells {
  dim1: DimensionId | '';
  dim2: DimensionId | '';
  cells: PublishedCell[];
}

function tablesOf(cells: readonly PublishedCell[]): TableCells[] {
  const out: TableCells[] = [];
  for (const c of cells) {
    let t = out.find((x) => x.dim1 === c.dim1 && x.dim2 === c.dim2);
    if (!t) out.push((t = { dim1: c.dim1, dim2: c.dim2, cells: [] }));
    t.cells.push(c);
  }
  return out;
}

/** A file identifier (32 hex digits) that depends only on `text`: an id, not a check (FNV-1a, four seeds). */
function fileId(text: string): string {
  return [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x85ebca6b]
    .map((seed) => {
      let h = seed >>> 0;
      for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
      return h.toString(16).padStart(8, '0');
    })
    .join('');
}

/** Pure: the export's PDF in `lang`, from its published cells only. */
export function buildExportPdf(ex: PublishedExport, lang: Language, labels: ExportPdfLabels, fonts: PdfFonts): jsPDF {
  const say = (key: StatsExportTextKey, vars: Readonly<Record<string, string>> = {}) => statsExportText(lang, key, vars);
  const dimName = (dim: DimensionId) => (dim === 'period' ? say('dimPeriod') : dim === 'cycle' ? say('dimCycle') : labels.dim(dim));
  // A merged label `a+b` names each member of its fixed group; a term id or a code stays one left-to-right run.
  const one = (dim: DimensionId, v: string) => (dim === 'period' ? ltr(v) : dim === 'cycle' ? say(`cycle.${v}` as StatsExportTextKey) : labels.value(dim, v));
  const valueName = (dim: DimensionId | '', v: string) => (dim === '' ? say('total') : v.split('+').map((part) => one(dim, part)).join(' + '));
  // Figures as one left-to-right run: "<10" keeps its sign the right way round in an Arabic line.
  const shown = (c: PublishedCell) => (c.flag === 'withheld' ? say('withheld') : ltr(c.value));

  const footer = (x: number, y: number) => `${say('title')} · ${ltr(ex.period.id)} · ${say('page', { x: String(x), y: String(y) })}`;
  const pg = new ExportPage(fonts, lang, `${say('title')} · ${ex.school} · ${ex.period.id}`, footer);
  // The same file for the same export, whenever and wherever it is made: dated by the export, not the clock.
  const at = ex.generatedAt.replace(/\D/g, '').slice(0, 14).padEnd(14, '0');
  pg.doc.setCreationDate(`D:${at}+00'00'`);
  pg.doc.setFileId(fileId(`${ex.school} ${ex.period.id} ${ex.generatedAt} ${lang}`));
  pg.heading(say('title'), 1);
  const total = ex.cells.find((c) => c.dim1 === '');
  pg.fields([
    [say('school'), ltr(ex.school)],
    [say('period'), `${ltr(ex.period.id)} · ${say('dates', { from: labels.day(ex.period.from), to: labels.day(ex.period.to) })}`],
    [say('generated'), ltr(ex.generatedAt.slice(0, 16).replace('T', ' '))],
    [say('format'), `${ltr(ex.versions.format)} · ${say('versions', { protocol: ltr(ex.versions.protocol), machine: ltr(String(ex.versions.caseMachine)) })}`],
    ...(total ? [[say('total'), shown(total)] as const] : []),
  ]);
  if (ex.empty) pg.paragraph(say('empty'), { bold: true });
  else if (ex.withheldTables.some((t) => t.reason === 'fewCases')) pg.paragraph(say('fewCases'), { bold: true });

  pg.heading(say('rulesTitle'));
  for (const key of ['ruleSmall', 'ruleRounding', 'ruleFew', 'ruleMerging', 'ruleSuppression', 'ruleSource'] as const) pg.paragraph(`• ${say(key)}`, { size: 9.5 });

  const tables = tablesOf(ex.cells).filter((t) => t.dim1 !== '');
  const margins = tables.filter((t) => t.dim2 === '');
  if (margins.length > 0) pg.paragraph(say('legend'), { muted: true, size: 9 });
  for (const t of margins) {
    const dim = t.dim1 as DimensionId;
    pg.heading(dimName(dim));
    const rows = t.cells.map((c) => ({ label: valueName(dim, c.val1), cell: c, shown: shown(c) }));
    pg.publishedBars(rows);
    pg.table([dimName(dim), say('value')], rows.map((r) => [r.label, r.shown]), [0.7, 0.3]);
  }
  for (const t of tables.filter((x) => x.dim2 !== '')) {
    const d1 = t.dim1 as DimensionId;
    const d2 = t.dim2 as DimensionId;
    pg.heading(say('cross', { dim1: dimName(d1), dim2: dimName(d2) }));
    const rowValues = [...new Set(t.cells.map((c) => c.val1))];
    const colValues = [...new Set(t.cells.map((c) => c.val2))];
    const first = colValues.length > 4 ? 0.25 : 0.3;
    const share = (1 - first) / colValues.length;
    pg.table(
      [say('crossHeader', { dim1: dimName(d1), dim2: dimName(d2) }), ...colValues.map((v) => valueName(d2, v))],
      rowValues.map((r) => [valueName(d1, r), ...colValues.map((col) => {
        const c = t.cells.find((x) => x.val1 === r && x.val2 === col);
        return c ? shown(c) : '';
      })]),
      [first, ...colValues.map(() => share)],
    );
  }
  if (ex.merges.length > 0) {
    pg.heading(say('mergesTitle'));
    for (const m of ex.merges) pg.paragraph(`${dimName(m.dim)}: ${m.values.map((v) => one(m.dim, v)).join(' + ')}`);
  }
  if (ex.withheldTables.length > 0) {
    pg.heading(say('withheldTitle'));
    for (const t of ex.withheldTables) {
      pg.paragraph(`${t.dims.map(dimName).join(' × ')}: ${say(t.reason === 'fewCases' ? 'reasonFewCases' : 'reasonUnprotectable')}`, { size: 9.5 });
    }
  }
  return pg.finish();
}

/** The app's entry point, loaded on demand with jsPDF and the fonts. */
export async function makeExportPdf(ex: PublishedExport, lang: Language, labels: ExportPdfLabels): Promise<Blob> {
  const { browserFonts } = await import('./fonts');
  return buildExportPdf(ex, lang, labels, await browserFonts()).output('blob');
}
