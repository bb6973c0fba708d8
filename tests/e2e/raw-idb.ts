import { createHash } from 'node:crypto';
import type { Page } from '@playwright/test';

/** One object store as IndexedDB holds it: primary keys, values, and the keys of each index. */
export interface RawStore {
  keys: unknown[];
  values: unknown[];
  indexKeys: unknown[][];
}

/**
 * Every store of a database, read with raw IndexedDB so the app's own code is not the judge of what is
 * there (or of what changed). A database that does not exist yet reads as no stores.
 */
export function rawDump(page: Page, name = 'sanad'): Promise<Record<string, RawStore>> {
  return page.evaluate(
    (dbName) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open(dbName);
        open.addEventListener('error', () => reject(open.error));
        open.addEventListener('success', () => {
          const db = open.result;
          const names = [...db.objectStoreNames].sort();
          const dump: Record<string, RawStore> = {};
          if (names.length === 0) {
            db.close();
            resolve(dump);
            return;
          }
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
          tx.addEventListener('complete', () => {
            db.close();
            resolve(dump);
          });
        });
      }),
    name,
  );
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
  return page.evaluate(
    (dbName) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open(dbName);
        open.addEventListener('error', () => reject(open.error));
        open.addEventListener('success', () => {
          const db = open.result;
          const names = [...db.objectStoreNames].sort();
          const dump: Record<string, { keys: unknown[]; values: unknown[]; indexKeys: unknown[][] }> = {};
          const digest = async () => {
            const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(dump))));
            const rows = Object.fromEntries(Object.entries(dump).map(([n, s]) => [n, s.values.length]));
            resolve({ digest: Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(''), rows });
          };
          if (names.length === 0) {
            db.close();
            void digest();
            return;
          }
          const tx = db.transaction(names, 'readonly');
          for (const n of names) {
            const store = tx.objectStore(n);
            const entry: { keys: unknown[]; values: unknown[]; indexKeys: unknown[][] } = { keys: [], values: [], indexKeys: [] };
            dump[n] = entry;
            store.getAllKeys().addEventListener('success', (e) => (entry.keys = (e.target as IDBRequest<unknown[]>).result));
            store.getAll().addEventListener('success', (e) => (entry.values = (e.target as IDBRequest<unknown[]>).result));
            for (const i of [...store.indexNames].sort()) {
              store.index(i).getAllKeys().addEventListener('success', (e) => entry.indexKeys.push((e.target as IDBRequest<unknown[]>).result));
            }
          }
          tx.addEventListener('complete', () => {
            db.close();
            void digest();
          });
        });
      }),
    name,
  );
}
