import { PROTOCOL_VERSION } from '../../protocol/version';
import { CASE_MACHINE_VERSION } from '../../machines/case-machine';
import type { SchoolCalendar } from '../../protocol/calendar';
import type { ExactCounts } from './aggregate';
import { RULES, disclose } from './disclosure';
import type { Disclosed, PublishedCell } from './disclosure';
import { periodEnded } from './period';

/** The format of the export to the AREF and the observatory (issue 17). */
export const STATS_FORMAT = 'sanad-stats/1';
export const CSV_COLUMNS = ['period', 'school', 'dim1', 'val1', 'dim2', 'val2', 'value', 'flag'] as const;

export interface StatsExport extends Disclosed {
  format: typeof STATS_FORMAT;
  school: string;
  period: { id: string; kind: 'year' | 'term'; from: string; to: string };
  /** Passed in by the caller: pure code never reads the clock. */
  generatedAt: string;
  versions: { format: typeof STATS_FORMAT; protocol: string; caseMachine: number };
  rules: typeof RULES;
}

/** A school id: lowercase letters, digits and dashes, not starting with a dash (it goes into file names and cells). */
export const SCHOOL_ID = /^[a-z0-9][a-z0-9-]*$/;
/** An ISO 8601 UTC time, to the minute at least (no words, no offsets: nothing free-form reaches the file). */
export const GENERATED_AT = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?Z$/;

/** The generation time as stored (`toISOString()`), or undefined when it is not a real UTC ISO time. */
export function normaliseGeneratedAt(input: string): string | undefined {
  if (!GENERATED_AT.test(input)) return undefined;
  const d = new Date(input);
  if (Number.isNaN(d.getTime())) return undefined;
  const iso = d.toISOString();
  // A day that does not exist (30 February) rolls over in Date: refuse it rather than move it.
  return iso.slice(0, 16) === input.slice(0, 16) ? iso : undefined;
}

function checkSchool(school: string): void {
  if (!SCHOOL_ID.test(school)) throw new RangeError(`the school id must match ${SCHOOL_ID.source}, got ${JSON.stringify(school)}`);
}

/**
 * Pure: the whole export (cells, rules applied, versions) from exact counts and the time it is made. Refuses a
 * school id or a time that is not in its strict form, and a period that has not ended at `generatedAt` in the
 * school calendar (a later export of it would differ, and the difference would tell the cases in between).
 */
export function buildExport(exact: ExactCounts, generatedAt: string, calendar: SchoolCalendar): StatsExport {
  checkSchool(exact.school);
  const at = normaliseGeneratedAt(generatedAt);
  if (at === undefined) throw new RangeError(`generatedAt must be an ISO UTC time (YYYY-MM-DDTHH:MM[:SS[.sss]]Z), got ${JSON.stringify(generatedAt)}`);
  const { id, kind, from, to } = exact.period;
  if (!periodEnded(exact.period, at, calendar)) throw new RangeError(`the period ${id} ends on ${to}: it can be exported from the next day on`);
  return {
    format: STATS_FORMAT,
    school: exact.school,
    period: { id, kind, from, to },
    generatedAt: at,
    versions: { format: STATS_FORMAT, protocol: PROTOCOL_VERSION, caseMachine: CASE_MACHINE_VERSION },
    rules: RULES,
    ...disclose(exact),
  };
}

export function csvField(v: string): string {
  // Quote what would break the column; a leading = + - @ tab or carriage return is neutralised so a spreadsheet
  // never runs it as a formula.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** UTF-8 text with a byte order mark (spreadsheets in Arabic and French locales then read it right), CRLF lines. */
export function toCsv(ex: StatsExport): string {
  const line = (c: PublishedCell) => [ex.period.id, ex.school, c.dim1, c.val1, c.dim2, c.val2, c.value, c.flag].map(csvField).join(',');
  return `\uFEFF${[CSV_COLUMNS.join(','), ...ex.cells.map(line)].join('\r\n')}\r\n`;
}

export function toJson(ex: StatsExport): string {
  return `${JSON.stringify(ex, null, 2)}\n`;
}

/** File names of a school's export for a period: issuing the period again writes the same names (replaces). */
export function exportFileNames(school: string, periodId: string): { csv: string; json: string; pdf: string } {
  checkSchool(school);
  if (!/^\d{4}-\d{4}(-T\d{1,2})?$/.test(periodId)) throw new RangeError(`not a period id: ${JSON.stringify(periodId)}`);
  const base = `sanad-stats-${school}-${periodId}`;
  return { csv: `${base}.csv`, json: `${base}.json`, pdf: `${base}.pdf` };
}
