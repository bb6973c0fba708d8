import type { Page } from '@playwright/test';

/**
 * Every row of every store of a database, keys and values, read with raw IndexedDB and hashed in the page
 * (SHA-256), so the app's own code is not the judge of what changed.
 */
export async function rawDigest(page: Page, name: string): Promise<{ digest: string; rows: Record<string, number> }> {
  return page.evaluate(
    (dbName) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open(dbName);
        open.addEventListener('error', () => reject(open.error));
        open.addEventListener('success', () => {
          const db = open.result;
          const names = [...db.objectStoreNames].sort();
          const dump: Record<string, unknown> = {};
          const rows: Record<string, number> = {};
          if (names.length === 0) {
            db.close();
            resolve({ digest: 'empty', rows });
            return;
          }
          const tx = db.transaction(names, 'readonly');
          for (const n of names) {
            const keys = tx.objectStore(n).getAllKeys();
            const values = tx.objectStore(n).getAll();
            values.addEventListener('success', () => {
              dump[n] = { keys: keys.result, values: values.result };
              rows[n] = values.result.length;
            });
          }
          tx.addEventListener('complete', () => {
            db.close();
            const bytes = new TextEncoder().encode(JSON.stringify(names.map((n) => [n, dump[n]])));
            void crypto.subtle.digest('SHA-256', bytes).then((h) =>
              resolve({ digest: [...new Uint8Array(h)].map((b) => b.toString(16).padStart(2, '0')).join(''), rows }),
            );
          });
        });
      }),
    name,
  );
}
