import type { CaseEvent } from '../../machines/events';
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
const FROM = /^sync:([0-9A-Z-]{1,40}):(\d{1,9})$/;

export const syncFrom = (author: string, seq: number) => `${PREFIX}${author}:${seq}`;

export function parseSyncFrom(from: string | undefined): { author: string; seq: number } | null {
  const m = from === undefined ? null : FROM.exec(from);
  return m ? { author: m[1]!, seq: Number(m[2]) } : null;
}

/** This device's own events are labelled so: the merge order does not depend on labels (src/sync/merge.ts). */
export const OWN = '';

/** The author and author counter of each row, in row (arrival) order. */
export function authorsOf(rows: readonly { from?: string }[]): { author: string; seq: number }[] {
  const counters = new Map<string, number>();
  return rows.map((r) => {
    const synced = parseSyncFrom(r.from);
    if (synced) return synced;
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
  const byId = new Map(records.map((r) => [r.id, r]));
  const synced: SyncedEvent[] = records.map((r, i) => ({ caseId, eventId: r.id, author: authors[i]!.author, seq: authors[i]!.seq, event: r.event }));
  return mergeOrder(synced).map((e) => byId.get(e.eventId)!);
}
