import { checkIssue, exportDigest, registerIssue } from '../stats/issuance';
import type { IssuedPeriod } from '../stats/issuance';
import type { Disclosed } from '../stats/disclosure';
import { statsMessage } from '../stats/messages';
import type { Period } from '../stats/period';
import type { Language } from '../../protocol/languages';

/** The setting that holds the school's register of issued exports (sealed in the vault like every setting). */
export const ISSUED_KEY = 'stats.issued';

export type IssueOutcome = { ok: true; register: IssuedPeriod[]; correction?: true } | { ok: false; message: string; code: 'overlap' | 'changed' };

/**
 * Whether the app may hand this export out, given the periods the school already issued: the same rules as the
 * CLI (docs/decisions/0019), with the register kept in the vault instead of an output folder. On success, the
 * register to save before the files are offered, so a download never happens without its record.
 */
export async function issueExport(
  register: readonly IssuedPeriod[],
  exported: Pick<Disclosed, 'cells' | 'merges' | 'withheldTables' | 'empty'>,
  period: Period,
  school: string,
  lang: Language,
  opts: { correction?: boolean } = {},
): Promise<IssueOutcome> {
  const next: IssuedPeriod = { school, id: period.id, from: period.from, to: period.to, digest: await exportDigest(exported) };
  const decision = checkIssue(register, next, opts);
  if (decision.ok) return { ok: true, register: registerIssue(register, next, opts), ...(decision.correction ? { correction: true as const } : {}) };
  return decision.code === 'overlap'
    ? { ok: false, code: 'overlap', message: statsMessage(lang, 'overlap', { period: period.id, other: decision.overlapsWith.id }) }
    : { ok: false, code: 'changed', message: statsMessage(lang, 'changed', { period: period.id }) };
}
