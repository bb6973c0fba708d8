import type { SchoolCalendar } from '../../protocol/calendar';
import { KeyDocError, decodeCaseKeyDoc, decodeTeamKeyDoc, encodeCaseKeyDoc, encodeTeamKeyDoc } from '../sync/key-docs';
import { mergeCase } from '../sync/merge';
import { SyncDocError, decodeEvent, encodeEvent, eventDocId, parseEventDocId } from '../sync/sync-doc';
import type { DecodeContext, SyncedEvent } from '../sync/sync-doc';
import { caseKeyDocId, caseTagOf, generateCaseKey, teamKeyDocId } from '../sync/team-keys';
import type { TeamKey } from '../sync/team-keys';
import type { VaultKeys } from './crypto';
import { listCases } from './db';
import type { SanadDb } from './db';
import { StorageError } from './errors';
import { appendReceived, readLocalLog } from './sync-import';
import { OWN, authorsOf, eventIdOf } from './sync-order';
import { readSyncState, writeSyncState } from './sync-state';
import type { ReviewNote, SyncState } from './sync-state';

/**
 * The bridge between the vault (Dexie, the source of truth) and the local database of ciphertext documents that
 * PouchDB replicates with the team's server (decision 0018). Two passes, each safe to run again at any time:
 * - `sendPending`: this device's events not yet in the local database become signed, encrypted documents, with the
 *   key documents they need;
 * - `receivePending`: every document in the local database is decoded, refusals collected (never thrown out of the
 *   pass: a document is immutable, so one bad one would otherwise stop every later sync), and the new events of
 *   each case appended to the vault.
 * PouchDB stays out of this module (it is lazy-loaded once a team turns sync on): any database with these two calls.
 */
export interface DocStore {
  allDocs(opts: { include_docs?: boolean }): Promise<{ rows: { id: string; doc?: { _id: string; [field: string]: unknown } }[] }>;
  bulkDocs(docs: { _id: string; [field: string]: unknown }[]): Promise<unknown[]>;
}

export class SyncNotSetUp extends Error {
  constructor() {
    super('team sync is not set up on this device');
    this.name = 'SyncNotSetUp';
  }
}

async function stateOf(db: SanadDb, keys: VaultKeys): Promise<SyncState> {
  const state = await readSyncState(db, keys);
  if (!state) throw new SyncNotSetUp();
  return state;
}

const newestTeamKey = (s: SyncState): TeamKey | undefined => s.teamKeys.reduce<TeamKey | undefined>((m, t) => (!m || t.version > m.version ? t : m), undefined);

export interface SendResult {
  /** Ids of the documents written to the local database (none when everything was already there). */
  written: string[];
  /** Cases that could not be read (an altered copy, a case being resealed): sent on a later pass once they open. */
  failed: { caseId: string; problem: string; message: string }[];
  /** Set when nothing could be sealed yet: this device holds no team key (a member has not given it one). */
  waiting?: 'noTeamKey';
}

/** The case key this device seals a case's events with: one for the newest team key version, made if needed. */
async function caseKeyFor(state: SyncState, team: TeamKey, caseId: string): Promise<{ entry: SyncState['caseKeys'][number]; changed: boolean }> {
  const tag = await caseTagOf(team, caseId);
  const held = state.caseKeys.find((c) => c.caseKey.caseTag === tag && c.caseKey.kid === team.version);
  if (held) {
    const changed = held.caseId !== caseId;
    held.caseId = caseId;
    return { entry: held, changed };
  }
  const entry = { caseKey: await generateCaseKey(team, caseId), caseId, madeHere: true };
  state.caseKeys.push(entry);
  return { entry, changed: true };
}

/**
 * Passes run one at a time: each reads the sync state, works, and writes it back, so two at once would lose one's
 * keys. In one tab, a queue; across tabs, the Web Lock `sanad-sync` where the browser has Web Locks. Where it has
 * not, a second tab's case key for the same case loses to the first on the `k:` document and is replaced by it
 * (`adoptStoredCaseKeys`); that relies on the database writing one batch before the next (PouchDB queues them).
 */
export const SYNC_LOCK = 'sanad-sync';
let queue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  const locked = locks ? () => locks.request(SYNC_LOCK, work) as Promise<T> : work;
  const run = queue.then(locked, locked);
  queue = run.catch(() => undefined);
  return run;
}

interface DocResult {
  id?: string;
  error?: unknown;
  status?: number;
  name?: string;
}

