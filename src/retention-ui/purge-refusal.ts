import type { Hold } from '../../protocol/retention';
import { StorageError } from '../storage/errors';

/**
 * What the purge form says when a purge did not happen: the rule that refused it (decision 0021: an open case,
 * a hold, a kept period not over; the device's clock rules), or why nothing was deleted.
 */
export type PurgeProblem =
  | { kind: 'open' }
  | { kind: 'held'; holds: readonly Hold[] }
  | { kind: 'notDue' }
  /** Team sync is on: its copies would bring the case back (purges do not travel by sync yet). */
  | { kind: 'synced' }
  /** The device's date is earlier than the newest write the vault knows (a local date): its clock is behind. */
  | { kind: 'clockBehind'; newest: string | null }
  /** The device's date is far past the newest write, and the date the head confirmed is not the purge's. */
  | { kind: 'dateUnconfirmed'; newest: string | null }
  /** A rule this version has no sentence for: named as storage names it. */
  | { kind: 'rule'; rule: string; detail: Readonly<Record<string, unknown>> }
  | { kind: 'altered' }
  | { kind: 'gone' }
  | { kind: 'busy' }
  | { kind: 'failed' };

/** A refusal by purgeCase (`PurgeRefused`), read by shape: the class lives with the purge, loaded on demand. */
function refusedRule(err: unknown): { rule: string; holds: readonly Hold[]; newest: string | null; detail: Readonly<Record<string, unknown>> } | null {
  if (!(err instanceof StorageError) || err.problem !== 'notAllowed') return null;
  const e = err as StorageError & { rule?: unknown; holds?: unknown; newest?: unknown };
  if (typeof e.rule !== 'string') return null;
  const detail = e.detail && typeof e.detail === 'object' ? (e.detail as Record<string, unknown>) : {};
  const newest = typeof e.newest === 'string' ? e.newest : typeof detail.newest === 'string' ? detail.newest : null;
  return { rule: e.rule, holds: Array.isArray(e.holds) ? (e.holds as Hold[]) : [], newest: newest && /^\d{4}-\d{2}-\d{2}$/.test(newest) ? newest : null, detail };
}

export function purgeProblem(err: unknown): PurgeProblem {
  const refused = refusedRule(err);
  if (refused) {
    if (refused.rule === 'open') return { kind: 'open' };
    if (refused.rule === 'held') return { kind: 'held', holds: refused.holds };
    if (refused.rule === 'notDue') return { kind: 'notDue' };
    if (refused.rule === 'synced') return { kind: 'synced' };
    if (refused.rule === 'clockBehind' || refused.rule === 'dateUnconfirmed') return { kind: refused.rule, newest: refused.newest };
    return { kind: 'rule', rule: refused.rule, detail: refused.detail };
  }
  if (err instanceof StorageError) {
    if (err.problem === 'altered' || err.problem === 'damaged') return { kind: 'altered' };
    if (err.problem === 'caseNotFound') return { kind: 'gone' };
    if (err.problem === 'busy') return { kind: 'busy' };
  }
  return { kind: 'failed' };
}
