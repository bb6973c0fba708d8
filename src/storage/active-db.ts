import { DB_NAME } from './schema';

/**
 * Which IndexedDB database holds this device's cases (docs/decisions/0015-staged-restore.md).
 *
 * A restore is written into a new database, checked there, and only then made the one in use by a single
 * synchronous write of its name: a tab closed or a crash at any point before that leaves the old database in
 * use, untouched. The name lives in localStorage because the app needs it synchronously, before its first
 * query; the browser clears localStorage and IndexedDB together, so the pointer cannot outlive its database
 * without the check below noticing.
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

/** The database in use: the last restore's, or the original one. */
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
 * At start, before the database is opened: forgets a pointer to a database that no longer exists (the original
 * is used again), and deletes what interrupted or superseded restores left behind, unless a restore is being
 * written in another tab right now. Never deletes the database in use.
 */
export async function tidyDatabases(): Promise<void> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return;
  const names = (await indexedDB.databases()).map((d) => d.name ?? '').filter(isOurs);
  const active = activeDbName();
  if (active !== DB_NAME && !names.includes(active)) {
    storage()?.removeItem(POINTER);
    return;
  }
  const leftovers = names.filter((n) => n !== active);
  if (leftovers.length === 0) return;
  const drop = async () => {
    for (const name of leftovers) await deleteQuietly(name);
  };
  if (typeof navigator !== 'undefined' && navigator.locks) {
    await navigator.locks.request(RESTORE_LOCK, { ifAvailable: true }, async (lock) => (lock ? drop() : undefined));
  } else await drop();
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
