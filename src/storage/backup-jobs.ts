import { BACKUP_MAX_BYTES, BackupError, checkBackup } from './backup';
import type { Manifest } from './backup';
import { isBackupV2, makeBackupV2, readBackupV2 } from './backup-v2';
import type { BackupProgress } from './backup-v2';
import { CryptoFailure, seal, settingAad } from './crypto';
import type { VaultKeys } from './crypto';
import { readCarriedLog, reapplyDeletions } from './deletion-carry';
import type { Carried } from './deletion-carry';
import type { CarryFrom } from './deletion-carry';
import { openDb } from './db';
import type { CaseRow, EventRow, SanadDb, SettingRow, SnapshotRow } from './db';
import { LEDGER_KEY, holdsOlderRows, ledgerUnchanged, nextLedger, oneWriterAtATime, openLedger, readLedgerRow, sealLedger } from './ledger';
import { readSettings } from './settings';
import { StorageError } from './errors';
import { asRegister, withDestroyed, withMade, withVerified } from './backup-register';
import { readVault } from './vault';
import type { SealedVault, VaultRow, VaultSecret } from './vault';

/**
 * The three long backup jobs, as the backup worker runs them (off the page's thread: backup-worker.ts) and as
 * tests call them directly. Each reads and writes in bounded pieces, reports progress in cases, and stops at
 * the next piece once its signal is aborted, leaving no database changed (docs/decisions/0015-staged-restore.md).
 */
export type JobRequest =
  /** `register`: the file is entered in the register of backup files under the name it is offered as (0021). */
  | { op: 'make'; dbName: string; keys: VaultKeys; now: string; register?: RegisterEntry }
  | { op: 'check'; dbName: string; keys: VaultKeys; file: Blob; record?: CheckRecord }
  /** `carry`: the database in use, whose deletion log the restored database takes before the switch (0021). */
  | { op: 'restore'; stagingName: string; secret: VaultSecret; file: Blob; carry?: CarryFrom }
  /** A team member said a backup file (known by its manifest's `createdAt`) was destroyed: noted in the register. */
  | { op: 'destroyed'; dbName: string; keys: VaultKeys; register: string; createdAt: string; at: string; by: string };

export type JobResult =
  | { op: 'make'; blob: Blob; manifest: Manifest; skipped: string[]; addedMeanwhile: number }
  | { op: 'check'; manifest: Manifest; verifiedAt?: string }
  | { op: 'restore'; manifest: Manifest; reapplied?: number }
  | { op: 'destroyed' };

/**
 * A check that finds the file it expects ("Backup OK") records it under `key`, here in the worker: the page's
 * thread would reseal the whole ledger (one anchor per case, a megabyte at 10,000 cases) to write it, a long task.
 * The value written is `{ verifiedAt, createdAt, cases, events }`. With `register`, the file is marked checked
 * in the register of backup files too, in the same write.
 */
export interface CheckRecord {
  key: string;
  createdAt: string;
  /**
   * The page's clock when it asked for the check, recorded as `verifiedAt`: the page compares it with its own
   * clock and with `createdAt`, which came from that clock too. Without it, the worker's clock.
   */
  at?: string;
  register?: RegisterEntry;
}

/** Where the register of backup files is kept, and the name the file was offered under. */
export interface RegisterEntry {
  key: string;
  name: string;
}

/** A manifest as the page receives it: the counts it shows, without the heads (one per case). */
export type ManifestSummary = Omit<Manifest, 'heads'>;

/**
 * What the worker posts back: the result with its manifest summed up. The heads were checked here and the page
 * never reads them, but 10,000 of them took the page a long task to receive (structured clone) when a job ended.
 */
export type JobReply =
  | { op: 'make'; blob: Blob; manifest: ManifestSummary; skipped: string[]; addedMeanwhile: number }
  | { op: 'check'; manifest: ManifestSummary; verifiedAt?: string }
  | { op: 'restore'; manifest: ManifestSummary; reapplied?: number }
  | { op: 'destroyed' };

export function replyOf(result: JobResult): JobReply {
  if (result.op === 'destroyed') return result;
  const { heads: _heads, ...manifest } = result.manifest;
  return { ...result, manifest };
}

export interface JobOptions {
  signal?: AbortSignal;
  onProgress?: (p: BackupProgress) => void;
}