/**
 * After a `bulkDocs`: a `k:` document this pass wrote that the database already held (another tab made a key for
 * the same case at the same time) is decoded from the database and its key put in place of this pass's, in the
 * sync state; events this pass sealed under the losing key were refused by the database the same way (their ids
 * are the same), and are sealed under the stored key on the next pass. Any other refused document is returned.
 */
async function adoptStoredCaseKeys(db: SanadDb, keys: VaultKeys, local: DocStore, results: unknown[], state: SyncState): Promise<SendResult['failed']> {
  const failed: SendResult['failed'] = [];
  let adopted = false;
  for (const raw of results) {
    const r = (raw ?? {}) as DocResult;
    if (!r.error) continue;
    const id = r.id ?? '';
    if (id.startsWith('k:') && (r.status === 409 || r.name === 'conflict')) {
      const stored = (await local.allDocs({ include_docs: true })).rows.find((x) => x.id === id)?.doc;
      const caseKey = stored && (await decodeCaseKeyDoc(stored, state.teamId, (kid) => state.teamKeys.find((t) => t.version === kid), state.members).catch(() => null));
      const entry = state.caseKeys.find((c) => caseKeyDocId(c.caseKey.caseTag) === id);
      if (caseKey && entry) {
        entry.caseKey = caseKey;
        entry.madeHere = false;
        adopted = true;
        continue;
      }
    }
    if (id.startsWith('e:') && (r.status === 409 || r.name === 'conflict')) continue;
    failed.push({ caseId: '', problem: 'documentRefused', message: `document ${id} was not written: ${r.name ?? r.status ?? 'error'}` });
  }
  if (adopted) await writeSyncState(db, keys, state);
  return failed;
}

/**
 * Outbound: every event recorded on this device (not received by sync or transfer) of the given cases (default:
 * all) that the local database lacks, under any key of its case, is sealed and signed; plus the `t:` documents for
 * the members this device gave the team key to, and the `k:` document of each case key it made. Sending twice
 * writes nothing new. The vault's sync state (a new case key) is sealed before any document sealed with it is written.
 */
export function sendPending(db: SanadDb, keys: VaultKeys, local: DocStore, opts: { caseIds?: readonly string[] } = {}): Promise<SendResult> {
  return oneAtATime(() => send(db, keys, local, opts));
}

async function send(db: SanadDb, keys: VaultKeys, local: DocStore, opts: { caseIds?: readonly string[] }): Promise<SendResult> {
  const state = await stateOf(db, keys);
  const team = newestTeamKey(state);
  if (!team) return { written: [], failed: [], waiting: 'noTeamKey' };
  const existing = new Set((await local.allDocs({})).rows.map((r) => r.id));
  const docs: { _id: string; [field: string]: unknown }[] = [];
  const self = state.device.public.fingerprint;

  for (const m of state.members) {
    if (!m.keyFromHere || m.fingerprint === self) continue;
    for (const t of state.teamKeys) {
      if (m.revokedFrom !== undefined && t.version >= m.revokedFrom) continue;
      if (!existing.has(teamKeyDocId(t.version, m.fingerprint))) docs.push({ ...(await encodeTeamKeyDoc(t, m, state.device)) });
    }
  }

  let dirty = false;
  const failed: SendResult['failed'] = [];
  const caseIds = opts.caseIds ?? (await listCases(db)).map((c) => c.id);
  for (const caseId of caseIds) {
    let localLog;
    try {
      localLog = await readLocalLog(db, keys, caseId, self);
    } catch (err) {
      // A case that does not open (altered, being resealed) must not keep the others from being sent.
      if (!(err instanceof StorageError)) throw err;
      failed.push({ caseId, problem: err.problem, message: err.message });
      continue;
    }
    if (!localLog) continue;
    const authors = authorsOf(localLog.rows);
    const own = localLog.log.filter((_, i) => authors[i]!.author === OWN);
    if (own.length === 0) continue;
    const { entry, changed } = await caseKeyFor(state, team, caseId);
    const { caseKey } = entry;
    dirty ||= changed;
    // Only the device that made a case key writes its document: two differing copies of one id would conflict.
    if (entry.madeHere && !existing.has(caseKeyDocId(caseKey.caseTag))) docs.push({ ...(await encodeCaseKeyDoc(team, caseKey, state.device)) });
    const tags = state.caseKeys.filter((c) => c.caseId === caseId).map((c) => c.caseKey.caseTag);
    for (const e of own) {
      if (tags.some((tag) => existing.has(eventDocId(tag, e.eventId)))) continue;
      docs.push({ ...(await encodeEvent(caseKey, state.device, e)) });
    }
  }
  if (dirty) await writeSyncState(db, keys, state);
  if (docs.length) failed.push(...(await adoptStoredCaseKeys(db, keys, local, await local.bulkDocs(docs), state)));
  return { written: docs.map((d) => d._id), failed };
}

