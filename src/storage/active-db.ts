import { DB_NAME } from './schema';

/**
 * Which IndexedDB database holds this device's cases (docs/decisions/0015-staged-restore.md).
 *
 * A restore is written into a new database, checked there, and only then made the one in use by a single
 * synchronous write of its name: a tab closed or a crash at any point before that leaves the old database in
 * use, untouched. The name lives in localStorage because the app needs it synchronously, before its first
 * query. Browsers usually clear localStorage and IndexedDB together, but not always (developer tools, cleaner
 * extensions): a lost pointer must never cost the cases, so tidyDatabases adopts a restored database again
 * rather than deleting it.
 */
const POINTER = 'sanad:db';
const RESTORED = /^sanad-db-[0-9a-z]+-[0-9a-f]{8}$/;
/** Held by the tab writing a restore into its new database, so that no other tab tidies that database away. */
export const RESTORE_LOCK = 'sanad-restore';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The database in use: the last restore's, or the original one (tidyDatabases settles which at start). */
export function activeDbName(): string {
  const name = storage()?.getItem(POINTER);
  return name && RESTORED.test(name) ? name : DB_NAME;
}

/** A fresh name for a restore's database (time first, so names sort by age). */
export function newRestoreName(): string {
  const tail = Array.from(globalThis.crypto.getRandomValues(new Uint8Array(4)), (b) => b.toString(16).padStart(2, '0')).join('');
  return `sanad-db-${Date.now().toString(36)}-${tail}`;
}

/** The switch: one synchronous write. Before it the old database is in use, after it the restored one. */
export function makeActive(name: string): void {
  const s = storage();
  if (!s) throw new Error('no localStorage: a restore cannot be switched to');
  if (name === DB_NAME) s.removeItem(POINTER);
  else s.setItem(POINTER, name);
}

const isOurs = (name: string) => name === DB_NAME || RESTORED.test(name);

/**
 * The database a compaction is building (src/storage/compact.ts), written before its first row is copied and
 * cleared after the switch: a copy an interrupted compaction left behind holds a vault, like a restore's, but
 * must not be kept (it still holds cases purged later), so the start-up tidy deletes it unless the pointer names it.
 */
const COMPACTING = 'sanad:compacting';

/** The compaction copy marked and not yet cleared, if any. */
export function compactingName(): string | null {
  return storage()?.getItem(COMPACTING) ?? null;
}

export function markCompacting(name: string): void {
  const s = storage();
  if (!s) throw new Error('no localStorage: a compaction cannot be switched to');
  s.setItem(COMPACTING, name);
}

export function clearCompacting(name: string): void {
  const s = storage();
  if (s?.getItem(COMPACTING) === name) s.removeItem(COMPACTING);
}

/**
 * Whether a database holds a vault, read with raw IndexedDB (no version given, so an existing database is
 * opened as it is and nothing is created or upgraded; it is only ever asked of a name the browser listed).
 */
export function holdsVault(name: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = indexedDB.open(name);
    req.addEventListener('error', () => resolve(false));
    // A database another tab is still creating: not ours to judge now.
    req.addEventListener('blocked', () => resolve(false));
    req.addEventListener('success', () => {
      const db = req.result;
      if (!db.objectStoreNames.contains('vault')) {
        db.close();
        return resolve(false);
      }
      const get = db.transaction('vault', 'readonly').objectStore('vault').get('vault');
      get.addEventListener('success', () => {
        db.close();
        resolve(get.result !== undefined);
      });
      get.addEventListener('error', () => {
        db.close();
        resolve(false);
      });
    });
  });
}

/**
 * At start, before the database is opened: settles which database is in use and deletes what interrupted or
 * superseded restores left behind. It errs on the side of keeping: a database that holds a vault is deleted
 * only when the pointer names another database that exists, and nothing is deleted at all without Web Locks
 * (another tab may be writing a restore) or when the listing cannot be had.
 *
 * - The pointer names a database that exists: that one is in use; every other of ours goes.
 * - No pointer (or it names one the browser does not list): the original is in use if it holds a vault.
 *   If it does not, and a restored database holds one, the pointer was lost after a switch (storage cleared
 *   in part, an extension): the newest such database is adopted again, never deleted. Restores that never
 *   got as far as their vault row are deleted; complete ones are kept (sealed, and possibly the team's only
 *   copy).
 */
export async function tidyDatabases(): Promise<void> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return;
  if (typeof navigator === 'undefined' || !navigator.locks) return;
  await navigator.locks.request(RESTORE_LOCK, { ifAvailable: true }, async (lock) => {
    // Held by a tab writing a restore: its database, and the pointer, may be about to change.
    if (!lock) return;
    let names = (await indexedDB.databases()).map((d) => d.name ?? '').filter(isOurs);
    const pointed = storage()?.getItem(POINTER) ?? null;
    // A compaction's copy the pointer does not name was never switched to: it goes, vault or not, provided the
    // database in use is there with its vault (otherwise it is left to the rules below, which keep a lone copy).
    const compacting = storage()?.getItem(COMPACTING) ?? null;
    if (compacting) {
      const inUse = pointed && RESTORED.test(pointed) && names.includes(pointed) ? pointed : DB_NAME;
      if (RESTORED.test(compacting) && compacting !== inUse && names.includes(inUse) && (await holdsVault(inUse))) {
        await deleteQuietly(compacting);
        names = names.filter((n) => n !== compacting);
      }
      storage()?.removeItem(COMPACTING);
    }
    if (pointed && RESTORED.test(pointed) && names.includes(pointed)) {
      for (const name of names) if (name !== pointed) await deleteQuietly(name);
      return;
    }
    const restored = names.filter((n) => RESTORED.test(n)).sort();
    const complete: string[] = [];
    for (const name of restored) if (await holdsVault(name)) complete.push(name);
    const original = names.includes(DB_NAME) && (await holdsVault(DB_NAME));
    if (!original && complete.length > 0) {
      makeActive(complete.at(-1)!);
      return;
    }
    // A pointer the listing does not confirm is dropped only for an original that holds a vault; without one,
    // it is left as it is (a listing may miss a database once; opening by name still finds it).
    if (pointed && original) storage()?.removeItem(POINTER);
    for (const name of restored) if (!complete.includes(name)) await deleteQuietly(name);
  });
}

/** Deletes a database; a tab still holding it open is asked to close by the browser (versionchange). */
export function deleteQuietly(name: string): Promise<void> {
  return new Promise((resolve) => {
    const req = indexedDB.deleteDatabase(name);
    req.addEventListener('success', () => resolve());
    req.addEventListener('error', () => resolve());
    // Blocked by a tab that does not let go: it is tried again at the next start.
    req.addEventListener('blocked', () => resolve());
  });
}
