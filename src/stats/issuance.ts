/**
 * Which exports a school may issue. Two overlapping periods published separately would let anyone subtract one
 * from the other (a year minus its first term gives the second term's small counts, unprotected): a period that
 * overlaps one already issued is refused. Issuing the same period again replaces the earlier export, which is
 * safe only because the new one is a complete re-publication of the same cells.
 */

export interface IssuedPeriod {
  school: string;
  /** Period id, e.g. `2026-2027-T1`. */
  id: string;
  /** Inclusive local dates. */
  from: string;
  to: string;
}

export type IssueDecision =
  | { ok: true; replaces: IssuedPeriod | undefined }
  | { ok: false; code: 'overlap'; overlapsWith: IssuedPeriod };

const overlaps = (a: IssuedPeriod, b: IssuedPeriod) => a.from <= b.to && b.from <= a.to;

/** Pure: decides over the list of periods the school already issued (any order; other schools' are ignored). */
export function checkIssue(previous: readonly IssuedPeriod[], next: IssuedPeriod): IssueDecision {
  const mine = previous.filter((p) => p.school === next.school);
  const same = mine.find((p) => p.id === next.id);
  if (same && (same.from !== next.from || same.to !== next.to)) {
    // The calendar changed since the first issue: the "same" period now covers other days, which is an overlap.
    return { ok: false, code: 'overlap', overlapsWith: same };
  }
  const clash = mine.find((p) => p.id !== next.id && overlaps(p, next));
  if (clash) return { ok: false, code: 'overlap', overlapsWith: clash };
  return { ok: true, replaces: same };
}

/** The register after issuing `next` (checked with `checkIssue` first): the earlier issue of the same period is dropped. */
export function registerIssue(previous: readonly IssuedPeriod[], next: IssuedPeriod): IssuedPeriod[] {
  const decision = checkIssue(previous, next);
  if (!decision.ok) throw new Error(`period ${next.id} overlaps ${decision.overlapsWith.id}`);
  return [...previous.filter((p) => !(p.school === next.school && p.id === next.id)), next];
}