export interface Refusal {
  docId: string;
  /**
   * The decoder's reason (a SyncDocProblem or a KeyDocError problem), or 'collision' (an event id held with other
   * contents) or 'ownEventNotHeld' (an event this device sent that its vault no longer holds); for those two, `docId`
   * is the event id.
   */
  problem: string;
  message: string;
}

export interface CaseOutcome {
  caseId: string;
  added: number;
  created: boolean;
  status: 'ok' | 'needsReview';
  /** Refusals this pass's merge brought in. */
  reviews: ReviewNote[];
}

export interface ReceiveResult {
  cases: CaseOutcome[];
  refused: Refusal[];
  /** A case whose new events could not be written (an altered local copy, a busy vault): retried next pass. */
  failed: { caseId: string; problem: string; message: string }[];
  /** Every case a merge has put in "needs review" on this device, this pass or before. */
  needsReview: Record<string, ReviewNote[]>;
}

const refusalOf = (err: unknown, docId: string): Refusal | null =>
  err instanceof SyncDocError || err instanceof KeyDocError ? { docId: err.docId || docId, problem: err.problem, message: err.message } : null;

/**
 * Inbound: decodes the documents of the local database and appends each case's new events to the vault, in the
 * team's merge order. A document that does not decode is refused with its reason and changes nothing; a case a
 * merge makes "needs review" is recorded in the sync state (and returned) with the refused event and the rule.
 */
export function receivePending(db: SanadDb, keys: VaultKeys, local: DocStore, cal: SchoolCalendar, opts: ReceiveOptions = {}): Promise<ReceiveResult> {
  return oneAtATime(() => receive(db, keys, local, cal, opts));
}

export interface ReceiveOptions {
  /** This device's time (ISO), default the clock: a received event dated more than FUTURE_TOLERANCE_MS after it is flagged. */
  now?: string;
}

/** How far ahead of this device's clock a received event may be dated before it is flagged for review (clock skew). */
export const FUTURE_TOLERANCE_MS = 10 * 60 * 1000;

/**
 * Received events whose date a member could have chosen to reorder the case (decision 0018, "Dates a member
 * chose"): dated before the case's first event (placed after it, never before), or well after this device's now.
 * Kept, never dropped; each is a review note for the team.
 */
function dateReviews(fresh: readonly SyncedEvent[], first: string | undefined, now: string): ReviewNote[] {
  const floor = first === undefined ? -Infinity : Date.parse(first);
  const ceiling = Date.parse(now) + FUTURE_TOLERANCE_MS;
  return fresh.flatMap((e): ReviewNote[] => {
    const at = Date.parse(e.event.at);
    const rule = at < floor ? 'datedBeforeCase' : at > ceiling ? 'datedInFuture' : null;
    return rule ? [{ refusedEventId: e.eventId, refusedType: e.event.type, refusedAuthor: e.author, racedEventId: null, rule }] : [];
  });
}

