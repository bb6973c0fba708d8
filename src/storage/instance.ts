import { openDb } from './db';
import type { SanadDb } from './db';

/** The app's one database connection, opened on first use. */
let db: SanadDb | undefined;

export function appDb(): SanadDb {
  db ??= openDb();
  return db;
}
