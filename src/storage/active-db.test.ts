import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { activeDbName, makeActive, tidyDatabases } from './active-db';
import { openDb } from './db';
import type { VaultRow } from './vault';

/**
 * Which database is in use after a restore, and what the start-up tidy may delete (docs/decisions/0015). The
 * browser's localStorage and Web Locks are replaced by the smallest stand-ins that behave like them; the
 * databases are real (fake-indexeddb), listed by indexedDB.databases() as a browser lists them.
 */
const stored = new Map<string, string>();
const fakeStorage = {
  getItem: (k: string) => stored.get(k) ?? null,
  setItem: (k: string, v: string) => void stored.set(k, v),
  removeItem: (k: string) => void stored.delete(k),
};
const locks = { request: (_name: string, _options: unknown, work: (lock: unknown) => Promise<unknown>) => work({ name: 'sanad-restore' }) };

async function makeDb(name: string, withVault: boolean) {
  const db = openDb(name);
  await db.open();
  if (withVault) await db.vault.put({ id: 'vault' } as VaultRow);
  db.close();
}
const names = async () => (await indexedDB.databases()).map((d) => d.name).filter((n) => n?.startsWith('sanad')).sort();
const RESTORED_A = 'sanad-db-m1a-0000000a';
const RESTORED_B = 'sanad-db-m1b-0000000b';

beforeEach(async () => {
  stored.clear();
  vi.stubGlobal('localStorage', fakeStorage);
  vi.stubGlobal('navigator', { locks });
  for (const n of await names()) await new Promise((ok) => (indexedDB.deleteDatabase(n!).onsuccess = ok));
});
afterEach(() => vi.unstubAllGlobals());

describe('the database in use after a restore, and the start-up tidy', () => {
  it('after a switch, the restored database is in use and the replaced one is deleted at the next start', async () => {
    await makeDb('sanad', true);
    await makeDb(RESTORED_A, true);
    makeActive(RESTORED_A);
    await tidyDatabases();
    expect(activeDbName()).toBe(RESTORED_A);
    expect(await names()).toEqual([RESTORED_A]);
  });

  it('a pointer lost after a switch (storage cleared in part) never costs the cases: the restored database is adopted again, nothing deleted', async () => {
    await makeDb(RESTORED_A, true);
    await tidyDatabases();
    expect(activeDbName()).toBe(RESTORED_A);
    expect(await names()).toEqual([RESTORED_A]);
  });

  it('without a pointer and with the original vault in place, a restore that never got its vault row is deleted, a complete one kept', async () => {
    await makeDb('sanad', true);
    await makeDb(RESTORED_A, false);
    await makeDb(RESTORED_B, true);
    await tidyDatabases();
    expect(activeDbName()).toBe('sanad');
    expect(await names()).toEqual(['sanad', RESTORED_B]);
  });

  it('a pointer to a database the browser does not list falls back to the original vault, and nothing is deleted', async () => {
    await makeDb('sanad', true);
    await makeDb(RESTORED_B, true);
    makeActive(RESTORED_A);
    await tidyDatabases();
    expect(activeDbName()).toBe('sanad');
    expect(await names()).toEqual(['sanad', RESTORED_B]);
  });

  it('while another tab holds the restore lock, or without Web Locks, nothing is deleted', async () => {
    await makeDb('sanad', true);
    await makeDb(RESTORED_A, false);
    vi.stubGlobal('navigator', { locks: { request: (_n: string, _o: unknown, work: (lock: unknown) => Promise<unknown>) => work(null) } });
    await tidyDatabases();
    expect(await names()).toEqual(['sanad', RESTORED_A]);
    vi.stubGlobal('navigator', {});
    await tidyDatabases();
    expect(await names()).toEqual(['sanad', RESTORED_A]);
  });
});
