/**
 * The statistics export (sanad-stats/1) from scenario files, for trainers and tests:
 *   npm run stats -- --scenarios DIR --period 2026-2027-T1 --out DIR [--lang ar|fr|en] [--school ID] [--generated-at ISO]
 * Each scenario is one case. Writes the CSV, the JSON and the PDF (drawn from the JSON's published cells) into DIR. The register of issued periods is the exports
 * of that school already in DIR (the app will keep its own register per school): a period that has not ended,
 * one overlapping an issued one, or one issued before with other figures is refused; issuing a period again with
 * the same figures rewrites the same files (src/stats/issuance.ts). Exit 0 when written, 1 when refused, 2 on usage.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SCHOOL_CALENDAR } from '../protocol/calendar';
import { LANGUAGES } from '../protocol/languages';
import type { Language } from '../protocol/languages';
import { ScenarioError, loadScenario } from '../machines/scenario';
import { aggregate } from '../src/stats/aggregate';
import { buildExport, exportFileNames, normaliseGeneratedAt, SCHOOL_ID, STATS_FORMAT, toCsv, toJson } from '../src/stats/export';
import { checkIssue, exportDigest } from '../src/stats/issuance';
import type { IssuedPeriod } from '../src/stats/issuance';
import { publishedCount, statsMessage } from '../src/stats/messages';
import type { MessageId } from '../src/stats/messages';
import { nextDay, parsePeriod, periodEnded } from '../src/stats/period';
import type { Disclosed } from '../src/stats/disclosure';
import { buildExportPdf } from '../src/pdf/stats-export';
import type { PublishedExport } from '../src/pdf/stats-export';
import { catalogExportPdfLabels } from '../src/statistics-ui/export-labels-catalogs';
import { nodeFonts } from './pdf-cli';

const OPTIONS = ['--scenarios', '--period', '--out', '--lang', '--school', '--generated-at'] as const;
type Option = (typeof OPTIONS)[number];

/** `--correction`: issue a period again with other figures, replacing the earlier export (docs/decisions/0019). */
function parseArgs(argv: string[]): { opts: Partial<Record<Option, string>>; correction: boolean; bad?: string } {
  const opts: Partial<Record<Option, string>> = {};
  let correction = false;
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i] ?? '';
    if (key === '--correction') {
      correction = true;
      i--;
      continue;
    }
    const value = argv[i + 1];
    if (!(OPTIONS as readonly string[]).includes(key) || value === undefined) return { opts, correction, bad: key };
    opts[key as Option] = value;
  }
  return { opts, correction };
}

/** The periods this school already issued into `out`: the JSON exports found there, with the digest of their figures. */
async function issuedIn(out: string): Promise<IssuedPeriod[]> {
  if (!existsSync(out)) return [];
  const found: IssuedPeriod[] = [];
  for (const f of readdirSync(out).filter((n) => n.endsWith('.json'))) {
    try {
      const doc = JSON.parse(readFileSync(join(out, f), 'utf8')) as Partial<Disclosed> & { format?: unknown; school?: unknown; period?: { id?: unknown; from?: unknown; to?: unknown } };
      if (doc.format !== STATS_FORMAT || typeof doc.school !== 'string' || !doc.period) continue;
      const { id, from, to } = doc.period;
      if (typeof id !== 'string' || typeof from !== 'string' || typeof to !== 'string') continue;
      const digest = await exportDigest({ cells: doc.cells ?? [], merges: doc.merges ?? [], withheldTables: doc.withheldTables ?? [], empty: doc.empty === true });
      found.push({ school: doc.school, id, from, to, digest });
    } catch {
      // Not an export of ours: other JSON files in the folder are none of our business.
    }
  }
  return found;
}

/** Where the command's messages go: the console for `npm run stats`, a buffer in tests. */
export interface StatsIo {
  log: (line: string) => void;
  error: (line: string) => void;
}

const CONSOLE: StatsIo = { log: (line) => console.log(line), error: (line) => console.error(line) };

