import { Dexie } from 'dexie';
import type { Table } from 'dexie';
import { RESTORE_LOCK, activeDbName, clearCompacting, compactingName, deleteQuietly, holdsVault, makeActive, markCompacting, newRestoreName } from './active-db';
import { openDb } from './db';
import type { SanadDb } from './db';
import { StorageError } from './errors';
import type { VaultKeys } from './crypto';
import { LEDGER_KEY, oneWriterAtATime, openLedger, readLedgerRow, writersWaiting } from './ledger';
import { DELETION_LOG_KEY } from './purge';

/**
 * Compaction (docs/decisions/0021-retention.md): after purges, the rows that survive are copied, sealed as they
 * are, into a fresh database, which is then switched to as a restore is (docs/decisions/0015): one pointer write,
 * then the old database is deleted. Deleted rows may linger in the old database's files (IndexedDB frees pages
 * lazily); the new database's files never held them. Until the switch the old database stays in use, untouched:
 * any failure deletes the new one.
 */

/** Rows read and written per transaction: memory stays bounded whatever the number of cases. */
const BATCH = 2_000;

type TableName = 'events' | 'snapshots' | 'cases' | 'settings';
/** The vault row is copied last: a database holding it is a complete one (what the start-up tidy keeps). */
const TABLES: readonly TableName[] = ['events', 'snapshots', 'cases', 'settings'];

export interface CompactOptions {
  /** After each table is copied (tests use it to change the source meanwhile). */
  onCopied?: (table: TableName | 'vault') => void | Promise<void>;
  /** Rows copied so far and rows to copy, after each page: for a progress bar. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Run once the locks are held and the source's state is read, before anything is copied: what it reads is what
   * the copy holds, since any change after it refuses the switch (the caller reads what it will record, there).
   */
  onStart?: (from: SanadDb) => void | Promise<void>;
  /**
   * Run synchronously right after the switch, before the old database is deleted: the deletion makes every page
   * holding it reload (src/storage/instance.ts), so what must outlive the switch is written here.
   */
  onSwitched?: (newName: string) => void;
}

async function copyTable(from: SanadDb, to: SanadDb, name: TableName, onPage?: (rows: number) => void): Promise<number> {
  const source = from.table(name) as Table<unknown, unknown>;
  const target = to.table(name) as Table<unknown, unknown>;
  let after: unknown = undefined;
  let copied = 0;
  for (;;) {
    const [keys, rows] = await from.transaction('r', source, async () => {
      const range = after === undefined ? source.orderBy(':id') : source.where(':id').above(after);
      const page = await range.limit(BATCH).primaryKeys();
      return [page, await source.bulkGet(page)] as const;
    });
    if (keys.length === 0) return copied;
    await to.transaction('rw', target, () => target.bulkAdd(rows));
    copied += keys.length;
    onPage?.(keys.length);
    after = keys.at(-1);
  }
}

/** What must not move while copying: each table's size, the ledger's revision and the vault row. */
async function stateOf(db: SanadDb): Promise<string> {
  return db.transaction('r', [db.events, db.snapshots, db.cases, db.settings, db.vault], async () =>
    JSON.stringify([await db.events.count(), await db.snapshots.count(), await db.cases.count(), await db.settings.count(), (await db.settings.get(LEDGER_KEY))?.rev ?? null, await db.vault.get('vault')]),
  );
}

/** Refused while another tab stages a restore (it holds the lock until the user switches or discards). */
function withRestoreLock<T>(work: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return work();
  return locks.request(RESTORE_LOCK, { ifAvailable: true }, (lock) => (lock ? work() : Promise.reject(new StorageError('busy', 'a restore is under way'))));
}

/**
 * Copies the database `fromName` (the one in use) into a new one and switches to it, deleting the old one; the
 * page must reload after, as after a restore. Returns the new database's name. Refused ('busy') when the source
 * changed while it was copied; nothing switched then, and the new database is deleted.
 */
export function compactDatabase(fromName: string, options: CompactOptions = {}): Promise<string> {
  // The restore lock keeps the start-up tidy of another tab from deleting the database being built; the ledger's
  // writer lock keeps this device's tabs from writing meanwhile, the vault row included (a revocation, the unlock
  // attempt counter); the comparison just before the switch is the guarantee.
  return withRestoreLock(() =>
    oneWriterAtATime(async () => {
      // A copy an earlier compaction left (its failure path could not delete it) goes before its mark is replaced.
      const stale = compactingName();
      if (stale && stale !== activeDbName() && stale !== fromName) await deleteQuietly(stale);
      const newName = newRestoreName();
      const from = openDb(fromName);
      const to = openDb(newName);
      let switched = false;
      let total = 1;
      try {
        // Marked before anything is copied: a copy left by a crash is deleted at the next start, never adopted.
        markCompacting(newName);
        await from.open();
        if (!(await from.vault.get('vault'))) throw new StorageError('notAllowed', 'only a database with a vault is compacted');
        await to.open();
        const before = await stateOf(from);
        await options.onStart?.(from);
        // The counts are the first four entries of the state: the rows to copy (the vault row is one more).
        total = (JSON.parse(before) as number[]).slice(0, 4).reduce((a, b) => a + b, 0) + 1;
        let done = 0;
        options.onProgress?.(done, total);
        for (const name of TABLES) {
          await copyTable(from, to, name, (rows) => options.onProgress?.((done += rows), total));
          await options.onCopied?.(name);
        }
        const vault = await from.vault.get('vault');
        await to.transaction('rw', to.vault, () => to.vault.put(vault!));
        await options.onCopied?.('vault');
        const copied = await stateOf(to);
        to.close();
        if (!(await holdsVault(newName))) throw new StorageError('unknown', 'the compacted database is not whole');
        // The last check, with nothing awaited between it and the switch: what a writer that does not take the
        // lock (or a browser without Web Locks) wrote until now is seen. A writer waiting for the lock (a
        // revocation, an unlock attempt counted, a teacher saving) would write to this database after the
        // switch, lost: the compaction gives way to it instead, and can be made again.
        const [after, waiting] = await Promise.all([stateOf(from), writersWaiting()]);
        if (after !== before || copied !== before) throw new StorageError('busy', 'the database changed while it was compacted: nothing was switched');
        if (waiting) throw new StorageError('busy', 'a write is waiting: nothing was switched');
        makeActive(newName);
        switched = true;
        clearCompacting(newName);
      } catch (err) {
        to.close();
        // The mark stays: should this delete not go through, the next start-up tidy (or compaction) deletes it.
        await Dexie.delete(newName).catch(() => undefined);
        throw err instanceof StorageError ? err : new StorageError('unknown', (err as Error)?.message ?? String(err), err);
      } finally {
        from.close();
        to.close();
      }
      if (switched) {
        // Outside the try: nothing the caller does here may undo a switch that happened.
        try {
          options.onProgress?.(total, total);
          options.onSwitched?.(newName);
        } catch {
          // The caller's record is lost at worst (a compaction made again for nothing); the switch stands.
        }
        // Other tabs holding the old database let it go (versionchange) and start again on the new one.
        await deleteQuietly(fromName);
      }
      return newName;
    }),
  );
}

/**
 * The deletion log's revision as the ledger anchors it: it moves with every purge (and with a restore that
 * re-applies the log), so a compaction records it to know whether purges happened since. Undefined: nothing was
 * ever purged in this database. A ledger that does not open throws StorageError('altered').
 */
export async function deletionLogRevision(db: SanadDb, keys: VaultKeys): Promise<number | undefined> {
  return (await openLedger(keys, await readLedgerRow(db)))?.settings[DELETION_LOG_KEY];
}
