import { BackupError } from './backup';
import { seal, settingAad } from './crypto';
import type { VaultKeys } from './crypto';
import { openDb } from './db';
import type { SanadDb, SettingRow } from './db';
import { holdsOlderRows, nextLedger, openLedger, readLedgerRow, sealLedger } from './ledger';
import { DELETION_LOG_KEY, LOCK_DRAFT_KEY, caseTag, lockDraftGoes, readDeletionLog } from './purge';
import type { DeletionEntry } from './purge';
import { retentionRecordKey } from './retention-store';
import { openAnchoredSetting } from './settings';
import { keysFromVault, readVault } from './vault';
import type { VaultSecret } from './vault';

/**
 * A restore re-applies the deletion log (docs/decisions/0021-retention.md): a backup made before a purge still
 * holds the purged case, and restoring it must not bring the case back. The log of the database in use is read,
 * carried into the restored database, and every case there whose tag it lists is purged there, before the switch.
 */

/** Where the deletion log to carry is: the database in use, and its keys when the tab is unlocked. */
export interface CarryFrom {
  dbName: string;
  keys?: VaultKeys;
}

async function listed(name: string): Promise<boolean> {
  if (typeof indexedDB.databases !== 'function') return true;
  return (await indexedDB.databases()).some((d) => d.name === name);
}

/**
 * The log of the database in use, and the keys its tags were made under (the vault's, and those a revocation is
 * replacing). Without keys from the tab, the restore's own secret is tried on that vault (the same vault, as a
 * rule). A log that exists but cannot be read refuses the restore: the database in use is untouched, and the
 * restore can be made again once unlocked.
 */
export async function readCarriedLog(from: CarryFrom, secret: VaultSecret): Promise<{ log: DeletionEntry[]; tagKeys: VaultKeys[] }> {
  if (!(await listed(from.dbName))) return { log: [], tagKeys: [] };
  const db = openDb(from.dbName);
  try {
    const [logRow, ledgerRow] = await db.transaction('r', db.settings, () => Promise.all([db.settings.get(DELETION_LOG_KEY), readLedgerRow(db)]));
    // Nothing that could say a purge was made: no log, and no ledger that could anchor one.
    if (!logRow && !ledgerRow) return { log: [], tagKeys: [] };
    let keys = from.keys;
    if (!keys) {
      const vault = await readVault(db);
      keys = vault ? await keysFromVault(vault, secret).catch(() => undefined) : undefined;
    }
    if (!keys) {
      // Another vault's secret (or none): its ledger cannot be read, so whether it anchors a log cannot be told.
      // A log row that is there refuses; without one, that vault's tags could not match this backup's cases anyway.
      if (logRow) throw new BackupError('logLocked', 'the deletion log of the database in use does not open: unlock first, then restore');
      return { log: [], tagKeys: [] };
    }
    // The ledger first: it says whether a log was written, so a log row deleted or rolled back is caught.
    const ledger = await openLedger(keys, ledgerRow).catch(() => {
      throw new BackupError('altered', 'the ledger of the database in use does not open: its deletion log cannot be vouched for');
    });
    const log = await openAnchoredSetting<DeletionEntry[]>(keys, DELETION_LOG_KEY, logRow, ledger).catch(() => {
      throw new BackupError('altered', 'the deletion log of the database in use could not be read');
    });
    if (log === undefined) {
      if (logRow) throw new BackupError('altered', 'the deletion log of the database in use could not be read');
      return { log: [], tagKeys: [] };
    }
    if (!Array.isArray(log) || log.length === 0) throw new BackupError('altered', 'the deletion log of the database in use could not be read');
    return { log, tagKeys: [keys, ...(keys.previous ? [keys.previous] : [])] };
  } finally {
    db.close();
  }
}

const sameEntry = (a: DeletionEntry, b: DeletionEntry) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Purges from `db` (a restored database nothing uses yet, opened with `keys`) every case whose tag, under one of
 * `tagKeys`, the log lists, and writes the log there (its own entries, then those it lacked), with the ledger, in
 * one transaction. Returns the ids purged.
 */
export async function reapplyDeletions(db: SanadDb, keys: VaultKeys, log: readonly DeletionEntry[], tagKeys: readonly VaultKeys[]): Promise<string[]> {
  if (log.length === 0) return [];
  const ledger = await openLedger(keys, await readLedgerRow(db));
  const ids = new Set([...Object.keys(ledger?.cases ?? {}), ...((await db.cases.toCollection().primaryKeys()) as string[])]);
  const tags = new Set(log.map((e) => e.tag));
  const purged: string[] = [];
  for (const id of [...ids].sort()) {
    for (const k of tagKeys) {
      if (tags.has(await caseTag(k, id))) {
        purged.push(id);
        break;
      }
    }
  }
  // Strict: the restored database's own log, if its ledger anchors one, must open (never restarted empty).
  const own = await readDeletionLog(db, keys);
  const merged = [...own, ...log.filter((e) => !own.some((o) => sameEntry(o, e)))];
  if (purged.length === 0 && merged.length === own.length) return [];
  const logRev = (ledger?.settings[DELETION_LOG_KEY] ?? 0) + 1;
  const dropDraft = purged.length > 0 && (await lockDraftGoes(keys, await db.settings.get(LOCK_DRAFT_KEY), ledger, purged));
  const next = nextLedger(
    ledger,
    (l) => {
      if (dropDraft) delete l.settings[LOCK_DRAFT_KEY];
      for (const id of purged) {
        delete l.cases[id];
        delete l.settings[retentionRecordKey(id)];
      }
      l.settings[DELETION_LOG_KEY] = logRev;
    },
    ledger ? true : await holdsOlderRows(db),
  );
  const logRow: SettingRow = { key: DELETION_LOG_KEY, rev: logRev, sealed: await seal(keys.data, settingAad(DELETION_LOG_KEY, logRev), merged) };
  const ledgerRow = await sealLedger(keys, next);
  await db.transaction('rw', [db.cases, db.events, db.snapshots, db.settings], async () => {
    if (purged.length > 0) {
      await db.events.where('caseId').anyOf(purged).delete();
      await db.snapshots.bulkDelete(purged);
      await db.cases.bulkDelete(purged);
      await db.settings.bulkDelete(purged.map(retentionRecordKey));
      if (dropDraft) await db.settings.delete(LOCK_DRAFT_KEY);
    }
    await db.settings.put(logRow);
    await db.settings.put(ledgerRow);
  });
  return purged;
}