/** `npm run stats` itself: the exit code (0 written, 1 refused, 2 usage); messages go to `io`. */
export async function runStats(argv: string[], io: StatsIo = CONSOLE): Promise<number> {
  const { opts, correction, bad } = parseArgs(argv);
  const langArg = opts['--lang'] ?? 'en';
  const lang: Language = (LANGUAGES as readonly string[]).includes(langArg) ? (langArg as Language) : 'en';
  const say = (id: MessageId, params: Record<string, string | number> = {}) => io.log(statsMessage(lang, id, params));
  const fail = (code: number, id: MessageId, params: Record<string, string | number> = {}) => {
    io.error(statsMessage(lang, id, params));
    return code;
  };
  if (bad !== undefined) {
    io.error(statsMessage(lang, 'unknownOption', { option: bad }));
    return fail(2, 'usage');
  }
  if (langArg !== lang) return fail(2, 'badLang', { lang: langArg });
  for (const required of ['--scenarios', '--period', '--out'] as const) {
    if (opts[required] === undefined) {
      io.error(statsMessage(lang, 'missingOption', { option: required }));
      return fail(2, 'usage');
    }
  }
  const dir = opts['--scenarios'] as string;
  const out = opts['--out'] as string;
  const school = opts['--school'] ?? 'training';
  if (!SCHOOL_ID.test(school)) return fail(2, 'badSchool', { school });
  // The one place the clock is read: the pure export takes the time as a value.
  const timeArg = opts['--generated-at'] ?? new Date().toISOString();
  const generatedAt = normaliseGeneratedAt(timeArg);
  if (generatedAt === undefined) return fail(2, 'badTime', { time: timeArg });

  const calendar = DEFAULT_SCHOOL_CALENDAR;
  const parsed = parsePeriod(opts['--period'] as string, calendar);
  if (!parsed.ok) return fail(1, parsed.problem.code, { ...parsed.problem });
  const period = parsed.period;
  if (!periodEnded(period, generatedAt, calendar)) return fail(1, 'notEnded', { period: period.id, to: period.to, next: nextDay(period.to) });

  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
  if (files.length === 0) return fail(1, 'noScenarios', { dir });
  const histories = [];
  for (const f of files) {
    try {
      const { scenario } = loadScenario(JSON.parse(readFileSync(join(dir, f), 'utf8')));
      histories.push({ events: scenario.steps.map((s) => s.event) });
    } catch (err) {
      if (err instanceof ScenarioError || err instanceof SyntaxError) return fail(1, 'scenarioError', { file: f, detail: err.message });
      throw err;
    }
  }

  const exact = aggregate(histories, period, school, calendar);
  const ex = buildExport(exact, generatedAt, calendar);
  const decision = checkIssue(await issuedIn(out), { school, id: period.id, from: period.from, to: period.to, digest: await exportDigest(ex) }, { correction });
  if (!decision.ok) {
    return decision.code === 'overlap' ? fail(1, 'overlap', { period: period.id, other: decision.overlapsWith.id }) : fail(1, 'changed', { period: period.id });
  }
  mkdirSync(out, { recursive: true });
  const names = exportFileNames(school, period.id);
  writeFileSync(join(out, names.csv), toCsv(ex));
  const json = toJson(ex);
  writeFileSync(join(out, names.json), json);
  // The PDF from the JSON just written: the published cells, nothing else of the counts.
  const published = JSON.parse(json) as PublishedExport;
  writeFileSync(join(out, names.pdf), new Uint8Array(buildExportPdf(published, lang, catalogExportPdfLabels(lang), nodeFonts()).output('arraybuffer')));

  if (decision.correction) say('corrected', { period: period.id });
  else if (decision.replaces) say('replaced', { period: period.id });
  if (ex.empty) say('empty', { period: period.id });
  else if (exact.total < 10) say('fewCases', { period: period.id });
  say('summary', {
    // The published total ("<10", or rounded to 5), never the exact count.
    cases: publishedCount(ex.cells[0]?.value ?? ''),
    shown: ex.cells[0]?.value ?? '',
    files: files.length,
    period: period.id,
    cells: ex.cells.length,
    suppressed: ex.cells.filter((c) => c.flag === 'suppressed').length,
    withheld: ex.cells.filter((c) => c.flag === 'withheld').length,
    tables: ex.withheldTables.length,
  });
  say('written', { file: join(out, names.csv) });
  say('written', { file: join(out, names.json) });
  say('written', { file: join(out, names.pdf) });
  return 0;
}

