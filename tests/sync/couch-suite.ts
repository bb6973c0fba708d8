import { afterAll, beforeAll } from 'vitest';
import { startCouch } from './couch-server';
import type { CouchServer } from './couch-server';

/**
 * One CouchDB-protocol server (express-pouchdb in memory) for a test file: started before its tests, stopped
 * after. Returns a getter, since the server exists only once `beforeAll` has run.
 */
export function couchForThisFile(): () => CouchServer {
  let couch: CouchServer | undefined;
  beforeAll(async () => {
    couch = await startCouch();
  });
  afterAll(async () => {
    await couch?.stop();
  });
  return () => {
    if (!couch) throw new Error('the CouchDB-protocol server is not started yet (use it inside a test)');
    return couch;
  };
}
