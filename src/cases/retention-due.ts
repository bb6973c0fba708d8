import { localDate } from '../../protocol/calendar';
import type { SchoolCalendar } from '../../protocol/calendar';
import type { DueCase, DueList } from '../storage/retention-store';

export type DueReason =
  | { key: 'home.retention.review'; vars: { days: number } }
  | { key: 'home.retention.purge.schoolYear' | 'home.retention.purge.targetLeaves' | 'home.retention.purge.ceiling'; vars: { date: string } }
  | { key: 'home.retention.unreadable'; vars: Record<string, never> };

export interface DueItem {
  caseId: string;
  /** purge: the kept period is over (a purge may be asked); review: an open case gone quiet; unreadable: its record cannot be read. */
  due: 'purge' | 'review' | 'unreadable';
  reason: DueReason;
}

/**
 * The last local day a closed case is kept: `purgeFrom` is the local midnight that ends it (endOfLocalDay), which
 * already belongs to the next day.
 */
export const lastKeptDay = (purgeFrom: string, cal: SchoolCalendar) => localDate(new Date(Date.parse(purgeFrom) - 1).toISOString(), cal);

/** Why one case is listed: an open case quiet for `reviewDays` days, or a closed one whose kept period is over (its last day). */
export function dueReason(item: DueCase, reviewDays: number, cal: SchoolCalendar): DueReason {
  const r = item.retention;
  if (r.kind === 'open') return { key: 'home.retention.review', vars: { days: reviewDays } };
  if (r.kind === 'purgeDue' || r.kind === 'kept' || r.kind === 'held') return { key: `home.retention.purge.${r.basis}`, vars: { date: lastKeptDay(r.purgeFrom, cal) } };
  return { key: 'home.retention.unreadable', vars: {} };
}

/** The home list: cases to purge first, then the ones to review, then those whose retention record cannot be read. */
export function dueItems(list: DueList, reviewDays: number, cal: SchoolCalendar): DueItem[] {
  const rank = (i: DueCase) => (i.due === 'purge' ? 0 : 1);
  return [
    ...[...list.due].sort((a, b) => rank(a) - rank(b)).map((i): DueItem => ({ caseId: i.caseId, due: i.due, reason: dueReason(i, reviewDays, cal) })),
    ...list.unreadable.map((caseId): DueItem => ({ caseId, due: 'unreadable', reason: { key: 'home.retention.unreadable', vars: {} } })),
  ];
}
