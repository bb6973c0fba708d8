import { createHash } from 'node:crypto';

/**
 * Reads an IndexedDB database (fake-indexeddb in Node) with the raw API, not the app's storage code, so a test
 * that says "the database is unchanged" does not trust the code under test to say so.
 */
const request = <T>(r: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    r.addEventListener('success', () => resolve(r.result));
    r.addEventListener('error', () => reject(r.error));
  });

export async function rawTables(name: string): Promise<Record<string, { keys: unknown[]; values: unknown[] }>> {
  const open = indexedDB.open(name);
  const db = await request(open);
  try {
    const stores = [...db.objectStoreNames].sort();
    const tx = db.transaction(stores, 'readonly');
    const out: Record<string, { keys: unknown[]; values: unknown[] }> = {};
    for (const s of stores) {
      const store = tx.objectStore(s);
      const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
      out[s] = { keys, values };
    }
    return out;
  } finally {
    db.close();
  }
}

/** SHA-256 of every store's keys and values, in key order. */
export async function rawDigest(name: string): Promise<string> {
  return createHash('sha256').update(JSON.stringify(await rawTables(name))).digest('hex');
}

/** Puts back, with the raw API, every store's rows as `rawTables` read them (stores cleared first). */
export async function putRaw(name: string, tables: Record<string, { keys: unknown[]; values: unknown[] }>): Promise<void> {
  const db = await request(indexedDB.open(name));
  try {
    const stores = Object.keys(tables);
    const tx = db.transaction(stores, 'readwrite');
    for (const s of stores) {
      const store = tx.objectStore(s);
      store.clear();
      const { keys, values } = tables[s]!;
      values.forEach((v, i) => (store.keyPath === null ? store.put(v, keys[i] as IDBValidKey) : store.put(v)));
    }
    await new Promise<void>((resolve, reject) => {
      tx.addEventListener('complete', () => resolve());
      tx.addEventListener('abort', () => reject(tx.error));
    });
  } finally {
    db.close();
  }
}