async function receive(db: SanadDb, keys: VaultKeys, local: DocStore, cal: SchoolCalendar, opts: ReceiveOptions): Promise<ReceiveResult> {
  const now = opts.now ?? new Date().toISOString();
  const state = await stateOf(db, keys);
  const self = state.device.public.fingerprint;
  const docs = (await local.allDocs({ include_docs: true })).rows.flatMap((r) => (r.doc ? [r.doc] : []));
  const refused: Refusal[] = [];
  let dirty = false;
  const attempt = async (docId: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (err) {
      const r = refusalOf(err, docId);
      if (!r) throw err;
      refused.push(r);
    }
  };

  // Team key versions wrapped to this device.
  for (const doc of docs.filter((d) => d._id.startsWith('t:') && d._id.endsWith(`:${self}`))) {
    if (state.teamKeys.some((t) => teamKeyDocId(t.version, self) === doc._id)) continue;
    await attempt(doc._id, async () => {
      state.teamKeys.push(await decodeTeamKeyDoc(doc, state.device, state.teamId, state.members));
      dirty = true;
    });
  }
  // Case keys.
  for (const doc of docs.filter((d) => d._id.startsWith('k:'))) {
    if (state.caseKeys.some((c) => caseKeyDocId(c.caseKey.caseTag) === doc._id)) continue;
    await attempt(doc._id, async () => {
      state.caseKeys.push({ caseKey: await decodeCaseKeyDoc(doc, state.teamId, (kid) => state.teamKeys.find((t) => t.version === kid), state.members) });
      dirty = true;
    });
  }
  // Events: those already held are skipped without decrypting (their case is known from their tag).
  const ctx: DecodeContext = {
    teamKey: (kid) => state.teamKeys.find((t) => t.version === kid),
    caseKey: (tag, kid) => state.caseKeys.find((c) => c.caseKey.caseTag === tag && c.caseKey.kid === kid)?.caseKey,
    members: state.members,
  };
  const heldIds = new Map<string, Set<string>>();
  const held = async (caseId: string) => {
    let ids = heldIds.get(caseId);
    if (!ids) {
      ids = new Set((await readLocalLog(db, keys, caseId, self).catch(() => null))?.rows.map(eventIdOf) ?? []);
      heldIds.set(caseId, ids);
    }
    return ids;
  };
  const received = new Map<string, SyncedEvent[]>();
  for (const doc of docs.filter((d) => d._id.startsWith('e:'))) {
    const parsed = parseEventDocId(doc._id);
    const knownCase = parsed && state.caseKeys.find((c) => c.caseKey.caseTag === parsed.caseTag)?.caseId;
    if (knownCase && (await held(knownCase)).has(parsed.eventId)) continue;
    await attempt(doc._id, async () => {
      const e = await decodeEvent(doc, ctx);
      received.set(e.caseId, [...(received.get(e.caseId) ?? []), e]);
      const entry = state.caseKeys.find((c) => c.caseKey.caseTag === parsed?.caseTag && !c.caseId);
      if (entry) {
        entry.caseId = e.caseId;
        dirty = true;
      }
    });
  }

  const cases: CaseOutcome[] = [];
  const failed: ReceiveResult['failed'] = [];
  for (const [caseId, events] of [...received.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    try {
      const localLog = await readLocalLog(db, keys, caseId, self);
      // The first row this device holds bounds the merge order (sync-order.ts, logOrder); a case created here by
      // this pass starts at its earliest received event.
      const first = localLog?.rows[0]?.event.at;
      const merge = mergeCase(caseId, localLog?.log ?? [], events, { notBefore: first });
      for (const c of merge.collisions) refused.push({ docId: c.eventId, problem: 'collision', message: `event ${c.eventId} received with other contents than the copy held; the held copy is kept` });
      const addedIds = new Set(merge.added);
      const fresh = merge.events.filter((e) => addedIds.has(e.eventId) && e.author !== self);
      // An event this device sent that its vault no longer holds (an older backup restored): not imported under
      // another device's label, but never silently ignored either.
      for (const e of merge.events.filter((x) => addedIds.has(x.eventId) && x.author === self)) {
        refused.push({ docId: e.eventId, problem: 'ownEventNotHeld', message: `event ${e.eventId} of case ${caseId} was sent by this device but is no longer in its vault` });
      }
      const { created, aliased } = fresh.length ? await appendReceived(db, keys, caseId, fresh, self, cal) : { created: false, aliased: [] };
      for (const id of aliased) {
        refused.push({ docId: id, problem: 'collision', message: `event ${id} of case ${caseId} reuses the id of an event of another case; kept in this case under another row id` });
      }
      const reviews = [
        ...merge.reviews.map(
          (r): ReviewNote => ({ refusedEventId: r.refused.eventId, refusedType: r.refused.event.type, refusedAuthor: r.refused.author, racedEventId: r.raced?.eventId ?? null, rule: r.refusal.code }),
        ),
        ...dateReviews(fresh, first, now),
      ];
      if (reviews.length) {
        const known = state.reviews[caseId] ?? [];
        state.reviews[caseId] = [...known, ...reviews.filter((r) => !known.some((k) => k.refusedEventId === r.refusedEventId && k.rule === r.rule))];
        dirty = true;
      }
      if (fresh.length || reviews.length) cases.push({ caseId, added: fresh.length, created, status: reviews.length ? 'needsReview' : merge.status, reviews });
    } catch (err) {
      // One case that cannot take events now must not keep the others from arriving, nor any later pass: whatever
      // storage threw (a Dexie error included) is this case's failure, retried next pass.
      if (err instanceof StorageError) failed.push({ caseId, problem: err.problem, message: err.message });
      else failed.push({ caseId, problem: 'unknown', message: (err as Error)?.message ?? String(err) });
    }
  }
  if (dirty) await writeSyncState(db, keys, state);
  return { cases, refused, failed, needsReview: state.reviews };
}
