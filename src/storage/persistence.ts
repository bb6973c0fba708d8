import { appDb } from './instance';

export type PersistState = 'granted' | 'denied' | 'unsupported';

const storage = () => navigator.storage as StorageManager | undefined;

/**
 * Asks the browser not to evict this origin's data under storage pressure (without it, a browser short of space
 * may delete the cases with the rest of the site's data).
 */
export async function requestPersistence(): Promise<PersistState> {
  const s = storage();
  if (!s?.persist) return 'unsupported';
  if (await s.persisted()) return 'granted';
  return (await s.persist()) ? 'granted' : 'denied';
}

/** What the browser has granted, without asking. */
export async function persistenceState(): Promise<PersistState> {
  const s = storage();
  if (!s?.persisted) return 'unsupported';
  return (await s.persisted()) ? 'granted' : 'denied';
}

/**
 * Another tab opened a newer schema: this tab must let go of the database and reload. The callback lets the
 * page say so (drafts are already saved on every keystroke, so a reload loses nothing).
 */
export function onSchemaUpgradeElsewhere(callback: () => void): () => void {
  const db = appDb();
  const handler = () => {
    db.close();
    callback();
  };
  db.on('versionchange', handler);
  return () => db.on('versionchange').unsubscribe(handler);
}
