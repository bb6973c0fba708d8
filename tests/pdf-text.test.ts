import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { loadScenario } from '../machines/scenario';
import { DEFAULT_CALENDAR } from '../protocol/calendar';
import type { Language } from '../protocol/text';
import { buildHandout, buildPdf, pdfDate } from '../src/pdf/documents';
import type { PdfDoc, PdfInput } from '../src/pdf/documents';
import { PDF_TEXT } from '../src/pdf/pdf-text';
import { drawnText } from '../src/pdf/text-layout';
import { nodeFonts } from '../scripts/pdf-cli';

/**
 * The documents' text as a clerk searching an archive (pdftotext, poppler) and a browser (PDF.js, Firefox's
 * viewer) get it back: words in logical order, letters not presentation forms once NFKC-normalized, no
 * invisible character (docs/decisions/0008).
 */
const dir = mkdtempSync(join(tmpdir(), 'sanad-pdf-text-'));
const fonts = nodeFonts();
const LANGS: Language[] = ['ar', 'fr', 'en'];
const DOCS = ['case', 'referral', 'parents', 'handout'] as const;
const SCENARIO = 'protocol/scenarios/shared-concern-resolved.json';
const HANDOUT = 'protocol/scenarios/game-grooming.json';
const CHAIN_HEAD = 'q3x+7w9Xk4e8cW1Y0Zt5bVh6N3JpUmE2dGhYc2c4VnA=';

function caseInput(lang: Language, extra: Partial<PdfInput> = {}): PdfInput {
  const { scenario, snapshot } = loadScenario(JSON.parse(readFileSync(SCENARIO, 'utf8')));
  const events = scenario.steps.map((s) => ({ at: s.event.at, by: s.event.by, event: s.event }));
  return { lang, caseRef: 'SCR-2026-07', snapshot, events, school: 'Lycée Ibn Sina', generatedAt: events.at(-1)!.at, calendar: DEFAULT_CALENDAR, redact: false, chainHead: CHAIN_HEAD, ...extra };
}

interface Made {
  file: string;
  /** Logical lines drawn, page by page. */
  lines: string[][];
}
const made = new Map<string, Made>();
function make(doc: (typeof DOCS)[number], lang: Language, extra: Partial<PdfInput> = {}, name = `${doc}-${lang}`): Made {
  const key = `${name}-${JSON.stringify(extra)}`;
  const hit = made.get(key);
  if (hit) return hit;
  const pdf = doc === 'handout' ? buildHandout(loadScenario(JSON.parse(readFileSync(HANDOUT, 'utf8'))).scenario, lang, DEFAULT_CALENDAR, fonts) : buildPdf(doc as PdfDoc, caseInput(lang, extra), fonts);
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, new Uint8Array(pdf.output('arraybuffer')));
  const out = { file, lines: drawnText(pdf) };
  made.set(key, out);
  return out;
}

/** pdftotext's output, NFKC. Poppler writes each right-to-left line between embedding controls (U+202A–U+202E): its own markup, removed. */
const poppler = (file: string, page?: number) =>
  execFileSync('pdftotext', [...(page ? ['-f', String(page), '-l', String(page)] : []), file, '-'])
    .toString('utf8')
    .normalize('NFKC')
    .replace(/[\u202a-\u202e]/g, '');
/**
 * PDF.js's text layer (what Firefox shows and searches): the items of each page in order, NFKC. Items are
 * runs placed apart on the page (a label and its value): they are read with a space between them.
 */
