import { activeDbName } from './active-db';
import { openDb } from './db';
import type { SanadDb } from './db';

/** The app's one database connection, opened on first use: the database in use (active-db.ts). */
let db: SanadDb | undefined;

export function appDb(): SanadDb {
  db ??= openDb(activeDbName());
  return db;
}
