import type { SchoolCalendar } from '../../protocol/calendar';
import { replayRecorded } from '../../machines/replay';
import { indexRow, openEvent, sealEvents, sealSnapshot } from './case-repository';
import { CHAIN_START, seal, settingAad } from './crypto';
import type { VaultKeys } from './crypto';
import { caseEvents } from './db';
import type { SanadDb, SettingRow } from './db';
import { StorageError } from './errors';
import { LEDGER_KEY, anchorOf, ledgerUnchanged, openLedger, readLedgerRow, sealLedger } from './ledger';
import type { Ledger } from './ledger';
import { readSettings } from './settings';
import { VaultError, prepareRevocation, readVault } from './vault';

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
 */

const ATTEMPTS = 5;

export async function revokePassphrase(db: SanadDb, current: string, next: string, now: string): Promise<{ keys: VaultKeys; recoveryCode: string }> {
  const { keys, row, recoveryCode } = await prepareRevocation(db, current, next, now);
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
      await db.vault.put(row);
      return true;
    });
    if (switched) return { keys, recoveryCode };
  }
  throw new StorageError('busy', 'the vault kept changing while revoking');
}

/** Reseals, case by case, what a revocation has not reached yet; drops the old master when done. Returns the cases resealed. */
export async function finishRevocation(db: SanadDb, keys: VaultKeys, cal: SchoolCalendar, progress?: (done: number, total: number) => void): Promise<number> {
  const old = keys.previous;
  if (!old) return 0;
  let resealed = 0;
  for (let attempt = 0; attempt < ATTEMPTS * 4; attempt++) {
    const ledger = await openLedger(keys, await readLedgerRow(db));
    if (!ledger) return resealed;
    const gen = ledger.gen ?? 1;
    const behind = Object.entries(ledger.cases).filter(([, a]) => (a.g ?? 1) < gen);
    progress?.(Object.keys(ledger.cases).length - behind.length, Object.keys(ledger.cases).length);
    if (behind.length === 0) {
      const done = await db.transaction('rw', [db.vault, db.settings], async () => {
        if (!(await ledgerUnchanged(db, ledger.rev))) return false;
        await db.vault.update('vault', { rekey: undefined });
        return true;
      });
      if (done) return resealed;
      continue;
    }
    const [caseId, anchor] = behind[0]!;
    const [rows, index] = await db.transaction('r', [db.events, db.cases], () => Promise.all([caseEvents(db, caseId).toArray(), db.cases.get(caseId)]));
    let write: { rows: typeof rows; snapshot?: Awaited<ReturnType<typeof sealSnapshot>>; index: NonNullable<typeof index> } | null = null;
    if (!anchor.flag && index && rows.length === anchor.n && rows.at(-1)?.chain === anchor.h) {
      const opened = await Promise.all(rows.map((r) => openEvent(old, r, true)));
      const events = opened.map((e) => e.event);
      const sealed = await sealEvents(keys, caseId, events, 0, CHAIN_START, rows.map((r) => r.id), rows.map((r) => r.from));
      const { snapshot, departures } = replayRecorded(events, caseId);
      const last = events.length - 1;
      write = {
        rows: sealed,
        snapshot: await sealSnapshot(keys, caseId, last, snapshot, departures),
        index: await indexRow(keys, caseId, snapshot, index.openedAt, index.updatedAt, events.length, cal, sealed.at(-1)?.chain ?? CHAIN_START),
      };
    }
    // A flagged or altered case is carried as found (its rows stay under the old keys, unreadable once they go):
    // it already reads as altered, and the team restores it from a backup.
    const nextAnchor = write ? anchorOf(write.index, gen) : { ...anchor, g: gen };
    const ledgerRow = await sealLedger(keys, { ...ledger, rev: ledger.rev + 1, cases: { ...ledger.cases, [caseId]: nextAnchor } });
    const ok = await db.transaction('rw', [db.events, db.snapshots, db.cases, db.settings], async () => {
      if (!(await ledgerUnchanged(db, ledger.rev)) || (await caseEvents(db, caseId).count()) !== rows.length) return false;
      if (write) {
        await db.events.bulkPut(write.rows);
        if (write.snapshot) await db.snapshots.put(write.snapshot);
        await db.cases.put(write.index);
      }
      await db.settings.put(ledgerRow);
      return true;
    });
    if (ok) {
      resealed++;
      attempt = 0;
    }
  }
  throw new StorageError('busy', 'the vault kept changing while resealing');
}
