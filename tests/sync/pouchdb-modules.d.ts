// The few parts of PouchDB and express-pouchdb the sync tests use (the packages ship no types).

declare module 'pouchdb-core' {
  export interface PouchDoc {
    _id: string;
    _rev?: string;
    [field: string]: unknown;
  }
  export interface ReplicationResult {
    ok: boolean;
    docs_read: number;
    docs_written: number;
    doc_write_failures: number;
    errors: unknown[];
  }
  export interface Database {
    name: string;
    put(doc: PouchDoc): Promise<{ ok: boolean; id: string; rev: string }>;
    bulkDocs(docs: PouchDoc[], opts?: { new_edits?: boolean }): Promise<unknown[]>;
    get(id: string): Promise<PouchDoc>;
    allDocs(opts?: { include_docs?: boolean; startkey?: string; endkey?: string }): Promise<{ rows: { id: string; doc?: PouchDoc }[] }>;
    replicate: {
      to(target: Database | string, opts?: Record<string, unknown>): Promise<ReplicationResult>;
      from(source: Database | string, opts?: Record<string, unknown>): Promise<ReplicationResult>;
    };
    destroy(): Promise<void>;
  }
  export interface PouchStatic {
    new (name: string, opts?: Record<string, unknown>): Database;
    plugin(plugin: unknown): PouchStatic;
    defaults(opts: Record<string, unknown>): PouchStatic;
  }
  const PouchDB: PouchStatic;
  export default PouchDB;
}

declare module 'pouchdb-adapter-memory' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-adapter-http' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-replication' {
  const plugin: unknown;
  export default plugin;
}

declare module 'express-pouchdb' {
  import type { Server } from 'node:http';
  import type { PouchStatic } from 'pouchdb-core';
  interface ExpressPouchApp {
    listen(port: number, host: string, done: () => void): Server;
  }
  export default function expressPouchDB(pouch: PouchStatic, opts?: Record<string, unknown>): ExpressPouchApp;
}
