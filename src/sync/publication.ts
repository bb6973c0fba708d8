/**
 * How a team's CouchDB is published under the app's own origin (the app's Content-Security-Policy allows it to
 * connect there only; docs/decisions/0018-team-sync.md, docs/deploy-couchdb.md). Whoever runs the server could
 * otherwise serve a page of their own on that origin (an attachment as HTML, CouchDB's admin pages) able to
 * replace the app's cached code. So the reverse proxy forwards only the JSON requests the app and PouchDB's
 * replicator make, and marks every response so a browser never runs it as a page of the app's origin.
 * The test server of the end-to-end tests applies exactly these rules (tests/e2e/sync-server.ts).
 */

/** Set on every response under the published path. */
export const PUBLICATION_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "sandbox; default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'content-disposition': 'attachment',
  'cache-control': 'no-store',
};

const BULK = new Set(['_changes', '_revs_diff', '_bulk_get', '_bulk_docs', '_all_docs', '_ensure_full_commit']);
const DB_NAME = /^[a-z][a-z0-9_$()+-]*$/;

/**
 * Whether the proxy forwards `method` on `path` (the path under the published prefix, query string excluded):
 * the server's root and a database's information (read only), its rules (`_design/sanad`, read only), its
 * mailboxes (`_local/…`), the replication endpoints, and a document by id (read only). Never an attachment
 * (a third path part after a document id), another design document, `_utils`, `_session` or `_config`.
 */
export function forwarded(method: string, path: string): boolean {
  const m = method.toUpperCase();
  const read = m === 'GET' || m === 'HEAD';
  let parts: string[];
  try {
    parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return false;
  }
  if (parts.length === 0) return read;
  const [db, first, second, ...rest] = parts;
  if (!db || !DB_NAME.test(db)) return false;
  if (first === undefined) return read;
  if (first === '_local') return second !== undefined && rest.length === 0 && (read || m === 'PUT' || m === 'DELETE');
  if (first === '_design') return second === 'sanad' && rest.length === 0 && read;
  if (BULK.has(first)) return second === undefined && (read || m === 'POST');
  if (first.startsWith('_')) return false;
  return second === undefined && read;
}
