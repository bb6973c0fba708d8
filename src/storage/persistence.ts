import { appDb } from './instance';

export type PersistState = 'granted' | 'denied' | 'unsupported';

/** Asks the browser not to evict this origin's data under storage pressure (ARCHITECTURE §5). */
export async function requestPersistence(): Promise<PersistState> {
  const storage = navigator.storage as StorageManager | undefined;
  if (!storage?.persist) return 'unsupported';
  if (await storage.persisted()) return 'granted';
  return (await storage.persist()) ? 'granted' : 'denied';
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