export async function runJob(req: JobRequest, options: JobOptions = {}): Promise<JobResult> {
  if (req.op === 'make') {
    const db = openDb(req.dbName);
    try {
      const made = await makeBackupV2(db, req.keys, req.now, options);
      // Cases recorded in another tab once the backup had planned its pieces are not in the file: counted, so the
      // page says so instead of letting the file pass for everything.
      const ledger = await openLedger(req.keys, await readLedgerRow(db)).catch(() => null);
      const inFile = new Set([...made.manifest.heads.map((h) => h.caseId), ...made.skipped]);
      const addedMeanwhile = ledger ? Object.keys(ledger.cases).filter((id) => !inFile.has(id)).length : 0;
      if (req.register) {
        const { key, name } = req.register;
        const { createdAt, cases, events } = made.manifest;
        // Not entered (the vault busy, say), the file is still offered: its check enters it in the register.
        await changeSettings(db, req.keys, [key], (v) => ({ [key]: withMade(asRegister(v[key]), { name, createdAt, cases, events, skipped: made.skipped.length }) })).catch(() => undefined);
      }
      return { op: 'make', ...made, addedMeanwhile };
    } finally {
      db.close();
    }
  }
  if (req.op === 'check') {
    const manifest = await checkWithKeys(req.dbName, req.keys, req.file, options);
    if (!req.record || manifest.createdAt !== req.record.createdAt) return { op: 'check', manifest };
    cancelled(options.signal);
    const { key, at, register } = req.record;
    const verifiedAt = at ?? new Date().toISOString();
    const { createdAt, cases, events } = manifest;
    const db = openDb(req.dbName);
    try {
      await changeSettings(db, req.keys, register ? [key, register.key] : [key], (v) => ({
        [key]: { verifiedAt, createdAt, cases, events },
        ...(register ? { [register.key]: withVerified(asRegister(v[register.key]), { name: register.name, createdAt, cases, events }, verifiedAt) } : {}),
      }));
    } finally {
      db.close();
    }
    return { op: 'check', manifest, verifiedAt };
  }
  if (req.op === 'destroyed') {
    const db = openDb(req.dbName);
    try {
      await changeSettings(db, req.keys, [req.register], (v) => ({ [req.register]: withDestroyed(asRegister(v[req.register]), req.createdAt, req.at, req.by) }));
    } finally {
      db.close();
    }
    return { op: 'destroyed' };
  }
  const { manifest, reapplied } = await restoreInto(req.stagingName, req.secret, req.file, options, req.carry);
  return { op: 'restore', manifest, ...(req.carry ? { reapplied } : {}) };
}

const ATTEMPTS = 5;

/**
 * Writes settings computed from their current values, all in one transaction with the ledger: `change` gets the
 * values as they stand (read leniently: one unset or unreadable is absent) and returns the new ones. Read under
 * the ledger and written only if the ledger has not moved since, inside the writers' lock, so two tabs noting
 * two backup files never write back a stale register over each other (the same pattern as the retention record).
 */
async function changeSettings(db: SanadDb, keys: VaultKeys, names: string[], change: (values: Record<string, unknown>) => Record<string, unknown>): Promise<void> {
  if (names.includes(LEDGER_KEY)) throw new StorageError('notAllowed', 'reserved setting name');
  await oneWriterAtATime(async () => {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const ledger = await openLedger(keys, await readLedgerRow(db));
      const values = change(await readSettings(db, keys, names));
      const entries = Object.entries(values).filter(([name]) => names.includes(name));
      const revs = Object.fromEntries(entries.map(([name]) => [name, (ledger?.settings[name] ?? 0) + 1]));
      const next = nextLedger(
        ledger,
        (l) => {
          for (const [name, rev] of Object.entries(revs)) l.settings[name] = rev;
        },
        ledger ? true : await holdsOlderRows(db),
      );
      const rows: SettingRow[] = await Promise.all(entries.map(async ([name, value]) => ({ key: name, rev: revs[name]!, sealed: await seal(keys.data, settingAad(name, revs[name]!), value) })));
      const ledgerRow = await sealLedger(keys, next);
      const written = await db.transaction('rw', db.settings, async () => {
        if (!(await ledgerUnchanged(db, ledger?.rev))) return false;
        await db.settings.bulkPut(rows);
        await db.settings.put(ledgerRow);
        return true;
      });
      if (written) return;
    }
    throw new StorageError('busy', `settings ${names.join(', ')}: the vault kept changing while saving`);
  });
}

const cancelled = (signal?: AbortSignal) => {
  if (signal?.aborted) throw new BackupError('cancelled', 'stopped by the user');
};

async function isV2(file: Blob): Promise<boolean> {
  if (isBackupV2(new Uint8Array(await file.slice(0, 8).arrayBuffer()))) return true;
  // Any other file is read whole as a v1 backup: refused before that if it is larger than v1 allows.
  if (file.size > BACKUP_MAX_BYTES) throw new BackupError('tooLarge', `${file.size} bytes`);
  return false;
}

/**
 * "Backup OK": the saved file read back with the keys this tab holds. A file of another vault does not open
 * with them, so it is refused as such rather than asking for a passphrase.
 */
