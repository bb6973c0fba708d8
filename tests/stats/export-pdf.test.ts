// The PDF of the export to the AREF, read back with pdftotext (poppler): every published figure is in it, no
// figure that was not published, the rules it applied, and nothing of any child.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../machines/scenario';
import type { Language } from '../../protocol/languages';
import { nodeFonts } from '../../scripts/pdf-cli';
import { buildExportPdf } from '../../src/pdf/stats-export';
import type { PublishedExport } from '../../src/pdf/stats-export';
import { statsExportText } from '../../src/pdf/stats-export-text';
import { drawnText } from '../../src/pdf/text-layout';
import { aggregate } from '../../src/stats/aggregate';
import type { ExactCounts } from '../../src/stats/aggregate';
import { buildExport, toJson } from '../../src/stats/export';
import type { StatsExport } from '../../src/stats/export';
import { catalogExportPdfLabels } from '../../src/statistics-ui/export-labels-catalogs';
import { calendar, counted, period } from './generators';

const T1 = period('2026-2027-T1');
const AT = '2027-09-10T10:00:00Z';
const fonts = nodeFonts();
const dir = mkdtempSync(join(tmpdir(), 'sanad-stats-export-pdf-'));
const LANGS: Language[] = ['ar', 'fr', 'en'];

const SCENARIOS = 'protocol/scenarios';
const scenarioFiles = readdirSync(SCENARIOS).filter((f) => f.endsWith('.json')).sort();
const scenarioEvents = scenarioFiles.map((f) => loadScenario(JSON.parse(readFileSync(join(SCENARIOS, f), 'utf8'))).scenario.steps.map((s) => s.event));
/** The scenario library, one case per file, as the CLI counts it: 15 cases, mostly "<10" and withheld. */
const libraryExact = aggregate(scenarioEvents.map((events) => ({ events })), T1, 'training', calendar);

/** Names, pseudonyms, class names, accounts and the report's words in the library: none may reach the paper. */
const canaries = (() => {
  const out = new Set<string>();
  for (const events of scenarioEvents) {
    for (const e of events as unknown as Record<string, unknown>[]) {
      for (const k of ['name', 'pseudonym', 'className', 'accountHandle', 'summary']) if (typeof e[k] === 'string' && (e[k] as string).trim().length >= 4) out.add((e[k] as string).trim());
    }
  }
  return [...out];
})();

const base = { cycle: 'lowerSecondary', typologyGroup: 'verbalSocial', maxSeverity: '2', hardTrigger: 'no', track: 'A', outcome: 'open', referralChannel: 'none', daysToTriage: 'd0' };
const fact = (over: Partial<typeof base> = {}) => ({ reportedAt: '2026-11-10T09:00:00Z', values: { ...base, ...over } });
const many = (n: number, over: Partial<typeof base> = {}) => Array.from({ length: n }, () => fact(over));
/** A larger school: rounded figures, "<10" cells and published two-way tables. */
const schoolFacts = [
  ...many(24),
  ...many(13, { track: 'B', typologyGroup: 'identityPrivacy', maxSeverity: '3', outcome: 'RESOLVED' }),
  ...many(7, { cycle: 'upperSecondary', typologyGroup: 'sexual', maxSeverity: '4', hardTrigger: 'yes', referralChannel: 'childProtection', track: 'B', daysToTriage: 'd1' }),
  ...many(11, { cycle: 'primary', outcome: 'RESOLVED', daysToTriage: 'd2to5', maxSeverity: '1' }),
  ...many(3, { typologyGroup: 'threatsHate', maxSeverity: '3', referralChannel: 'helpline', outcome: 'NOT_BULLYING' }),
];
const schoolExact = counted(schoolFacts, T1, 'school-a');

/** The PDF from the export's JSON file (what leaves the school), never from the counts. */
function pdfOf(ex: StatsExport, lang: Language, name: string) {
  const published = JSON.parse(toJson(ex)) as PublishedExport;
  const doc = buildExportPdf(published, lang, catalogExportPdfLabels(lang), fonts);
  const bytes = Buffer.from(doc.output('arraybuffer'));
  const file = join(dir, `${name}-${lang}.pdf`);
  writeFileSync(file, bytes);
  // pdftotext writes each right-to-left line between embedding controls: its own markup, removed.
  const text = execFileSync('pdftotext', [file, '-']).toString('utf8').normalize('NFKC').replace(/[\u202a-\u202e\u2066-\u2069\u200e\u200f]/g, '');
  return { bytes, text, lines: text.split('\n').map((l) => l.trim()).filter(Boolean), drawn: drawnText(doc).flat() };
}

