import { replayRecorded } from '../../machines/replay';
import type { CaseSnapshot, Departure } from '../../machines/replay';
import type { Refusal } from '../../protocol/refusals';
import type { SyncedEvent } from './sync-doc';

/**
 * Merging the events of a case received from the team into the case's log (docs/decisions/0018-team-sync.md).
 * - By event id: an id already held is a no-op, so applying the same document twice changes nothing.
 * - Each device's events stay in the order it recorded them (its `seq`); devices are interleaved by `at`, ties by
 *   event id. The order depends only on the set of events, never on the order they arrived in nor on how a device
 *   labels the authors (the vault knows its own events without its fingerprint), so two devices that hold the
 *   same events hold the same log.
 * - The merged log is replayed as recorded: an event the protocol refuses that the merge brought in (both closed
 *   the case; a closure raced a new trigger) puts the case in "needs review" with both events and the reason.
 *   Nothing is dropped.
 */

export interface Review {
  /** The event the protocol refuses in the merged log. */
  refused: SyncedEvent;
  /** The nearest earlier event of the merged log recorded on another device: the one it most likely raced. */
  raced: SyncedEvent | null;
  refusal: Refusal;
}

/** An id held twice with different contents: never expected from honest devices; the copy already held is kept. */
export interface Collision {
  eventId: string;
  kept: SyncedEvent;
  other: SyncedEvent;
}

export interface MergeResult {
  /** The whole log, in merged order. */
  events: SyncedEvent[];
  /** Ids the local log did not hold. */
  added: string[];
  collisions: Collision[];
  status: 'ok' | 'needsReview';
  reviews: Review[];
  snapshot: CaseSnapshot;
  departures: Departure[];
}

const sameContent = (a: SyncedEvent, b: SyncedEvent) => JSON.stringify([a.caseId, a.author, a.seq, a.event]) === JSON.stringify([b.caseId, b.author, b.seq, b.event]);

/**
 * The order of the merged log: each device's own order kept, devices interleaved by time, then by event id.
 * `notBefore` (the time of the case's first event as the device holds it): an event dated earlier is placed as if
 * dated then, after the events truly dated then, so no event can be moved before the report by backdating it
 * (it is flagged for review where it is received; decision 0018, "Dates a member chose").
 */
export function mergeOrder(events: readonly SyncedEvent[], notBefore?: string): SyncedEvent[] {
  const floor = notBefore === undefined ? -Infinity : Date.parse(notBefore);
  const byAuthor = new Map<string, SyncedEvent[]>();
  for (const e of events) byAuthor.set(e.author, [...(byAuthor.get(e.author) ?? []), e]);
  const queues = [...byAuthor.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, list]) => list.sort((x, y) => x.seq - y.seq || (x.eventId < y.eventId ? -1 : x.eventId > y.eventId ? 1 : 0)));
  const out: SyncedEvent[] = [];
  const heads = queues.map(() => 0);
  for (;;) {
    let best = -1;
    let bestAt = Infinity;
    let bestId = '';
    let bestClamped = 0;
    queues.forEach((q, i) => {
      const head = q[heads[i]!];
      if (!head) return;
      // Ties by event id (unique in a case), not by author: a vault labels its own events without its fingerprint
      // (src/storage/sync-order.ts), and the order must not depend on labels.
      const dated = Date.parse(head.event.at);
      const at = Math.max(dated, floor);
      const clamped = dated < floor ? 1 : 0;
      if (best === -1 || at < bestAt || (at === bestAt && (clamped < bestClamped || (clamped === bestClamped && head.eventId < bestId)))) {
        best = i;
        bestAt = at;
        bestClamped = clamped;
        bestId = head.eventId;
      }
    });
    if (best === -1) return out;
    out.push(queues[best]![heads[best]!]!);
    heads[best] = heads[best]! + 1;
  }
}

function departuresOf(log: readonly SyncedEvent[], caseId: string): { snapshot: CaseSnapshot; departures: Departure[] } {
  return replayRecorded(
    log.map((e) => e.event),
    caseId,
  );
}

/** Merges `received` into `local` (the case's current log, with authors and per-device counters). */
export function mergeCase(caseId: string, local: readonly SyncedEvent[], received: readonly SyncedEvent[], opts: { notBefore?: string } = {}): MergeResult {
  for (const e of [...local, ...received]) if (e.caseId !== caseId) throw new RangeError(`event ${e.eventId} belongs to another case`);
  const held = new Map<string, SyncedEvent>();
  for (const e of local) if (!held.has(e.eventId)) held.set(e.eventId, e);
  const collisions: Collision[] = [];
  const added: string[] = [];
  // Received copies are taken in a fixed order so that which one is kept never depends on arrival order.
  const incoming = [...received].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  for (const e of incoming) {
    const kept = held.get(e.eventId);
    if (!kept) {
      held.set(e.eventId, e);
      added.push(e.eventId);
    } else if (!sameContent(kept, e) && !collisions.some((c) => c.eventId === e.eventId && sameContent(c.other, e))) {
      collisions.push({ eventId: e.eventId, kept, other: e });
    }
  }
  const events = mergeOrder([...held.values()], opts.notBefore);
  // Departures the local log already had were shown before; only those the merge brings in need a review.
  const localLog = mergeOrder([...new Map(local.map((e) => [e.eventId, e])).values()], opts.notBefore);
  const before = new Set(departuresOf(localLog, caseId).departures.map((d) => localLog[d.index]!.eventId));
  const { snapshot, departures } = departuresOf(events, caseId);
  const reviews: Review[] = [];
  for (const d of departures) {
    const refused = events[d.index]!;
    if (before.has(refused.eventId)) continue;
    let raced: SyncedEvent | null = null;
    for (let i = d.index - 1; i >= 0; i--) {
      if (events[i]!.author !== refused.author) {
        raced = events[i]!;
        break;
      }
    }
    reviews.push({ refused, raced, refusal: d.refusal });
  }
  return { events, added: added.sort(), collisions, status: reviews.length ? 'needsReview' : 'ok', reviews, snapshot, departures };
}