async function checkWithKeys(dbName: string, keys: VaultKeys, file: Blob, options: JobOptions): Promise<Manifest> {
  const db = openDb(dbName);
  const mine = await readVault(db).finally(() => db.close());
  const same = (v: SealedVault) => mine !== undefined && JSON.stringify([v.kdf, v.byPassphrase]) === JSON.stringify([mine.kdf, mine.byPassphrase]);
  const keysFor = async (v: SealedVault) => (same(v) ? keys : Promise.reject(new CryptoFailure('another vault')));
  if (await isV2(file)) return (await readBackupV2(file.stream(), { passphrase: '' }, { ...options, keysFor })).manifest;
  cancelled(options.signal);
  return (await checkBackup(await file.text(), { passphrase: '' }, { keysFor })).manifest;
}

/** Rows written per transaction when a v1 file (one block in memory anyway) is copied into the new database. */
const V1_BATCH = 2_000;

/**
 * Restores into a new database that nothing uses yet: every piece is checked before it is written there, and
 * the whole is checked again once written (counts and heads against the manifest). Any refusal, a cancel or
 * an error deletes that database; the one in use is never touched here (the caller switches to the new one).
 */
async function restoreInto(stagingName: string, secret: VaultSecret, file: Blob, options: JobOptions, carry?: CarryFrom): Promise<{ manifest: Manifest; reapplied: number }> {
  const db = openDb(stagingName);
  try {
    // Read first: a log that cannot be carried refuses the restore before anything is written.
    const carried: Carried = carry ? await readCarriedLog(carry, secret) : { log: [], tagKeys: [] };
    await db.open();
    let manifest: Manifest;
    let keys: VaultKeys;
    let vault: SealedVault;
    let settings: SettingRow[];
    if (await isV2(file)) {
      const sink = { chunk: (t: { cases: CaseRow[]; events: EventRow[]; snapshots: SnapshotRow[] }) => writeRows(db, t, options.signal) };
      ({ manifest, vault, settings, keys } = await readBackupV2(file.stream(), secret, { ...options, sink }));
    } else {
      cancelled(options.signal);
      const checked = await checkBackup(await file.text(), secret);
      ({ manifest, vault, keys } = checked);
      settings = checked.tables.settings;
      const { cases, events, snapshots } = checked.tables;
      for (let i = 0; i < events.length; i += V1_BATCH) await writeRows(db, { cases: [], events: events.slice(i, i + V1_BATCH), snapshots: [] }, options.signal);
      for (let i = 0; i < cases.length; i += V1_BATCH) {
        const batch = cases.slice(i, i + V1_BATCH);
        const ids = new Set(batch.map((c) => c.id));
        await writeRows(db, { cases: batch, events: [], snapshots: snapshots.filter((s) => ids.has(s.caseId)) }, options.signal);
      }
      options.onProgress?.({ done: manifest.cases, total: manifest.cases });
    }
    cancelled(options.signal);
    const gen = settings.find((r) => r.key === LEDGER_KEY)?.gen;
    const row: VaultRow = { id: 'vault', format: 1, createdAt: manifest.createdAt, ...vault, failures: 0, legacySealed: true, ...(gen ? { gen } : {}) };
    await db.transaction('rw', [db.settings, db.vault], async () => {
      await db.settings.bulkAdd(settings);
      await db.vault.put(row);
    });
    await checkWritten(db, manifest);
    // Cases purged since the backup was made are purged here too, before anything switches to this database.
    const reapplied = await reapplyDeletions(db, keys, carried.log, carried.tagKeys, carried.records);
    cancelled(options.signal);
    return { manifest, reapplied: reapplied.length };
  } catch (err) {
    db.close();
    await db.delete().catch(() => undefined);
    throw err;
  } finally {
    db.close();
  }
}

async function writeRows(db: SanadDb, t: { cases: CaseRow[]; events: EventRow[]; snapshots: SnapshotRow[] }, signal?: AbortSignal): Promise<void> {
  cancelled(signal);
  await db.transaction('rw', [db.cases, db.events, db.snapshots], async () => {
    await db.events.bulkAdd(t.events);
    await db.snapshots.bulkAdd(t.snapshots);
    await db.cases.bulkAdd(t.cases);
  });
}

/** What was written, read back: as many rows as the manifest says, and each case at the head it anchors. */
async function checkWritten(db: SanadDb, m: Manifest): Promise<void> {
  const [cases, events] = await Promise.all([db.cases.count(), db.events.count()]);
  if (cases !== m.cases || events !== m.events) throw new BackupError('tampered', `written ${cases} cases and ${events} events, the manifest says ${m.cases} and ${m.events}`);
  const heads = new Map(m.heads.map((h) => [h.caseId, h]));
  await db.cases.each((c) => {
    const h = heads.get(c.id);
    if (!h || h.events !== c.eventCount || (c.chainHead !== undefined && c.chainHead !== h.head)) throw new BackupError('tampered', `case ${c.id} written differs from the manifest`);
  });
}
