import { activeDbName } from './active-db';
import { openDb } from './db';
import type { SanadDb } from './db';

/** The app's one database connection, opened on first use: the database in use (active-db.ts). */
let db: SanadDb | undefined;

export function appDb(): SanadDb {
  if (!db) {
    db = openDb(activeDbName());
    // This page's database is being deleted: a restore in another tab (or this one) switched to another. The
    // page starts again on the database now in use; its keys were for the replaced vault anyway.
    db.on('versionchange', (ev) => {
      if (ev.newVersion === null && typeof location !== 'undefined') location.reload();
    });
  }
  return db;
}
