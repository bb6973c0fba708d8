import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import expressPouchDB from 'express-pouchdb';
import PouchDB from 'pouchdb-core';
import type { PouchStatic } from 'pouchdb-core';
import http from 'pouchdb-adapter-http';
import memory from 'pouchdb-adapter-memory';
import replication from 'pouchdb-replication';

/**
 * A real CouchDB-protocol server for tests: express-pouchdb (the PouchDB project's CouchDB-compatible server, in
 * full CouchDB mode so `validate_doc_update` and `_security` are honoured) over in-memory PouchDB, on 127.0.0.1 at a
 * free port. Production is Apache CouchDB 3.x (docs/decisions/0018-team-sync.md). No file is written but its log,
 * in a temporary folder removed on stop.
 */
export const Pouch: PouchStatic = PouchDB.plugin(memory).plugin(http).plugin(replication);

export interface CouchServer {
  url: string;
  /** The server's own storage, for tests that play a hostile server operator. */
  storage: PouchStatic;
  stop(): Promise<void>;
}

export async function startCouch(): Promise<CouchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'sanad-couch-'));
  // Each server gets its own name prefix: memory databases are global to the process.
  const storage = Pouch.defaults({ adapter: 'memory', prefix: `srv-${dir.slice(-6)}-` });
  const app = expressPouchDB(storage, { mode: 'fullCouchDB', inMemoryConfig: true, logPath: join(dir, 'log.txt'), overrideMode: { exclude: ['routes/fauxton'] } });
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    storage,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
