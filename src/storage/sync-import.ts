import type { SchoolCalendar } from '../../protocol/calendar';
import { replayRecorded } from '../../machines/replay';
import type { SyncedEvent } from '../sync/sync-doc';
import { indexRow, loadCase, sealEvents, sealSnapshot, verifyChain, writeCase } from './case-repository';
import type { LoadedCase } from './case-repository';
import { CHAIN_START } from './crypto';
import type { VaultKeys } from './crypto';
import type { CaseEventRecord, SanadDb } from './db';
import { StorageError } from './errors';
import { oneWriterAtATime, openLedger, readLedgerRow } from './ledger';
import { OWN, aliasRowId, authorsOf, eventIdOf, logOrder, syncFrom, withSafetyFloor } from './sync-order';

/**
 * Writing what team sync received into the vault (decision 0018, "The log on a device"): the new events of a case are
 * appended after its rows, each marked `sync:<author>:<seq>` (bound into its AAD), never rebuilt; the chain and the
 * ledger anchor go on over arrival order; the case is replayed in the team's merge order.
 */

const ATTEMPTS = 5;
const CASE_ID = /^[\w-]{1,100}$/;

/** A case's log as the merge sees it: this device's own events labelled with its fingerprint `self`. */
export interface LocalLog {
  loaded: LoadedCase;
  /** In row (arrival) order. */
  rows: CaseEventRecord[];
  log: SyncedEvent[];
}

export function syncedLogOf(caseId: string, loaded: LoadedCase, self: string): LocalLog {
  const rows = [...loaded.events].sort((a, b) => a.seq - b.seq);
  const authors = authorsOf(rows);
  const log = rows.map((r, i): SyncedEvent => ({ caseId, eventId: eventIdOf(r), author: authors[i]!.author === OWN ? self : authors[i]!.author, seq: authors[i]!.seq, event: r.event }));
  return { loaded, rows, log };
}

/** The case's log, or null when this device does not hold the case. */
export async function readLocalLog(db: SanadDb, keys: VaultKeys, caseId: string, self: string): Promise<LocalLog | null> {
  try {
    return syncedLogOf(caseId, await loadCase(db, keys, caseId), self);
  } catch (err) {
    if (err instanceof StorageError && err.problem === 'caseNotFound') return null;
    throw err;
  }
}

/**
 * Appends `fresh` (events the case does not hold, in merge order) to case `caseId`, creating the case if this device
 * does not hold it. Every event is kept, including those the protocol refuses in the merged log (they are departures
 * of the replay, for the team to settle): an emergency recorded on another device is never dropped here.
 */
export async function appendReceived(db: SanadDb, keys: VaultKeys, caseId: string, fresh: readonly SyncedEvent[], self: string, cal: SchoolCalendar): Promise<{ created: boolean; aliased: string[] }> {
  if (!CASE_ID.test(caseId)) throw new StorageError('invalidEvent', 'a case id received by sync is not valid');
  if (fresh.some((e) => e.caseId !== caseId || e.author === self)) throw new StorageError('invalidEvent', 'events of another case or of this device');
  if (fresh.length === 0) return { created: false, aliased: [] };
  return oneWriterAtATime(async () => {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const local = await readLocalLog(db, keys, caseId, self);
      // Appended rows extend the chain: an altered local copy takes none (as for a transfer).
      if (local && !(await verifyChain(db, keys, caseId)).ok) throw new StorageError('altered', `case ${caseId}: the local copy does not verify`);
      const held = new Set(local?.rows.map(eventIdOf) ?? []);
      const adding = fresh.filter((e) => !held.has(e.eventId));
      if (adding.length === 0) return { created: false, aliased: [] };
      const first = local?.rows.length ?? 0;
      // An event id another case's row already holds (ids are unique across the vault's rows, not only in a case):
      // the event is kept under another row id, never refused for it (it may be an emergency).
      const rowIds: string[] = [];
      const aliased: string[] = [];
      for (const e of adding) {
        let id = e.eventId;
        for (let n = 0; (await db.events.where('id').equals(id).count()) > 0 || rowIds.includes(id); n++) {
          if (n >= ATTEMPTS) throw new StorageError('invalidEvent', `case ${caseId}: no free row id for event ${e.eventId}`);
          id = aliasRowId(caseId, e.eventId, n);
        }
        if (id !== e.eventId) aliased.push(e.eventId);
        rowIds.push(id);
      }
      const froms = adding.map((e, i) => syncFrom(e.author, e.seq, rowIds[i] === e.eventId ? undefined : e.eventId));
      const rows = await sealEvents(
        keys,
        caseId,
        adding.map((e) => e.event),
        first,
        local?.loaded.chainHead ?? CHAIN_START,
        rowIds,
        froms,
      );
      const records = [...(local?.rows ?? []), ...adding.map((e, i) => ({ id: rowIds[i]!, from: froms[i], event: e.event }))];
      const ordered = logOrder(caseId, records);
      const replayed = replayRecorded(
        ordered.map((r) => r.event),
        caseId,
      );
      const { departures } = replayed;
      const snapshot = withSafetyFloor(replayed.snapshot, departures, ordered.map((r) => r.event));
      const count = records.length;
      const times = records.map((r) => r.event.at).sort();
      const snapRow = await sealSnapshot(keys, caseId, count - 1, snapshot, departures);
      const index = await indexRow(keys, caseId, snapshot, times[0]!, times.at(-1)!, count, cal, rows.at(-1)!.chain!);
      const ledger = await openLedger(keys, await readLedgerRow(db));
      if (!local && (ledger?.cases[caseId] || (await db.cases.get(caseId)))) continue;
      if (await writeCase(db, keys, { caseId, ledger, headId: local?.rows.at(-1)?.id, rows, snapshot: snapRow, index })) return { created: !local, aliased };
    }
    throw new StorageError('busy', `case ${caseId} kept changing while importing from the team`);
  });
}
