import { BackupError } from './backup';
import { seal, settingAad } from './crypto';
import type { VaultKeys } from './crypto';
import { openDb } from './db';
import type { SanadDb, SettingRow } from './db';
import { holdsOlderRows, nextLedger, openLedger, readLedgerRow, sealLedger } from './ledger';
import { DELETION_LOG_KEY, LOCK_DRAFT_KEY, caseTag, lockDraftGoes, readDeletionLog } from './purge';
import type { DeletionEntry } from './purge';
import { retentionRecordKey } from './retention-store';
import type { HeadHold } from '../../protocol/retention';
import type { PrintedCopy, RetentionRecord } from '../../machines/retention-facts';
import { openAnchoredSetting } from './settings';
import { keysFromVault, readVault } from './vault';
import type { VaultSecret } from './vault';

/**
 * A restore re-applies the deletion log (docs/decisions/0021-retention.md): a backup made before a purge still
 * holds the purged case, and restoring it must not bring the case back. The log of the database in use is read,
 * carried into the restored database, and every case there whose tag it lists is purged there, before the switch.
 * The retention records of the database in use (the head's holds, the target's leaving day, the print log) are
 * carried too, merged into those of the same cases in the restored database: a backup made before a hold must not
 * bring the case back without it, listed for purge while a police inquiry still needs it.
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
export interface Carried {
  log: DeletionEntry[];
  tagKeys: VaultKeys[];
  /** The retention records of the database in use, by case id. */
  records?: [string, RetentionRecord][];
}

const RECORD_PREFIX = retentionRecordKey('');

/**
 * Every retention record of the database in use that opens under its ledger. One that does not open is left out
 * rather than refusing the restore, which is how a team recovers from a damaged database: its holds cannot be
 * read, so they cannot be carried either way.
 */
async function readRecords(db: SanadDb, keys: VaultKeys, ledger: Awaited<ReturnType<typeof openLedger>>): Promise<[string, RetentionRecord][]> {
  const rows = (await db.settings.where('key').startsWith(RECORD_PREFIX).toArray()) as SettingRow[];
  const records: [string, RetentionRecord][] = [];
  for (const row of rows) {
    const record = await openAnchoredSetting<RetentionRecord>(keys, row.key, row, ledger).catch(() => undefined);
    if (record && Array.isArray(record.headHolds)) records.push([row.key.slice(RECORD_PREFIX.length), record]);
  }
  return records;
}

export async function readCarriedLog(from: CarryFrom, secret: VaultSecret): Promise<Carried> {
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
    const records = await readRecords(db, keys, ledger);
    if (log === undefined) {
      if (logRow) throw new BackupError('altered', 'the deletion log of the database in use could not be read');
      return { log: [], tagKeys: [], records };
    }
    if (!Array.isArray(log) || log.length === 0) throw new BackupError('altered', 'the deletion log of the database in use could not be read');
    return { log, tagKeys: [keys, ...(keys.previous ? [keys.previous] : [])], records };
  } finally {
    db.close();
  }
}

const sameEntry = (a: DeletionEntry, b: DeletionEntry) => JSON.stringify(a) === JSON.stringify(b);

const holdId = (h: HeadHold) => JSON.stringify([h.at, h.by, h.reason]);
const copyId = (c: PrintedCopy) => JSON.stringify([c.kind, c.on, c.lang, c.redacted]);

/**
 * A case's retention record as restored, with what the database in use knew of it: every hold of either (the
 * restored ones first, so their places stay), standing if it stands in either copy (a lift the restored copy
 * lacks is made again by the head; a hold lost could let a case still needed be purged); the later leaving day
 * (it keeps the case longer); every printed copy of either (a purge must name them all).
 */
export function mergeRetentionRecords(restored: RetentionRecord, inUse: RetentionRecord): RetentionRecord {
  const holds = new Map<string, HeadHold>(restored.headHolds.map((h) => [holdId(h), h]));
  for (const h of inUse.headHolds) {
    const had = holds.get(holdId(h));
    if (!had || (had.liftedAt !== undefined && h.liftedAt === undefined)) holds.set(holdId(h), h);
  }
  const days = [restored.targetLeavesOn, inUse.targetLeavesOn].filter((d): d is string => d !== undefined).sort();
  const printed = new Map<string, PrintedCopy>([...(restored.printed ?? []), ...(inUse.printed ?? [])].map((c) => [copyId(c), c]));
  return {
    headHolds: [...holds.values()],
    ...(days.length > 0 ? { targetLeavesOn: days.at(-1)! } : {}),
    ...(printed.size > 0 ? { printed: [...printed.values()] } : {}),
  };
}

/**
 * Purges from `db` (a restored database nothing uses yet, opened with `keys`) every case whose tag, under one of
 * `tagKeys`, the log lists, and writes the log there (its own entries, then those it lacked), with the ledger, in
 * one transaction. Returns the ids purged.
 */
export async function reapplyDeletions(db: SanadDb, keys: VaultKeys, log: readonly DeletionEntry[], tagKeys: readonly VaultKeys[], records: readonly [string, RetentionRecord][] = []): Promise<string[]> {
  if (log.length === 0 && records.length === 0) return [];
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
  const logChanged = purged.length > 0 || merged.length !== own.length;
  // The records of the cases kept here (and anchored: a record never outlives its case), merged with the in-use ones.
  const recordRows: (SettingRow & { rev: number })[] = [];
  for (const [id, inUse] of records) {
    if (purged.includes(id) || !ledger?.cases[id]) continue;
    const key = retentionRecordKey(id);
    const restored = await openAnchoredSetting<RetentionRecord>(keys, key, await db.settings.get(key), ledger).catch(() => {
      throw new BackupError('altered', `the restored retention record of case ${id} could not be read`);
    });
    const mergedRecord = mergeRetentionRecords(restored ?? { headHolds: [] }, inUse);
    if (restored && JSON.stringify(mergedRecord) === JSON.stringify(restored)) continue;
    const rev = (ledger.settings[key] ?? 0) + 1;
    recordRows.push({ key, rev, sealed: await seal(keys.data, settingAad(key, rev), mergedRecord) });
  }
  if (!logChanged && recordRows.length === 0) return [];
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
      if (logChanged) l.settings[DELETION_LOG_KEY] = logRev;
      for (const r of recordRows) l.settings[r.key] = r.rev;
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
    if (logChanged) await db.settings.put(logRow);
    await db.settings.bulkPut(recordRows);
    await db.settings.put(ledgerRow);
  });
  return purged;
}
