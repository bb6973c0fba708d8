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
