import type { SchoolCalendar } from '../../protocol/calendar';
import { replayRecorded } from '../../machines/replay';
import { holdsSyncedRows, logOrder, withSafetyFloor } from './sync-order';
import { indexRow, openEvent, rewriteCase, sealEvents, sealSnapshot } from './case-repository';
import { CHAIN_START, seal, settingAad } from './crypto';
import type { VaultKeys } from './crypto';
import { caseEvents } from './db';
import type { CaseRow, EventRow, SanadDb, SettingRow, SnapshotRow } from './db';
import { StorageError } from './errors';
import { LEDGER_KEY, anchorOf, ledgerUnchanged, oneWriterAtATime, openLedger, readLedgerRow, sealLedger } from './ledger';
import type { CaseAnchor, Ledger } from './ledger';
import { readSettings } from './settings';
import { VaultError, prepareRevocation, readVault } from './vault';
import type { VaultRow } from './vault';

/**
 * "Change the passphrase and revoke the old one" (docs/decisions/0014). A plain change reseals the master
 * secret only, so an old backup and the old passphrase still yield the key of every later backup. A revocation
 * makes a new master secret, so new data keys, and reseals every row under them:
 *
 * 1. one transaction switches the vault: the new passphrase and a new recovery code seal the new master, the
 *    old master is kept sealed under the new one, every setting is resealed, and the ledger starts the next
 *    key generation (cases keep the generation their rows are sealed under);
 * 2. then each case in its own transaction, with its anchor: opened with the old keys, checked as on every
 *    load, resealed with the new ones (chain recomputed). Interrupted, it resumes at the next unlock (the new
 *    passphrase reaches the old master through the vault row); a case not resealed yet reads with the old keys
 *    and takes no writes;
 * 3. once every case is resealed, the old master is dropped.
 *
 * What it cannot do: backups made before keep opening with the old passphrase (they hold what they held);
 * old ciphertexts may stay on the disk until the browser compacts its storage.
 *
 * Its writes take the writers' lock, as every write does (the switch whole; each case in its own turn): a
 * compaction, which holds the lock from its copy to its switch, then never switches away from a revocation
 * landing meanwhile, and gives way to one waiting for it (docs/decisions/0021-retention.md).
 */

const ATTEMPTS = 5;

export async function revokePassphrase(db: SanadDb, current: string, next: string, now: string): Promise<{ keys: VaultKeys; recoveryCode: string }> {
  // The attempt (counted under the writers' lock) and the key derivations come first, outside the lock.
  const { keys, row, recoveryCode } = await prepareRevocation(db, current, next, now);
  return oneWriterAtATime(() => switchVault(db, keys, row, recoveryCode));
}

/** Step 1, under the writers' lock: the vault row, the settings resealed and the next key generation, at once. */
async function switchVault(db: SanadDb, keys: VaultKeys, row: VaultRow, recoveryCode: string): Promise<{ keys: VaultKeys; recoveryCode: string }> {
  const old = keys.previous!;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const ledger = await openLedger(old, await readLedgerRow(db));
    if (!ledger || ledger.upgrading || Object.values(ledger.cases).some((a) => (a.g ?? 1) < (ledger.gen ?? 1))) throw new VaultError('notReady');
    const names = (await db.settings.toCollection().primaryKeys()).filter((k) => k !== LEDGER_KEY) as string[];
    const values = await readSettings(db, old, names);
    const rows: SettingRow[] = await Promise.all(Object.entries(values).map(async ([key, value]) => ({ key, rev: 1, sealed: await seal(keys.data, settingAad(key, 1), value) })));
    const resealed: Ledger = { ...ledger, rev: ledger.rev + 1, gen: (ledger.gen ?? 1) + 1, settings: Object.fromEntries(rows.map((r) => [r.key, 1])) };
    const ledgerRow = await sealLedger(keys, resealed);
    const switched = await db.transaction('rw', [db.vault, db.settings], async () => {
      if (!(await ledgerUnchanged(db, ledger.rev)) || (await readVault(db))?.rekey) return false;
      await db.settings.clear();
      await db.settings.bulkPut([...rows, ledgerRow]);
      await db.vault.put({ ...row, gen: resealed.gen });
      return true;
    });
    if (switched) return { keys, recoveryCode };
  }
  throw new StorageError('busy', 'the vault kept changing while revoking');
}

interface Resealed {
  rows: EventRow[];
  snapshot?: SnapshotRow;
  index: CaseRow;
  anchor: CaseAnchor;
}

/**
 * One case under the new keys: every row opened with the old ones and checked as on every load, sealed again,
 * the chain recomputed. A flagged case is resealed as found (flag kept, no replay). Throws when a row does not
 * open: the caller keeps the case under the old keys.
 */
