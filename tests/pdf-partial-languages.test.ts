import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../machines/scenario';
import { DEFAULT_CALENDAR } from '../protocol/calendar';
import { CLOSURE_REASONS } from '../protocol/closure';
import type { InterfaceLanguage } from '../protocol/languages';
import { PARTIAL_CATALOGS } from '../src/i18n/partial';
import { PartialLanguageDocumentError, buildPdf } from '../src/pdf/documents';
import type { PdfInput } from '../src/pdf/documents';
import { drawnText } from '../src/pdf/text-layout';
import { nodeFonts, pdfFromScenario } from '../scripts/pdf-cli';

/**
 * The parents' letter in Darija and Tamazight (docs/decisions/0020): it extracts to the exact text of the
 * catalogs, Tifinagh included, and the Tifinagh is drawn with its own font (the Arabic font has no Tifinagh
 * glyphs: drawn with it, the letters print nothing, which the control below shows).
 */
const dir = mkdtempSync(join(tmpdir(), 'sanad-pdf-partial-'));
const fonts = nodeFonts();
const SCENARIO = 'protocol/scenarios/shared-concern-resolved.json';

function input(lang: InterfaceLanguage, extra: Partial<PdfInput> = {}): PdfInput {
  const { scenario, snapshot } = loadScenario(JSON.parse(readFileSync(SCENARIO, 'utf8')));
  const events = scenario.steps.map((s) => ({ at: s.event.at, by: s.event.by, event: s.event }));
  return { lang, caseRef: 'SCR-2026-07', snapshot, events, school: 'Lycée Ibn Sina', generatedAt: '2026-12-09T10:00:00Z', calendar: DEFAULT_CALENDAR, redact: false, ...extra };
}

function write(name: string, pdf: ReturnType<typeof buildPdf>): string {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, new Uint8Array(pdf.output('arraybuffer')));
  return file;
}

/** pdftotext's text, spaces collapsed; poppler's own embedding controls around right-to-left lines removed. */
const poppler = (file: string) =>
  execFileSync('pdftotext', [file, '-']).toString('utf8').normalize('NFKC').replace(/[\u202a-\u202e]/g, '').replace(/\s+/g, ' ');
const flat = (s: string) => s.replace(/\s+/g, ' ').trim();

async function pdfjs(file: string): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(readFileSync(file)), isEvalSupported: false }).promise;
  const content = await (await doc.getPage(1)).getTextContent();
  await doc.destroy();
  // Items follow one another within a line (a new one at each change of font: Tifinagh, then punctuation in the
  // main font), so they are joined as they come; a line's end is a space.
  return flat(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? ' ' : '') : '')).join(''));
}

/** The catalog strings the closed case's letter prints whole (labels, paragraphs, headings). */
const LETTER_KEYS = [
  'parents', 'school', 'caseRef', 'date', 'child', 'contact', 'contactTeam', 'parentsIntro', 'parentsNotice', 'parentsDoing',
  'parentsDoingListen', 'parentsCanDo', 'parentsCanDoListen', 'parentsCanDoEvidence', 'parentsCanDoNoReply', 'parentsCanDoReport',
  'parentsCanDoNew', 'parentsOutside', 'web', 'phone', 'whatsapp', 'emergency', 'police', 'gendarmerie', 'regards', 'forTheTeam', 'head', 'signature',
] as const;

/** A page as a grey image (pdftoppm PGM, 40 dpi): how many dark pixels between two heights, in mm from the top. */
function inkBetween(file: string, topMm: number, bottomMm: number): number {
  const out = join(dir, `${file.split('/').at(-1)}-ink`);
  execFileSync('pdftoppm', ['-gray', '-r', '40', '-f', '1', '-l', '1', '-singlefile', file, out]);
  const pgm = readFileSync(`${out}.pgm`);
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'))!;
  const [width, offset] = [Number(header[1]), header[0].length];
  const px = 40 / 25.4;
  let dark = 0;
  for (let y = Math.round(topMm * px); y < Math.round(bottomMm * px); y++) for (let x = 0; x < width; x++) if (pgm[offset + y * width + x]! < 128) dark++;
  return dark;
}

