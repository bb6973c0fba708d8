import type { SchoolCalendar } from '../../protocol/calendar';
import type { InterfaceLanguage, Language } from '../../protocol/languages';
import type { CaseEventRecord } from '../storage/db';
import type { CaseSnapshot } from '../../machines/replay';
import { buildHandout, buildPdf } from './documents';
import type { PdfDoc } from './documents';
import { browserFonts } from './fonts';

/** The app's entry point, loaded on demand: jsPDF and the fonts stay out of the first download. */
export async function makePdf(
  doc: PdfDoc,
  c: { caseRef: string; snapshot: CaseSnapshot; events: CaseEventRecord[]; chainHead: string },
  options: { lang: InterfaceLanguage; redact: boolean; school: string; calendar: SchoolCalendar; family?: string; contact?: string },
): Promise<Blob> {
  const pdf = buildPdf(
    doc,
    { ...options, caseRef: c.caseRef, snapshot: c.snapshot, events: c.events, chainHead: c.chainHead, generatedAt: new Date().toISOString() },
    await browserFonts(),
  );
  return pdf.output('blob');
}

/** The trainers' handout of a scenario, in the language chosen. */
export async function makeHandout(scenario: Parameters<typeof buildHandout>[0], lang: Language, calendar: SchoolCalendar): Promise<Blob> {
  return buildHandout(scenario, lang, calendar, await browserFonts()).output('blob');
}