async function pdfjs(file: string): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(readFileSync(file)), isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\n' : ' ') : '')).join('').normalize('NFKC'));
  }
  await doc.destroy();
  return pages;
}
const flat = (s: string) => s.replace(/\s+/g, ' ');
/** The phrase as whole words: not inside a longer word. */
function hasWords(text: string, phrase: string): boolean {
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])${escaped}(?![\\p{L}\\p{M}\\p{N}])`, 'u').test(flat(text));
}
const t = (lang: Language, key: keyof (typeof PDF_TEXT)['en']) => PDF_TEXT[lang][key];

/** What each document must give back, word for word, in each language. */
function expected(doc: (typeof DOCS)[number], lang: Language): string[] {
  const narrative = ['حذفوني من مجموعة القسم ويكتبون', 'تحت صوري كل يوم', 'https://instagram.com/p/Cx12', 'وصل عدد التعليقات إلى'];
  switch (doc) {
    case 'case':
      return [t(lang, 'caseFile'), t(lang, 'chronology'), t(lang, 'parties'), 'Pupil S', 'Pupil B', 'Pupil C', 'Salma R.', ...narrative];
    case 'referral':
      return [t(lang, 'referral'), t(lang, 'facts'), t(lang, 'whatSchoolDid'), 'Pupil S', ...narrative];
    case 'parents':
      return [t(lang, 'parents'), t(lang, 'parentsCanDo'), 'Salma R.', 'https://www.cyberconfiance.ma/helpline', '+212 6 24 40 58 89', '19', '177'];
    case 'handout':
      return [{ ar: 'راشد يستدرج تلميذا في لعبة على الإنترنت', fr: 'Un adulte qui approche un élève dans un jeu en ligne', en: 'An adult grooming a pupil in an online game' }[lang], t(lang, 'handout'), t(lang, 'story')];
  }
}

describe('text extracted from the PDFs', () => {
  for (const doc of DOCS)
    for (const lang of LANGS) {
      it(`the ${lang} ${doc}: pdftotext and PDF.js both give back its title, headings, names and the narrative as whole words`, async () => {
        const { file } = make(doc, lang);
        const fromPoppler = poppler(file);
        const fromPdfjs = (await pdfjs(file)).join('\n');
        for (const phrase of expected(doc, lang)) {
          expect(hasWords(fromPoppler, phrase), `pdftotext: ${phrase}`).toBe(true);
          expect(hasWords(fromPdfjs, phrase), `PDF.js: ${phrase}`).toBe(true);
        }
        // No zero-width space, joiner or mark inside words (poppler's own embedding controls are removed above).
        expect(fromPoppler).not.toMatch(/\p{Cf}/u);
        expect(fromPdfjs).not.toMatch(/\p{Cf}/u);
      });
    }

  it('every Arabic line of letters and spaces comes back exactly, in logical order, from pdftotext and PDF.js', async () => {
    let checked = 0;
    for (const doc of DOCS) {
      const { file, lines } = make(doc, 'ar');
      const js = await pdfjs(file);
      lines.forEach((page, i) => {
        const fromPoppler = ` ${flat(poppler(file, i + 1))} `;
        const fromPdfjs = ` ${flat(js[i]!)} `;
        // Letters, harakat inside words, and spaces: the lines whose order no extractor has to guess.
        for (const line of page.filter((l) => /^[\u0621-\u064a ]+$/.test(l.replace(/\p{Mn}/gu, '')) && !/\p{Mn}(?= |$)/u.test(l))) {
          expect(fromPoppler, `${doc} p.${i + 1} pdftotext`).toContain(` ${line} `);
          expect(fromPdfjs, `${doc} p.${i + 1} PDF.js`).toContain(` ${line} `);
          checked++;
        }
      });
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('"ملف الحالة" and "الحالة" are found in the Arabic case file, which holds no zero-width space', async () => {
    const { file } = make('case', 'ar');
    const bytes = execFileSync('pdftotext', [file, '-']).toString('utf8');
    expect(bytes).not.toContain('\u200b');
    for (const text of [poppler(file), (await pdfjs(file)).join('\n')]) {
      expect(hasWords(text, 'ملف الحالة')).toBe(true);
      expect(text.match(/الحالة/g)!.length).toBeGreaterThan(3);
    }
  });

  it('an Arabic date with its time comes back from pdftotext as written, date first (ActualText)', () => {
    const { file } = make('case', 'ar');
    const generated = pdfDate(caseInput('ar').generatedAt, DEFAULT_CALENDAR);
    expect(generated).toBe('2026/12/09 10:40');
    expect(poppler(file, 1).split('\n')).toContain(generated);
  });

  it('the chain head prints without its "=" padding, so no extractor moves it to the front in Arabic', async () => {
    const { file } = make('case', 'ar');
    const head = CHAIN_HEAD.replace(/=+$/, '');
    expect(poppler(file, 1).split('\n')).toContain(head);
    expect((await pdfjs(file))[0]).toContain(head);
    expect(poppler(file, 1)).not.toContain('=');
  });
});

describe('what a reader sees', () => {
  it('the Arabic case file joins categories with the Arabic comma, not the Latin semicolon', async () => {
    const { file, lines } = make('case', 'ar');
    expect(lines.flat()).toContain('إهانات وسخرية وإذلال متكرر، إقصاء من المجموعات ونبذ منظم');
    expect(lines.flat().filter((l) => l.includes(' ; '))).toEqual([]);
    expect((await pdfjs(file)).join('\n')).toContain('متكرر، إقصاء');
  });

  it('times print in Morocco’s legal time: UTC+1, and UTC+0 during Ramadan as the calendar states', () => {
    expect(pdfDate('2026-11-02T10:00:00Z', DEFAULT_CALENDAR)).toBe('2026/11/02 11:00');
    expect(pdfDate('2026-02-15T01:59:00Z', DEFAULT_CALENDAR)).toBe('2026/02/15 02:59');
    expect(pdfDate('2026-02-15T02:00:00Z', DEFAULT_CALENDAR)).toBe('2026/02/15 02:00');
    expect(pdfDate('2026-03-01T10:00:00Z', DEFAULT_CALENDAR)).toBe('2026/03/01 10:00');
    expect(pdfDate('2026-03-22T02:00:00Z', DEFAULT_CALENDAR)).toBe('2026/03/22 03:00');
    expect(pdfDate('2027-02-20T23:30:00Z', DEFAULT_CALENDAR)).toBe('2027/02/20 23:30');
    expect(pdfDate('2027-03-14T02:00:00Z', DEFAULT_CALENDAR)).toBe('2027/03/14 03:00');
    // A case file made in Ramadan says so on its cover.
    const { file } = make('case', 'fr', { generatedAt: '2027-02-20T23:30:00Z' }, 'case-fr-ramadan');
    expect(poppler(file, 1)).toContain('2027/02/20 23:30');
  });

  for (const lang of LANGS)
    it(`with no school name set, the ${lang} case file and letter say so instead of a dash`, () => {
      for (const doc of ['case', 'parents'] as const) {
        const { lines } = make(doc, lang, { school: '  ' }, `${doc}-${lang}-no-school`);
        expect(lines[0]).toContain(t(lang, 'schoolNotSet'));
        expect(lines[0]).not.toContain('—');
      }
    });

  for (const lang of LANGS)
    it(`the ${lang} documents declare /Lang (${lang}) and a title of the document and case reference, with no name`, () => {
      for (const doc of DOCS) {
        const { file } = make(doc, lang);
        const bytes = readFileSync(file).toString('latin1');
        expect(bytes).toContain(`/Lang (${lang})`);
        expect(bytes).toContain('/DisplayDocTitle true');
        const title = /^Title:\s+(.*)$/m.exec(execFileSync('pdfinfo', [file]).toString('utf8'))?.[1];
        if (doc === 'handout') expect(title).toBe(`${t(lang, 'handout')} · ${expected('handout', lang)[0]}`);
        else expect(title).toBe(`${t(lang, ({ case: 'caseFile', referral: 'referral', parents: 'parents' } as const)[doc])} · SCR-2026-07`);
        for (const name of ['Salma', 'Nora', 'Hiba', 'Pupil']) expect(title).not.toContain(name);
      }
    });
});

describe('the letter to the parents', () => {
  const children = [
    { id: 'p1', name: 'Salma R.', pseudonym: 'Pupil S' },
    { id: 'p2', name: 'Nora E.', pseudonym: 'Pupil B' },
    { id: 'p3', name: 'Hiba M.', pseudonym: 'Pupil C' },
  ];
  for (const lang of LANGS)
    it(`in ${lang}, one letter per family names that family's child and no other child`, async () => {
      for (const child of children) {
        const { file } = make('parents', lang, { family: child.id }, `parents-${lang}-${child.id}`);
        const texts = [poppler(file), (await pdfjs(file)).join('\n')];
        for (const text of texts) {
          expect(hasWords(text, child.name)).toBe(true);
          for (const other of children.filter((c) => c !== child)) {
            expect(text).not.toContain(other.name.split(' ')[0]!);
            expect(text).not.toContain(other.pseudonym);
          }
          // Nothing typed about the facts: it names the others.
          expect(text).not.toContain('instagram');
        }
      }
    });

  for (const lang of LANGS)
    it(`in ${lang}, it gives the helpline's site, telephone and WhatsApp hours, the school contact, what the school does, what the parents can do, and 19 and 177`, async () => {
      const { file } = make('parents', lang, { contact: 'Mme Chraibi' }, `parents-${lang}-contact`);
      const hours = { ar: 'من الاثنين إلى الجمعة', fr: 'du lundi au vendredi', en: 'Monday to Friday' }[lang];
      for (const text of [poppler(file), (await pdfjs(file)).join('\n')]) {
        for (const phrase of [
          'https://www.cyberconfiance.ma/helpline',
          '+212 6 24 40 58 89',
          hours,
          'Mme Chraibi',
          t(lang, 'parentsDoing'),
          t(lang, 'parentsCanDo'),
          t(lang, 'parentsOutside'),
          'Espace Maroc Cyberconfiance'.slice(0, lang === 'ar' ? 0 : 27),
        ].filter(Boolean))
          expect(hasWords(text, phrase), `${phrase}`).toBe(true);
        expect(hasWords(text, '19')).toBe(true);
        expect(hasWords(text, '177')).toBe(true);
      }
    });

  it('every scenario’s letter, in every language, fits on one page', () => {
    const dirName = 'protocol/scenarios';
    for (const name of readdirSync(dirName).filter((f) => f.endsWith('.json')))
      for (const lang of LANGS) {
        const { scenario, snapshot } = loadScenario(JSON.parse(readFileSync(join(dirName, name), 'utf8')));
        const events = scenario.steps.map((s) => ({ at: s.event.at, by: s.event.by, event: s.event }));
        const pdf = buildPdf('parents', { lang, caseRef: scenario.id.toUpperCase(), snapshot, events, school: 'Lycée Ibn Sina', generatedAt: events.at(-1)!.at, calendar: DEFAULT_CALENDAR, redact: false, contact: 'Mme Chraibi' }, fonts);
        expect(pdf.getNumberOfPages(), `${name} ${lang}`).toBe(1);
      }
  });

  it('redacted, the letter names the child by placeholder only', async () => {
    const { file } = make('parents', 'fr', { redact: true }, 'parents-fr-redacted');
    const text = poppler(file);
    expect(text).not.toContain('Salma');
    expect(hasWords(text, 'Pupil S')).toBe(true);
  });
});
