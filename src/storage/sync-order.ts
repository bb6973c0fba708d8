import type { CaseEvent } from '../../machines/events';
import type { CaseSnapshot, Departure } from '../../machines/replay';
import { TRIGGER_IDS } from '../../protocol/triggers';
import { hasHardTrigger } from '../../machines/facts';
import { mergeOrder } from '../sync/merge';
import type { SyncedEvent } from '../sync/sync-doc';

/**
 * Where a case's events come from, and the order its log is replayed in, once team sync brings in events of other
 * devices (docs/decisions/0018-team-sync.md, "The log on a device").
 *
 * Rows stay append-only in arrival order (the vault's hash chain and ledger anchor count them so). A row received
 * by sync carries `from = sync:<author fingerprint>:<author seq>`, bound into its AAD like a transfer's sender, so
 * the author and the author's counter cannot be changed without the row no longer opening. A row without `from`
 * was recorded on this device: its author is this device, its counter is its rank among this device's rows of
 * the case (rows are never removed or moved, so the rank never changes; it is the `seq` sent to the team).
 */

const PREFIX = 'sync:';
const FROM = /^sync:([0-9A-Z-]{1,40}):(\d{1,9})(?::([A-Za-z0-9_-]{1,100}))?$/;

/**
 * The marker of a received row. Row ids are unique across every case of the vault (the events table's `&id`
 * index), but an event id is only unique within its case: a member can reuse, in another case, the id of an event
 * this vault already holds. Such an event is kept under another row id (`aliasRowId`), its team event id named in
 * the marker (`eventId`), so the emergency it may carry is never refused for the clash (decision 0018).
 */
export const syncFrom = (author: string, seq: number, eventId?: string) => `${PREFIX}${author}:${seq}${eventId ? `:${eventId}` : ''}`;

export function parseSyncFrom(from: string | undefined): { author: string; seq: number; eventId?: string } | null {
  const m = from === undefined ? null : FROM.exec(from);
  return m ? { author: m[1]!, seq: Number(m[2]), ...(m[3] ? { eventId: m[3] } : {}) } : null;
}

/** The team's event id of a row: its row id, unless the row was kept under an alias. */
export const eventIdOf = (row: { id: string; from?: string }): string => parseSyncFrom(row.from)?.eventId ?? row.id;

/** The row id an event whose id another case's row already holds is kept under in case `caseId`. */
export const aliasRowId = (caseId: string, eventId: string, attempt: number) => `${eventId}~${caseId}~${attempt}`;

/** This device's own events are labelled so: the merge order does not depend on labels (src/sync/merge.ts). */
export const OWN = '';

/** The author and author counter of each row, in row (arrival) order. */
export function authorsOf(rows: readonly { from?: string }[]): { author: string; seq: number }[] {
  const counters = new Map<string, number>();
  return rows.map((r) => {
    const synced = parseSyncFrom(r.from);
    if (synced) return { author: synced.author, seq: synced.seq };
    // Recorded here (no `from`) or received by transfer (its sender's key): each counted in its own order.
    const author = r.from ?? OWN;
    const seq = counters.get(author) ?? 0;
    counters.set(author, seq + 1);
    return { author, seq };
  });
}

/** True when some row came by team sync: the log is then replayed in the merge order. */
export const holdsSyncedRows = (rows: readonly { from?: string }[]) => rows.some((r) => parseSyncFrom(r.from) !== null);

/**
 * The case's events in the order the team's devices all replay them (src/sync/merge.ts), given in row order. A case
 * no event of which came by sync keeps its row order, exactly as before sync existed.
 */
export function logOrder<T extends { id: string; from?: string; event: CaseEvent }>(caseId: string, records: readonly T[]): T[] {
  if (!holdsSyncedRows(records)) return [...records];
  const authors = authorsOf(records);
  const byId = new Map(records.map((r) => [eventIdOf(r), r]));
  const synced: SyncedEvent[] = records.map((r, i) => ({ caseId, eventId: eventIdOf(r), author: authors[i]!.author, seq: authors[i]!.seq, event: r.event }));
  // The first row this device holds (the report, as it was created or first received here) bounds how early an
  // event can be placed: backdating cannot move anything before it.
  return mergeOrder(synced, records[0]?.event.at).map((e) => byId.get(e.eventId)!);
}

/**
 * The safety floor of a synced case (decision 0018, "The safety floor"): a hard-trigger "yes" that the merge order
 * turned into a departure (a closure raced it, or a member backdated an event before it) still reads as an
 * emergency needing review, step `emergencyEscalation` and level 4, in the snapshot the app gets and so in the
 * index row the home list reads; so does a case a departure closed while it holds a hard-trigger "yes". The
 * departures themselves are kept for the team to settle. Never plain 'closed'.
 */
export function withSafetyFloor(snapshot: CaseSnapshot, departures: readonly Departure[], events: readonly CaseEvent[]): CaseSnapshot {
  const emergency = departures.some((d) => {
    const e = events[d.index] as { type: string; trigger?: string; answer?: string } | undefined;
    return e?.type === 'trigger.answer' && e.answer === 'yes' && (TRIGGER_IDS as readonly (string | undefined)[]).includes(e.trigger);
  });
  // Or a departure closed a case that holds a hard-trigger "yes" (a closure a member dated or numbered after it).
  const closedOverEmergency = departures.length > 0 && snapshot.context.step === 'closed' && hasHardTrigger(snapshot.context);
  if (!emergency && !closedOverEmergency) return snapshot;
  return { ...snapshot, context: { ...snapshot.context, step: 'emergencyEscalation', level: 4 } };
}
