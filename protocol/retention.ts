import { endOfLocalDay, localDate } from './calendar';
import type { SchoolCalendar } from './calendar';
import type { ChannelId } from './channels';
import type { Role } from './roles';

/**
 * How long a case is kept, as data (docs/decisions/0021-retention.md). Personal data is kept no longer than
 * its purpose needs, then destroyed: the school, as controller, sets these periods; each has a default and the
 * reason for it, shown where the head edits it.
 */
export interface RetentionPolicy {
  /** An open case with no event for this many days is listed for the head to review (it is never purged). */
  openReviewDays: number;
  /**
   * A closed case is kept to the end of this many school years counted from its closure (1: the end of the
   * school year the case closed in), the window in which a relapse reopens it.
   */
  closedSchoolYears: number;
  /** Kept longer while the target is still at the school, but never past the end of this many school years. */
  ceilingSchoolYears: number;
  /** The last day of a school year, MM-DD, local time: the school year turns over the next day. */
  schoolYearLastDay: string;
  /**
   * Years the closure summary (no names, no narratives) is kept for statistics after the case is purged, if the
   * controller adopts a period; null: it is folded into the statistics when the case is purged.
   */
  summaryYears: number | null;
  /** An unsent draft is deleted after this many days (it is also deleted when sent). */
  draftDays: number;
  /** A backup file older than this, with a newer checked backup made since, is to be destroyed. */
  backupDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = {
  openReviewDays: 90,
  closedSchoolYears: 1,
  ceilingSchoolYears: 3,
  schoolYearLastDay: '08-31',
  summaryYears: null,
  draftDays: 30,
  backupDays: 90,
};

/** The bounds a school may set each period within, so a typing slip cannot keep everything or purge at once. */
export const RETENTION_BOUNDS: Readonly<Record<Exclude<keyof RetentionPolicy, 'schoolYearLastDay' | 'summaryYears'>, readonly [number, number]>> = {
  openReviewDays: [14, 365],
  closedSchoolYears: [1, 3],
  ceilingSchoolYears: [1, 6],
  draftDays: [1, 90],
  backupDays: [7, 365],
};
export const SUMMARY_YEARS_MAX = 10;

/** Who may change the periods: the head of school, for the school as controller. */
export const RETENTION_EDITORS: readonly Role[] = ['HEAD'];

/** Referrals that may still need the case file: while one is open, the case is not purged. */
export const LEGAL_HOLD_CHANNELS: readonly ChannelId[] = ['police19', 'gendarmerie177', 'prosecutor', 'eBlagh'];

/** A hold the head recorded on a case, with the reason; lifted when `liftedAt` is set (and by whom, as typed). */
export interface HeadHold {
  at: string;
  by: string;
  reason: string;
  liftedAt?: string;
  liftedBy?: string;
}

/** What the retention rules read of one case (built from its record, never from the screen). */
export interface RetentionFacts {
  /** The time of the case's last event. */
  lastEventAt: string;
  /** When the case was closed, if it is closed now (a reopened case is open). */
  closedAt?: string;
  /** The day the target left or will leave the school (a local date), when the team has recorded it. */
  targetLeavesOn?: string;
  /** Referrals to a channel of `LEGAL_HOLD_CHANNELS` that are not completed or abandoned. */
  openLegalReferrals: readonly ChannelId[];
  /** The head has yet to decide whether to report to the prosecutor (a case that calls for that decision). */
  prosecutorDecisionPending: boolean;
  headHolds: readonly HeadHold[];
}

export type Hold =
  | { kind: 'referral'; channel: ChannelId }
  | { kind: 'prosecutorDecision' }
  | { kind: 'head'; at: string; by: string; reason: string };

/** Why a closed case is kept until its purge date. */
export type KeptUntil = 'schoolYear' | 'targetLeaves' | 'ceiling';

export type Retention =
  | { kind: 'open'; reviewFrom: string; reviewDue: boolean }
  | { kind: 'held'; holds: readonly Hold[]; purgeFrom: string; basis: KeptUntil; targetLeavingKnown: boolean }
  | { kind: 'kept'; purgeFrom: string; basis: KeptUntil; targetLeavingKnown: boolean }
  | { kind: 'purgeDue'; purgeFrom: string; basis: KeptUntil; targetLeavingKnown: boolean };

const DAY_MS = 86_400_000;
const MONTH_DAY = /^\d{2}-\d{2}$/;

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The last day (YYYY-MM-DD) of the school year that `date` falls in. */
export function schoolYearLastDayOf(date: string, lastDay: string): string {
  const year = Number(date.slice(0, 4));
  return date.slice(5) <= lastDay ? `${year}-${lastDay}` : `${year + 1}-${lastDay}`;
}

/** The last day of the n-th school year counted from the one `date` is in (n = 1: that one). */
function nthSchoolYearEnd(date: string, n: number, lastDay: string): string {
  const first = schoolYearLastDayOf(date, lastDay);
  return `${Number(first.slice(0, 4)) + n - 1}${first.slice(4)}`;
}

export function holdsOf(facts: RetentionFacts): Hold[] {
  return [
    ...facts.openLegalReferrals.map((channel): Hold => ({ kind: 'referral', channel })),
    ...(facts.prosecutorDecisionPending ? [{ kind: 'prosecutorDecision' } as const] : []),
    ...facts.headHolds.filter((h) => !h.liftedAt).map((h): Hold => ({ kind: 'head', at: h.at, by: h.by, reason: h.reason })),
  ];
}

/** An open case is due for review once `openReviewDays` whole local days have passed after the day of its last event. */
const reviewFromOf = (lastEventAt: string, policy: RetentionPolicy, cal: SchoolCalendar) => endOfLocalDay(addDays(localDate(lastEventAt, cal), policy.openReviewDays), cal);

/**
 * Where a case stands under the policy at `now`. An open case is kept (listed for review after a quiet spell);
 * a closed one is kept to the end of its school year after closure, or until the target leaves the school if
 * that is later, never past the ceiling; a hold overrides the purge whatever the dates.
 */
export function retentionOf(facts: RetentionFacts, policy: RetentionPolicy, cal: SchoolCalendar, now: string): Retention {
  if (facts.closedAt === undefined) {
    const reviewFrom = reviewFromOf(facts.lastEventAt, policy, cal);
    return { kind: 'open', reviewFrom, reviewDue: Date.parse(now) >= Date.parse(reviewFrom) };
  }
  const closedOn = localDate(facts.closedAt, cal);
  const yearEnd = nthSchoolYearEnd(closedOn, policy.closedSchoolYears, policy.schoolYearLastDay);
  const ceiling = nthSchoolYearEnd(closedOn, policy.ceilingSchoolYears, policy.schoolYearLastDay);
  let lastDay = yearEnd;
  let basis: KeptUntil = 'schoolYear';
  if (facts.targetLeavesOn !== undefined && facts.targetLeavesOn > yearEnd) {
    [lastDay, basis] = facts.targetLeavesOn > ceiling ? [ceiling, 'ceiling'] : [facts.targetLeavesOn, 'targetLeaves'];
  }
  const purgeFrom = endOfLocalDay(lastDay, cal);
  const targetLeavingKnown = facts.targetLeavesOn !== undefined;
  const holds = holdsOf(facts);
  if (holds.length > 0) return { kind: 'held', holds, purgeFrom, basis, targetLeavingKnown };
  return Date.parse(now) >= Date.parse(purgeFrom)
    ? { kind: 'purgeDue', purgeFrom, basis, targetLeavingKnown }
    : { kind: 'kept', purgeFrom, basis, targetLeavingKnown };
}

/**
 * The earliest instant a case can be due (for review if open, for purge if closed), from bounds alone: it opened
 * at `openedAt` and its latest event is at `lastEventAt`. A closed case closed on or after it opened, and its
 * purge date is never before the end of its kept school years from closure (the target's leaving day and the
 * ceiling only push it later), so the end of those years counted from its opening is a lower bound. A list of
 * what is due need only open the cases whose bound has passed (the rules then decide on the whole record).
 */
export function earliestDueFrom(c: { closed: boolean; openedAt: string; lastEventAt: string }, policy: RetentionPolicy, cal: SchoolCalendar): string {
  if (!c.closed) return reviewFromOf(c.lastEventAt, policy, cal);
  return endOfLocalDay(nthSchoolYearEnd(localDate(c.openedAt, cal), policy.closedSchoolYears, policy.schoolYearLastDay), cal);
}

/** An unsent draft saved at `savedAt` is deleted from this instant on. */
export function draftExpiresAt(savedAt: string, policy: RetentionPolicy): string {
  return new Date(Date.parse(savedAt) + policy.draftDays * DAY_MS).toISOString();
}

/** Whether a draft last changed at `savedAt` is past its period at `now` (deleted by the upkeep, not offered). */
export function draftExpired(savedAt: string, policy: RetentionPolicy, now: string): boolean {
  return Date.parse(now) >= Date.parse(draftExpiresAt(savedAt, policy));
}

export interface BackupRecord {
  madeAt: string;
  /** The backup was read back and checked. */
  verified: boolean;
}

/**
 * A backup is to be destroyed once it is older than the policy allows and a newer checked backup exists, so a
 * school is never left without one; or at once, whatever its age, if it holds a case purged since it was made
 * (destroying it is what makes the purge real for that file).
 */
export function backupToDestroy(backup: BackupRecord, all: readonly BackupRecord[], purgesSince: number, policy: RetentionPolicy, now: string): boolean {
  const newerChecked = all.some((b) => b.verified && Date.parse(b.madeAt) > Date.parse(backup.madeAt));
  if (!newerChecked) return false;
  if (purgesSince > 0) return true;
  return Date.parse(now) - Date.parse(backup.madeAt) >= policy.backupDays * DAY_MS;
}

/** A problem with a policy a school typed in: the field, and the i18n key of the message. */
export interface PolicyProblem {
  field: keyof RetentionPolicy;
  key: 'retention.problem.range' | 'retention.problem.ceiling' | 'retention.problem.lastDay';
  min?: number;
  max?: number;
}

function validMonthDay(value: string): boolean {
  if (!MONTH_DAY.test(value)) return false;
  // A day that is not in the calendar rolls over ('04-31' reads as 1 May): it must read back as typed. Checked
  // in a common year, so 29 February, which most years lack, is refused.
  const t = Date.parse(`2023-${value}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(5, 10) === value;
}

/** Every problem with a policy, none if it may be saved. */
export function checkPolicy(policy: RetentionPolicy): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  for (const [field, [min, max]] of Object.entries(RETENTION_BOUNDS) as [keyof typeof RETENTION_BOUNDS, readonly [number, number]][]) {
    const v = policy[field];
    if (!Number.isInteger(v) || v < min || v > max) problems.push({ field, key: 'retention.problem.range', min, max });
  }
  if (policy.summaryYears !== null && (!Number.isInteger(policy.summaryYears) || policy.summaryYears < 1 || policy.summaryYears > SUMMARY_YEARS_MAX)) {
    problems.push({ field: 'summaryYears', key: 'retention.problem.range', min: 1, max: SUMMARY_YEARS_MAX });
  }
  if (policy.ceilingSchoolYears < policy.closedSchoolYears) problems.push({ field: 'ceilingSchoolYears', key: 'retention.problem.ceiling' });
  if (!validMonthDay(policy.schoolYearLastDay)) problems.push({ field: 'schoolYearLastDay', key: 'retention.problem.lastDay' });
  return problems;
}
