import { PROTOCOL_VERSION } from '../../protocol/version';
import { CASE_MACHINE_VERSION } from '../../machines/case-machine';
import type { ExactCounts } from './aggregate';
import { RULES, disclose } from './disclosure';
import type { Disclosed, PublishedCell } from './disclosure';

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

/** Pure: the whole export (cells, rules applied, versions) from exact counts and the time it is made. */
export function buildExport(exact: ExactCounts, generatedAt: string): StatsExport {
  if (Number.isNaN(Date.parse(generatedAt))) throw new RangeError(`generatedAt must be an ISO time, got "${generatedAt}"`);
  const { id, kind, from, to } = exact.period;
  return {
    format: STATS_FORMAT,
    school: exact.school,
    period: { id, kind, from, to },
    generatedAt,
    versions: { format: STATS_FORMAT, protocol: PROTOCOL_VERSION, caseMachine: CASE_MACHINE_VERSION },
    rules: RULES,
    ...disclose(exact),
  };
}

function csvField(v: string): string {
  // Quote what would break the column; a leading = + - @ is neutralised so a spreadsheet never runs it.
  const safe = /^[=+\-@]/.test(v) ? `'${v}` : v;
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
export function exportFileNames(school: string, periodId: string): { csv: string; json: string } {
  const base = `sanad-stats-${school}-${periodId}`;
  return { csv: `${base}.csv`, json: `${base}.json` };
}