/** Compared without spaces or direction marks (a sentence may wrap anywhere). */
const squash = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/[\u200b\u200c\u200e\u200f\u202a-\u202e\u2066-\u2069\s]/g, '')
    // Extraction moves neutral marks around a left-to-right run in an Arabic line: ( ) " : are left out.
    .replace(/[()":]/g, '');
const FIGURE = /^(<10|\d+)$/;
const bareFigures = (lines: readonly string[]) => lines.map((l) => l.replace(/[\u2066-\u2069]/g, '').trim()).filter((l) => FIGURE.test(l));
const published = (ex: StatsExport) => ex.cells.filter((c) => c.flag !== 'withheld').map((c) => c.value);
/** Exact counts of the cells published as "<10" (1 to 9 each): none of them may be printed. */
function suppressedExact(ex: StatsExport, exact: ExactCounts): number[] {
  const out: number[] = [];
  for (const c of ex.cells.filter((x) => x.flag === 'suppressed')) {
    if (c.dim1 === '') out.push(exact.total);
    else if (c.dim2 === '' && !c.val1.includes('+')) {
      const d = exact.dimensions.find((x) => x.id === c.dim1);
      const i = d?.values.indexOf(c.val1) ?? -1;
      const n = exact.oneWay[c.dim1]?.[i];
      if (n !== undefined) out.push(n);
    }
  }
  return out;
}
const count = <T,>(xs: readonly T[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<T, number>());

const library = buildExport(libraryExact, AT, calendar);
const school = buildExport(schoolExact, AT, calendar);

describe('the export to the AREF as a PDF', () => {
  it('the exports tested have rounded, "<10", zero and withheld figures, and two-way tables', () => {
    const flags = new Set([...library.cells, ...school.cells].map((c) => c.flag));
    expect([...flags].sort()).toEqual(['rounded', 'suppressed', 'withheld', 'zero']);
    expect(school.cells.some((c) => c.dim2 !== '')).toBe(true);
    expect(suppressedExact(library, libraryExact).length).toBeGreaterThan(5);
    expect(canaries.length).toBeGreaterThan(20);
  });

  for (const lang of LANGS) {
    for (const [name, ex, exact] of [
      ['library', library, libraryExact],
      ['school', school, schoolExact],
    ] as const) {
      it(`prints every published figure and no other, with the rules applied (${lang}, ${name})`, () => {
        const { text, lines, drawn } = pdfOf(ex, lang, name);
        // Every figure drawn on its own (a table cell, a bar's value) is a published one: 0, "<10" or a rounded
        // figure of at least 10; each published cell is drawn (margins twice: chart and table).
        const figures = bareFigures(drawn);
        for (const f of figures) expect(f).toMatch(/^(0|<10|[1-9]\d*[05])$/);
        const drawnCount = count(figures);
        for (const [value, n] of count(published(ex))) expect(drawnCount.get(value) ?? 0, `figure ${value}`).toBeGreaterThanOrEqual(n);
        // Read back by pdftotext: the same figures, "<10" for the suppressed cells, never a count from 1 to 9.
        const extracted = bareFigures(lines);
        for (const f of extracted) expect(f).toMatch(/^(0|<10|[1-9]\d*[05])$/);
        for (const value of new Set(published(ex))) expect(extracted, `figure ${value}`).toContain(value);
        expect(extracted.filter((f) => f === '<10').length).toBeGreaterThanOrEqual(ex.cells.filter((c) => c.flag === 'suppressed').length);
        for (const n of suppressedExact(ex, exact)) expect(extracted).not.toContain(String(n));
        // The withheld ones say so, and the rules are stated.
        if (ex.cells.some((c) => c.flag === 'withheld')) expect(lines).toContain(statsExportText(lang, 'withheld'));
        for (const key of ['title', 'rulesTitle', 'ruleSmall', 'ruleRounding', 'ruleFew', 'ruleMerging', 'ruleSuppression', 'ruleSource'] as const) {
          expect(squash(text)).toContain(squash(statsExportText(lang, key)));
        }
        expect(text).toContain(ex.period.id);
        for (const c of canaries) expect(squash(text)).not.toContain(squash(c));
      });
    }
  }

  it('says so when the period had no case, or fewer than 10', () => {
    const empty = pdfOf(buildExport(counted([], T1), AT, calendar), 'fr', 'empty');
    expect(squash(empty.text)).toContain(squash(statsExportText('fr', 'empty')));
    const few = pdfOf(buildExport(counted(many(4), T1), AT, calendar), 'ar', 'few');
    expect(squash(few.text)).toContain(squash(statsExportText('ar', 'fewCases')));
    expect(bareFigures(few.lines)).toEqual(['<10']);
    expect(few.text).not.toMatch(/(^|\n)4(\n|$)/);
  });

  it('depends on the published cells only: other exact counts with the same published cells give the same file', () => {
    // One more primary-school case (11 → 12): each figure it touches stays "<10" or rounds to the same multiple of 5.
    const other = buildExport(counted([...schoolFacts, fact({ cycle: 'primary', outcome: 'RESOLVED', daysToTriage: 'd2to5', maxSeverity: '1' })], T1, 'school-a'), AT, calendar);
    expect(other.cells).toEqual(school.cells);
    expect(pdfOf(other, 'en', 'other').bytes.equals(pdfOf(school, 'en', 'school-again').bytes)).toBe(true);
  });
});