async function resealCase(keys: VaultKeys, old: VaultKeys, caseId: string, anchor: CaseAnchor, rows: EventRow[], index: CaseRow | undefined, cal: SchoolCalendar, gen: number): Promise<Resealed> {
  if (rows.length !== anchor.n || rows.at(-1)?.chain !== anchor.h || rows.some((r, i) => r.seq !== i)) throw new StorageError('altered', `case ${caseId} disagrees with its anchor`);
  const events = (await Promise.all(rows.map((r) => openEvent(old, r, true)))).map((e) => e.event);
  const sealed = await sealEvents(keys, caseId, events, 0, CHAIN_START, rows.map((r) => r.id), rows.map((r) => r.from));
  const head = sealed.at(-1)!.chain!;
  if (anchor.flag) {
    const kept: CaseRow = { ...(index ?? { id: caseId, step: anchor.s, level: anchor.l, openedAt: events[0]!.at, updatedAt: events.at(-1)!.at, nextDueAt: anchor.d }), eventCount: sealed.length, chainHead: head };
    delete kept.card; // sealed under the old keys; the list shows the reference
    return { rows: sealed, index: kept, anchor: { ...anchorOf(kept, gen), flag: anchor.flag } };
  }
  // A case holding events received by team sync is replayed in the team's merge order, as on every load.
  const ordered = logOrder(
    caseId,
    rows.map((r, i) => ({ id: r.id, from: r.from, event: events[i]! })),
  ).map((r) => r.event);
  const replayed = replayRecorded(ordered, caseId);
  const { departures } = replayed;
  const snapshot = holdsSyncedRows(rows) ? withSafetyFloor(replayed.snapshot, departures, ordered) : replayed.snapshot;
  const last = events.length - 1;
  // An index row deleted outside Sanad is made again from the events.
  const made = await indexRow(keys, caseId, snapshot, index?.openedAt ?? events[0]!.at, index?.updatedAt ?? events[last]!.at, events.length, cal, head);
  return { rows: sealed, snapshot: await sealSnapshot(keys, caseId, last, snapshot, departures), index: made, anchor: anchorOf(made, gen) };
}

/**
 * Reseals, case by case, what a revocation has not reached yet. A case that cannot be resealed (a row that does
 * not open) never stops the others: it is flagged and kept under the previous keys, which the vault then keeps.
 * The previous master goes once no case needs it. Returns the cases resealed.
 */
export async function finishRevocation(db: SanadDb, keys: VaultKeys, cal: SchoolCalendar, progress?: (done: number, total: number) => void): Promise<number> {
  let resealed = 0;
  for (let attempt = 0; attempt < ATTEMPTS * 4; attempt++) {
    // One case per turn of the writers' lock: other writers (a teacher saving) are not kept waiting for them all.
    const step = await oneWriterAtATime(() => finishStep(db, keys, cal, progress));
    if (step === 'finished') return resealed;
    if (step === 'resealed' || step === 'kept') {
      if (step === 'resealed') resealed++;
      attempt = 0;
    }
  }
  throw new StorageError('busy', 'the vault kept changing while resealing');
}

/**
 * One step of `finishRevocation`, under the writers' lock: the next case behind resealed (or flagged and kept
 * under the previous keys), or, once none is behind, the previous master dropped. 'moved': the ledger moved
 * meanwhile, to try again.
 */
async function finishStep(db: SanadDb, keys: VaultKeys, cal: SchoolCalendar, progress?: (done: number, total: number) => void): Promise<'finished' | 'resealed' | 'kept' | 'moved'> {
  const old = keys.previous;
  const ledger = await openLedger(keys, await readLedgerRow(db));
  if (!ledger) return 'finished';
  const gen = ledger.gen ?? 1;
  const all = Object.entries(ledger.cases);
  const behind = all.filter(([, a]) => (a.g ?? 1) < gen);
  progress?.(all.length - behind.length, all.length);
  if (behind.length === 0) {
    const vault = await readVault(db);
    // The old master goes only when the ledger is of the vault's generation and no case needs it.
    if (all.some(([, a]) => a.prev) || !vault?.rekey || gen !== (vault.gen ?? 1)) return 'finished';
    const done = await db.transaction('rw', [db.vault, db.settings], async () => {
      if (!(await ledgerUnchanged(db, ledger.rev))) return false;
      await db.vault.update('vault', { rekey: undefined });
      return true;
    });
    return done ? 'finished' : 'moved';
  }
  const [caseId, anchor] = behind[0]!;
  const [rows, index] = await db.transaction('r', [db.events, db.cases], () => Promise.all([caseEvents(db, caseId).toArray(), db.cases.get(caseId)]));
  // Without the previous keys (their record in the vault row was lost), the case cannot be read again: flagged.
  const write = old ? await resealCase(keys, old, caseId, anchor, rows, index, cal, gen).catch(() => null) : null;
  const nextAnchor: CaseAnchor = write ? write.anchor : { ...anchor, flag: anchor.flag ?? 'altered', g: gen, prev: true };
  const ledgerRow = await sealLedger(keys, { ...ledger, rev: ledger.rev + 1, cases: { ...ledger.cases, [caseId]: nextAnchor } });
  const ok = await rewriteCase(db, caseId, { ledgerRev: ledger.rev, rows: rows.length }, write, ledgerRow);
  if (!ok) return 'moved';
  return write ? 'resealed' : 'kept';
}
