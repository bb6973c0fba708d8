import { createHash } from 'node:crypto';
import type { Page } from '@playwright/test';

/** One object store as IndexedDB holds it: primary keys, values, and the keys of each index. */
export interface RawStore {
  keys: unknown[];
  values: unknown[];
  indexKeys: unknown[][];
}

type Dump = Record<string, RawStore>;

/**
 * Runs inside the page: every store of `dbName` read with raw IndexedDB, handed whole to the test (`digest`
 * false) or as the SHA-256 of its JSON with its row counts (`digest` true). One reader for both, so the two
 * digests below hash the same thing.
 */
function readInPage({ dbName, digest }: { dbName: string; digest: boolean }): Promise<Dump | { digest: string; rows: Record<string, number> }> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(dbName);
    open.addEventListener('error', () => reject(open.error));
    open.addEventListener('success', () => {
      const db = open.result;
      const names = [...db.objectStoreNames].sort();
      const dump: Dump = {};
      const done = async () => {
        db.close();
        if (!digest) return resolve(dump);
        const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(dump))));
        const rows = Object.fromEntries(Object.entries(dump).map(([n, s]) => [n, s.values.length]));
        resolve({ digest: Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(''), rows });
      };
      if (names.length === 0) return void done();
      const tx = db.transaction(names, 'readonly');
      for (const n of names) {
        const store = tx.objectStore(n);
        const entry: RawStore = { keys: [], values: [], indexKeys: [] };
        dump[n] = entry;
        store.getAllKeys().addEventListener('success', (e) => (entry.keys = (e.target as IDBRequest<unknown[]>).result));
        store.getAll().addEventListener('success', (e) => (entry.values = (e.target as IDBRequest<unknown[]>).result));
        for (const i of [...store.indexNames].sort()) {
          store.index(i).getAllKeys().addEventListener('success', (e) => entry.indexKeys.push((e.target as IDBRequest<unknown[]>).result));
        }
      }
      tx.addEventListener('complete', () => void done());
    });
  });
}

/**
 * Every store of a database, read with raw IndexedDB so the app's own code is not the judge of what is
 * there (or of what changed). A database that does not exist yet reads as no stores.
 */
export function rawDump(page: Page, name = 'sanad'): Promise<Dump> {
  return page.evaluate(readInPage, { dbName: name, digest: false }) as Promise<Dump>;
}

/** How many rows each store holds. */
export const rowCounts = (dump: Record<string, RawStore>): Record<string, number> => Object.fromEntries(Object.entries(dump).map(([n, s]) => [n, s.values.length]));

/** A SHA-256 of every key and value of every store, and the row counts: equal digests, equal databases. */
export async function rawDigest(page: Page, name: string): Promise<{ digest: string; rows: Record<string, number> }> {
  const dump = await rawDump(page, name);
  return { digest: createHash('sha256').update(JSON.stringify(dump)).digest('hex'), rows: rowCounts(dump) };
}

/**
 * The same digest as `rawDigest` (SHA-256 of the same JSON), computed inside the page: for a database of thousands
 * of cases, whose dump would take seconds to come across to the test. Read with raw IndexedDB all the same.
 */
export function rawDigestInPage(page: Page, name: string): Promise<{ digest: string; rows: Record<string, number> }> {
  return page.evaluate(readInPage, { dbName: name, digest: true }) as Promise<{ digest: string; rows: Record<string, number> }>;
}
