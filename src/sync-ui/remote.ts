import { DESIGN_DOC_ID, RULES_VERSION } from '../sync/server-rules';
import type { SyncServer } from '../storage/sync-enrol';

/**
 * Talking to the team's server outside replication: checking it before sync is turned on, and the two mailboxes of
 * enrolment (a newcomer's join request, a member's welcome), kept as `_local` documents of the team's database. They
 * are never replicated nor validated by the server's rules, and hold nothing secret: public keys, a signed member
 * list. What they say is checked by a person comparing codes (src/storage/sync-enrol.ts), not by trusting the server.
 */

export type RemoteProblem = 'badAddress' | 'otherOrigin' | 'offline' | 'unreachable' | 'unauthorized' | 'forbidden' | 'noDatabase' | 'notCouch' | 'noRules' | 'serverError';

export class RemoteError extends Error {
  constructor(
    readonly problem: RemoteProblem,
    detail = '',
  ) {
    super(`team server: ${problem}${detail ? ` (${detail})` : ''}`);
    this.name = 'RemoteError';
  }
}

export interface Remote {
  /** The database's address, without credentials. */
  db: string;
  headers: Record<string, string>;
  auth?: { username: string; password: string };
}

/**
 * The server as the app can reach it. `origin`: the app's own; the built app's Content-Security-Policy lets it
 * connect to that origin only, so the team's database must be published under it (a reverse proxy path).
 */
export function remoteOf(server: SyncServer, origin?: string): Remote {
  let u: URL;
  try {
    u = new URL(server.url.trim());
  } catch {
    throw new RemoteError('badAddress', 'not an address');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new RemoteError('badAddress', 'http or https only');
  // The database is the last part of the path; what comes before it is where a reverse proxy publishes CouchDB.
  const parts = u.pathname.split('/').filter(Boolean);
  const name = decodeURIComponent(parts.pop() ?? '');
  // CouchDB's rule for database names (one path part: no slash).
  if (!/^[a-z][a-z0-9_$()+-]*$/.test(name)) throw new RemoteError('badAddress', 'the address must end with the team database name (lowercase)');
  if (origin !== undefined && u.origin !== origin) throw new RemoteError('otherOrigin', u.origin);
  // A name or password in the address would be stored with it and shown with it: they go in the account fields.
  if (u.username || u.password) throw new RemoteError('badAddress', 'no account in the address: use the account fields');
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  const user = server.user?.trim() ?? '';
  const password = user ? (server.password ?? '') : '';
  let auth: Remote['auth'];
  if (user) {
    auth = { username: user, password };
    headers.authorization = `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(`${user}:${password}`)))}`;
  }
  const db = `${u.origin}/${[...parts, encodeURIComponent(name)].join('/')}`;
  return { db, headers, ...(auth ? { auth } : {}) };
}

/** A problem from an HTTP status of the team's server. */
export function problemOfStatus(status: number): RemoteProblem {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'noDatabase';
  return 'serverError';
}

async function call(remote: Remote, method: string, path: string, body?: unknown, f: typeof fetch = fetch): Promise<{ status: number; json: Record<string, unknown> | null }> {
  if (typeof navigator !== 'undefined' && navigator.onLine === false) throw new RemoteError('offline');
  let res: Response;
  try {
    res = await f(`${remote.db}${path}`, { method, headers: remote.headers, cache: 'no-store', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  } catch (err) {
    throw new RemoteError('unreachable', (err as Error).message);
  }
  const text = await res.text().catch(() => '');
  let json: Record<string, unknown> | null = null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
  } catch {
    json = null;
  }
  return { status: res.status, json };
}

/**
 * Checks the team's database before anything is written on this device: reachable, the account accepted, a CouchDB
 * database, the rules of `npm run sync:setup` installed (an older version of them counts as missing).
 */
export async function checkServer(remote: Remote, f?: typeof fetch): Promise<void> {
  const info = await call(remote, 'GET', '', undefined, f);
  if (info.status === 401 || info.status === 403) throw new RemoteError(problemOfStatus(info.status));
  if (info.status === 404 && info.json) throw new RemoteError('noDatabase');
  if (info.status >= 500) throw new RemoteError('serverError', String(info.status));
  if (info.status !== 200 || !info.json || typeof info.json.db_name !== 'string') throw new RemoteError('notCouch', String(info.status));
  const rules = await call(remote, 'GET', `/${DESIGN_DOC_ID}`, undefined, f);
  if (rules.status === 401 || rules.status === 403) throw new RemoteError(problemOfStatus(rules.status));
  if (rules.status >= 500) throw new RemoteError('serverError', String(rules.status));
  if (rules.status !== 200 || rules.json?.rulesVersion !== RULES_VERSION || typeof rules.json.validate_doc_update !== 'string') throw new RemoteError('noRules');
}

export const joinDocId = (fingerprint: string) => `_local/sanad-join-${fingerprint}`;
export const welcomeDocId = (fingerprint: string) => `_local/sanad-welcome-${fingerprint}`;

/** A mailbox document, or null when there is none. */
export async function readLocalDoc(remote: Remote, id: string, f?: typeof fetch): Promise<Record<string, unknown> | null> {
  const r = await call(remote, 'GET', `/${id}`, undefined, f);
  if (r.status === 404) return null;
  if (r.status !== 200 || !r.json) throw new RemoteError(problemOfStatus(r.status), `reading ${id}`);
  return r.json;
}

/** Writes a mailbox document, replacing the one there. */
export async function writeLocalDoc(remote: Remote, id: string, body: object, f?: typeof fetch): Promise<void> {
  const current = await readLocalDoc(remote, id, f);
  const r = await call(remote, 'PUT', `/${id}`, { ...body, ...(current?._rev ? { _rev: current._rev } : {}) }, f);
  if (r.status !== 201 && r.status !== 200) throw new RemoteError(problemOfStatus(r.status), `writing ${id}`);
}

/** Removes a mailbox document once read (best effort: a leftover holds only public keys). */
export async function removeLocalDoc(remote: Remote, id: string, f?: typeof fetch): Promise<void> {
  const current = await readLocalDoc(remote, id, f).catch(() => null);
  if (current?._rev) await call(remote, 'DELETE', `/${id}?rev=${encodeURIComponent(String(current._rev))}`, undefined, f).catch(() => undefined);
}

/** Strips CouchDB's own fields from a mailbox document. */
export function bodyOf(doc: Record<string, unknown>): Record<string, unknown> {
  const { _id: _i, _rev: _r, ...rest } = doc;
  return rest;
}