describe('the parents\' letter in Tamazight (Tifinagh)', () => {
  const pdf = buildPdf('parents', input('zgh'), fonts);
  const file = write('parents-zgh', pdf);
  const zgh = PARTIAL_CATALOGS.zgh;

  it('pdftotext gives back the exact Tifinagh of every catalog string and every line drawn', () => {
    const text = poppler(file);
    for (const key of LETTER_KEYS) expect(text, `${key}`).toContain(flat(zgh.pdf[key]!));
    expect(text).toContain(`${zgh.pdf.parentsOutcome} ${zgh.protocol['closure.RESOLVED']}.`);
    expect(text).toContain(zgh.protocol['channel.emcHelpline.name']);
    expect(text).toContain('ⵜⴰⵙⵏⴰ 1 ⵣⴳ 1');
    const tifinaghLines = drawnText(pdf)[0]!.filter((l) => /[\u2d30-\u2d7f]/.test(l));
    expect(tifinaghLines.length).toBeGreaterThan(20);
    for (const line of tifinaghLines) expect(text).toContain(flat(line.replace(/[\u2066-\u2069]/g, '')));
  });

  it('PDF.js gives back the same Tifinagh', async () => {
    const text = await pdfjs(file);
    for (const key of ['parents', 'parentsNotice', 'parentsCanDoEvidence', 'head'] as const) expect(text, `${key}`).toContain(flat(zgh.pdf[key]!));
  });

  it('dates the letter with the Tamazight month name, in Morocco\'s time', () => {
    expect(poppler(file)).toContain('9 ⴷⵓⵊⴰⵏⴱⵉⵔ 2026');
  });

  it('draws the Tifinagh: the title has ink, where the Arabic font in Tifinagh\'s place leaves the line blank', () => {
    const title = [17, 27] as const;
    expect(inkBetween(file, ...title)).toBeGreaterThan(60);
    const wrongFont = write('parents-zgh-arabic-font', buildPdf('parents', input('zgh'), { ...fonts, tifinagh: fonts.regular }));
    expect(inkBetween(wrongFont, ...title)).toBeLessThan(5);
  });

  it('says /Lang zgh, left to right, one page', () => {
    const raw = readFileSync(file).toString('latin1');
    expect(raw).toContain('/Lang (zgh)');
    expect(pdf.getNumberOfPages()).toBe(1);
  });

  it('embeds the Tifinagh font once here, and not at all in a letter without Tifinagh', () => {
    expect(readFileSync(file).toString('latin1').match(/\/FontName \/Tifinagh/g)).toHaveLength(1);
    const arabic = write('parents-ar', buildPdf('parents', input('ar'), fonts));
    expect(readFileSync(arabic).toString('latin1')).not.toContain('/FontName /Tifinagh');
  });
});

describe('the parents\' letter in Darija', () => {
  const pdf = buildPdf('parents', input('ary'), fonts);
  const file = write('parents-ary', pdf);
  const ary = PARTIAL_CATALOGS.ary;

  it('every line of Arabic letters and spaces comes back exactly from pdftotext, in logical order', () => {
    const text = poppler(file);
    const lines = drawnText(pdf)[0]!.filter((l) => /^[\p{Script=Arabic} ]+$/u.test(l));
    expect(lines.length).toBeGreaterThan(8);
    for (const line of lines) expect(text, `line: ${line}`).toContain(line);
    for (const key of ['parents', 'parentsDoing', 'parentsCanDo', 'parentsOutside', 'head', 'forTheTeam'] as const) expect(text, `${key}`).toContain(ary.pdf[key]!);
  });

  it('writes the date as ar-MA does: Moroccan month name, Latin digits', () => {
    expect(drawnText(pdf)[0]).toContain('9 دجنبر 2026');
    expect(poppler(file)).toContain('دجنبر');
  });

  it('says /Lang ary, one page', () => {
    expect(readFileSync(file).toString('latin1')).toContain('/Lang (ary)');
    expect(pdf.getNumberOfPages()).toBe(1);
  });
});

describe('partial languages and documents', () => {
  for (const lang of ['ary', 'zgh'] as const) {
    it(`${lang}: the letter has every word it needs, for an open case, each closure reason and a redacted copy`, () => {
      const open = input(lang);
      const { closure: _closed, ...context } = open.snapshot.context;
      const variants: Partial<PdfInput>[] = [{ snapshot: { ...open.snapshot, context } }, { redact: true }, { school: '', contact: 'Mme Alaoui' }];
      for (const reason of CLOSURE_REASONS) variants.push({ snapshot: { ...open.snapshot, context: { ...open.snapshot.context, closure: { ...open.snapshot.context.closure!, reason } } } });
      for (const v of variants) expect(buildPdf('parents', input(lang, v), fonts).getNumberOfPages()).toBe(1);
    });

    it(`${lang}: refuses the documents it has no words for, saying which (in the app's code and on the command line)`, () => {
      expect(() => buildPdf('case', input(lang), fonts)).toThrow(PartialLanguageDocumentError);
      expect(() => buildPdf('referral', input(lang), fonts)).toThrow(/only the parents' letter/);
      for (const doc of ['case', 'handout'] as const) expect(() => pdfFromScenario({ scenario: SCENARIO, lang, doc }, fonts)).toThrow(`--lang ${lang}: only the parents' letter (--doc parents)`);
      expect(pdfFromScenario({ scenario: SCENARIO, lang, doc: 'parents' }, fonts).length).toBeGreaterThan(10_000);
    });
  }
});
