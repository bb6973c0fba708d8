import type { Disclosed } from './disclosure';

/**
 * Which exports a school may issue. Two exports covering the same cases differently, both kept by the AREF, let
 * anyone subtract one from the other:
 *  - a period that overlaps one already issued is refused (a year minus its first term gives the second term's
 *    small counts, unprotected);
 *  - a period is issued again with other published figures only as a correction, asked for as such: it replaces
 *    the earlier export (the same file names; the register keeps the new digest), and the school is told to have
 *    the AREF destroy the earlier files, since the two side by side would name a late case's categories by
 *    difference (docs/decisions/0019). Without that request, the earlier export stands.
 * A period is also exported only once it has ended (`periodEnded` in period.ts), so the figures do not move.
 */

export interface IssuedPeriod {
  school: string;
  /** Period id, e.g. `2026-2027-T1`. */
  id: string;
  /** Inclusive local dates. */
  from: string;
  to: string;
  /** `exportDigest` of what was published. */
  digest: string;
}

export type IssueDecision =
  /** `correction`: the figures differ from the export it replaces (issued as a correction, asked for). */
  | { ok: true; replaces: IssuedPeriod | undefined; correction?: true }
  | { ok: false; code: 'overlap'; overlapsWith: IssuedPeriod }
  | { ok: false; code: 'changed'; earlier: IssuedPeriod };

type Published = Pick<Disclosed, 'cells' | 'merges' | 'withheldTables' | 'empty'>;

/**
 * The text digested: everything published about the counts (cells, merges, withheld tables, emptiness) in a fixed
 * order, not the generation time. Its bytes (UTF-8) must never change within sanad-stats/1: the registers of
 * issued exports hold digests of it.
 */
export function exportCanonical(d: Published): string {
  const canonical = {
    cells: d.cells.map((c) => [c.dim1, c.val1, c.dim2, c.val2, c.value, c.flag, c.percent ?? null]),
    merges: d.merges.map((m) => [m.dim, ...m.values]),
    withheldTables: d.withheldTables.map((t) => [t.reason, ...t.dims]),
    empty: d.empty,
  };
  return JSON.stringify(canonical);
}

/**
 * SHA-256 (hex) of `exportCanonical(d)`, by the platform's Web Crypto (browsers, workers and Node 20 alike):
 * asynchronous, like every Web Crypto call. Checked against node:crypto in tests/stats/digest.test.ts.
 */
export async function exportDigest(d: Published): Promise<string> {
  const hash = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(exportCanonical(d)));
  return Array.from(new Uint8Array(hash), (b) => b.toString(16).padStart(2, '0')).join('');
}

const overlaps = (a: Pick<IssuedPeriod, 'from' | 'to'>, b: Pick<IssuedPeriod, 'from' | 'to'>) => a.from <= b.to && b.from <= a.to;

/**
 * Pure: decides over the list of periods the school already issued (any order; other schools' are ignored).
 * `correction`: the school asks to replace an earlier export of the same period with other figures.
 */
export function checkIssue(previous: readonly IssuedPeriod[], next: IssuedPeriod, opts: { correction?: boolean } = {}): IssueDecision {
  const mine = previous.filter((p) => p.school === next.school);
  const same = mine.find((p) => p.id === next.id);
  if (same && (same.from !== next.from || same.to !== next.to)) {
    // The calendar changed since the first issue: the "same" period now covers other days, which is an overlap.
    return { ok: false, code: 'overlap', overlapsWith: same };
  }
  const clash = mine.find((p) => p.id !== next.id && overlaps(p, next));
  if (clash) return { ok: false, code: 'overlap', overlapsWith: clash };
  // Several registered issues of one period can only come from a hand-made register: each must match.
  const differing = mine.find((p) => p.id === next.id && p.digest !== next.digest);
  if (differing && !opts.correction) return { ok: false, code: 'changed', earlier: differing };
  return differing ? { ok: true, replaces: differing, correction: true } : { ok: true, replaces: same };
}

/** The register after issuing `next` (checked with `checkIssue` first): the earlier issue of the same period is dropped. */
export function registerIssue(previous: readonly IssuedPeriod[], next: IssuedPeriod, opts: { correction?: boolean } = {}): IssuedPeriod[] {
  const decision = checkIssue(previous, next, opts);
  if (!decision.ok) {
    throw new Error(decision.code === 'overlap' ? `period ${next.id} overlaps ${decision.overlapsWith.id}` : `period ${next.id} was issued with other figures`);
  }
  return [...previous.filter((p) => !(p.school === next.school && p.id === next.id)), next];
}
