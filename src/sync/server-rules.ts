/**
 * The rules a team's CouchDB database enforces (docs/decisions/0018-team-sync.md), and the code that installs them
 * over HTTP (used by `npm run sync:setup -- URL` and by the tests against a CouchDB-protocol server).
 *
 * The server cannot read a document; it can still refuse what no Sanad device ever writes: a change to a document
 * (every document is immutable), a deletion, a field outside the whitelist, an id outside the three kinds, a
 * document over the size cap. Only an admin may change the rules themselves.
 */

export const DESIGN_DOC_ID = '_design/sanad';
/** Raised whenever the function below changes, so setup knows to replace an older one. */
export const RULES_VERSION = 1;
/** Characters of a whole document: an event's largest bucket (64 KiB) in base64 plus its other fields. */
export const MAX_DOC_CHARS = 100_000;

/**
 * `validate_doc_update`, as CouchDB runs it (its own JavaScript engine, ES5: no arrow, no let, no template).
 * Thrown `{forbidden}` becomes HTTP 403. `_local` documents (replication checkpoints) are never validated.
 */
export const VALIDATE_DOC_UPDATE = `function (newDoc, oldDoc, userCtx, secObj) {
  var id = newDoc._id;
  var roles = (userCtx && userCtx.roles) || [];
  if (id.indexOf('_design/') === 0) {
    if (roles.indexOf('_admin') === -1) throw({ forbidden: 'only an admin may change the rules' });
    return;
  }
  if (oldDoc) throw({ forbidden: 'documents are immutable: no update and no deletion' });
  if (newDoc._deleted) throw({ forbidden: 'documents are immutable: no deletion' });
  var TAG = '[A-Za-z0-9_-]{43}';
  var kind = null;
  if (new RegExp('^e:' + TAG + ':[A-Za-z0-9_-]{1,100}$').test(id)) kind = 'e';
  else if (new RegExp('^k:' + TAG + '$').test(id)) kind = 'k';
  else if (/^t:[0-9]{1,6}:[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(id)) kind = 't';
  if (!kind) throw({ forbidden: 'unknown document id' });
  var allowed = { _id: 1, _rev: 1, _revisions: 1, v: 1, kid: 1, iv: 1, ct: 1, sig: 1 };
  if (kind === 't') allowed.epk = 1;
  for (var key in newDoc) {
    if (!allowed[key]) throw({ forbidden: 'field not allowed: ' + key });
  }
  var B64 = /^[A-Za-z0-9+\\/]*={0,2}$/;
  function b64(x, min, max) { return typeof x === 'string' && x.length >= min && x.length <= max && B64.test(x); }
  if (newDoc.v !== 1) throw({ forbidden: 'unknown format version' });
  if (typeof newDoc.kid !== 'number' || newDoc.kid % 1 !== 0 || newDoc.kid < 1 || newDoc.kid > 999999) throw({ forbidden: 'bad key version' });
  if (!b64(newDoc.iv, 16, 16)) throw({ forbidden: 'bad iv' });
  if (!b64(newDoc.ct, 4, ${MAX_DOC_CHARS})) throw({ forbidden: 'bad ciphertext' });
  if (!b64(newDoc.sig, 4, 200)) throw({ forbidden: 'bad signature field' });
  if (kind === 't' && !b64(newDoc.epk, 4, 200)) throw({ forbidden: 'bad ephemeral key' });
  if (JSON.stringify(newDoc).length > ${MAX_DOC_CHARS}) throw({ forbidden: 'document too large' });
}`;

export function designDocument(): { _id: string; rulesVersion: number; validate_doc_update: string } {
  return { _id: DESIGN_DOC_ID, rulesVersion: RULES_VERSION, validate_doc_update: VALIDATE_DOC_UPDATE };
}

export class SetupError extends Error {
  constructor(
    readonly problem: 'badAddress' | 'unreachable' | 'unauthorized' | 'refused',
    detail: string,
  ) {
    super(`sync setup: ${problem}: ${detail}`);
    this.name = 'SetupError';
  }
}

export interface SetupOptions {
  /** Device accounts that may read and write the team's database (its `_security` members). */
  members?: readonly string[];
  fetch?: typeof globalThis.fetch;
}

export interface SetupReport {
  database: string;
  created: boolean;
  rules: 'installed' | 'replaced' | 'unchanged';
  members: readonly string[];
}

/**
 * Splits `https://admin:secret@host:6984/team-db` into the database's address and an Authorization header:
 * fetch refuses addresses that carry credentials.
 */
export function parseDatabaseUrl(url: string): { db: string; name: string; headers: Record<string, string> } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new SetupError('badAddress', 'not an address');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new SetupError('badAddress', 'http or https only');
  const name = decodeURIComponent(u.pathname.replace(/^\/+|\/+$/g, ''));
  // CouchDB's rule for database names.
  if (!/^[a-z][a-z0-9_$()+/-]*$/.test(name)) throw new SetupError('badAddress', 'the address must end with the team database name (lowercase)');
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (u.username || u.password) headers.authorization = `Basic ${btoa(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`)}`;
  u.username = '';
  u.password = '';
  u.pathname = `/${encodeURIComponent(name)}`;
  return { db: u.toString(), name, headers };
}

/** Creates the team database if needed, installs or replaces the rules, and sets the members. Idempotent. */
export async function installRules(url: string, opts: SetupOptions = {}): Promise<SetupReport> {
  const { db, name, headers } = parseDatabaseUrl(url);
  const f = opts.fetch ?? globalThis.fetch;
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> => {
    let res: Response;
    try {
      res = await f(`${db}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    } catch (err) {
      throw new SetupError('unreachable', (err as Error).message);
    }
    const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (res.status === 401 || res.status === 403) throw new SetupError('unauthorized', `${method} ${path || '/'}: ${String(json.reason ?? res.status)}`);
    return { status: res.status, json };
  };
  const made = await call('PUT', '');
  if (made.status !== 201 && made.status !== 202 && made.status !== 412) throw new SetupError('refused', `creating the database: ${made.status}`);
  const current = await call('GET', `/${DESIGN_DOC_ID}`);
  const wanted = designDocument();
  let rules: SetupReport['rules'] = 'installed';
  if (current.status === 200) {
    if (current.json.validate_doc_update === wanted.validate_doc_update && current.json.rulesVersion === wanted.rulesVersion) rules = 'unchanged';
    else rules = 'replaced';
  }
  if (rules !== 'unchanged') {
    const put = await call('PUT', `/${DESIGN_DOC_ID}`, { ...wanted, ...(current.status === 200 ? { _rev: current.json._rev } : {}) });
    if (put.status !== 201 && put.status !== 202) throw new SetupError('refused', `installing the rules: ${put.status}`);
  }
  const members = [...(opts.members ?? [])];
  // Empty members would make the database public in CouchDB: until device accounts exist, admins only.
  const sec = await call('PUT', '/_security', { admins: { names: [], roles: [] }, members: { names: members, roles: members.length ? [] : ['_admin'] } });
  if (sec.status !== 200 && sec.status !== 201) throw new SetupError('refused', `setting the members: ${sec.status}`);
  return { database: name, created: made.status !== 412, rules, members };
}
