import { Dexie } from 'dexie';
import type { SchoolCalendar } from '../../protocol/calendar';
import { dueItems } from '../../machines/guidance';
import { parseEvent } from '../../machines/events';
import type { CaseEvent } from '../../machines/events';
import { ReplayError, applyCaseEvent, initialSnapshot, persist, replayRecorded, restore, stepOf } from '../../machines/replay';
import type { Departure } from '../../machines/replay';
import type { CaseSnapshot, StoredSnapshot } from '../../machines/replay';
import { CHAIN_START, CryptoFailure, aadFor, chainLink, eventAad, open, seal } from './crypto';
import type { VaultKeys } from './crypto';
import { boundCardAad } from './case-card';
import { caseEvents } from './db';
import type { CaseCard, CaseEventRecord, CaseRow, EventRow, SanadDb, SettingRow, SnapshotRow } from './db';
import { alteredError, anchorOf, holdsOlderRows, keysForCase, ledgerUnchanged, oneWriterAtATime, nextLedger, openLedger, readLedgerRow, sealLedger } from './ledger';
import type { CaseAnchor, Ledger } from './ledger';
import { StorageError, isQuotaError } from './errors';
import { holdsSyncedRows, logOrder, withSafetyFloor } from './sync-order';

/**
 * Cases as event logs, sealed. This module is the one seam where encryption sits: everything above it sees
 * plain events, everything below it (IndexedDB) sees ciphertext, except the non-identifying index row.
 *
 * Sealing is asynchronous (WebCrypto) and IndexedDB commits a transaction that waits on anything else
 * (Dexie commits it early), so a write is: read the log, run the pure machine and seal outside any transaction, then one
 * read-write transaction that checks the log head has not moved and writes event, snapshot and index row,
 * all or nothing. If another tab appended meanwhile, the write is redone on the new head.
 */
export interface LoadedCase {
  snapshot: CaseSnapshot;
  events: CaseEventRecord[];
  rebuilt: boolean;
  /** Events recorded before the rules of this version, that they would now refuse (shown to the team). */
  departures: Departure[];
  /** The last link of the case's hash chain. */
  chainHead: string;
}

const newId = () => crypto.randomUUID();
const ATTEMPTS = 5;

export async function indexRow(keys: VaultKeys, caseId: string, snapshot: CaseSnapshot, openedAt: string, at: string, count: number, cal: SchoolCalendar, chainHead: string): Promise<CaseRow> {
  const due = dueItems(snapshot, at, cal);
  const target = snapshot.context.parties.find((p) => p.role === 'target');
  const card: CaseCard = { pseudonym: target?.pseudonym, className: target?.className, nextDue: due[0]?.textKey };
  return {
    chainHead,
    id: caseId,
    step: stepOf(snapshot),
    level: snapshot.context.level ?? -1,
    openedAt,
    updatedAt: at,
    nextDueAt: due[0]?.dueAt ?? '',
    eventCount: count,
    card: await seal(keys.data, boundCardAad(caseId, count, chainHead), card),
  };
}


async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof StorageError) throw err;
    if (err instanceof ReplayError) throw new StorageError('notAllowed', err.message, err.problem);
    if (err instanceof CryptoFailure) throw new StorageError('damaged', err.message, err);
    if (isQuotaError(err)) throw new StorageError('quotaExceeded', 'The device storage is full', err);
    if (err instanceof Dexie.ConstraintError) throw new StorageError('caseExists', 'This case or event already exists', err);
    throw new StorageError('unknown', (err as Error)?.message ?? String(err), err);
  }
}

function validated(raw: unknown): CaseEvent {
  const parsed = parseEvent(raw);
  if (!parsed.ok) throw new StorageError('invalidEvent', `invalid event: ${parsed.problem.code} ${parsed.problem.field ?? ''}`.trim(), parsed.problem);
  return parsed.event;
}

const snapshotAad = (caseId: string, seq: number) => aadFor('snapshots', `${caseId}/${seq}`);

/**
 * Seals new events after `previous` (the chain head), numbering them from `first`; `ids` keeps existing row ids;
 * `fromAll` marks events received by transfer with the sender's fingerprint (one for all, or one per event).
 */
export async function sealEvents(
  keys: VaultKeys,
  caseId: string,
  events: CaseEvent[],
  first: number,
  previous: string,
  ids?: string[],
  fromAll?: string | readonly (string | undefined)[],
): Promise<EventRow[]> {
  const rows: EventRow[] = [];
  let link = previous;
  for (const [i, event] of events.entries()) {
    const id = ids?.[i] ?? newId();
    const seq = first + i;
    const from = typeof fromAll === 'string' ? fromAll : fromAll?.[i];
    const sealed = await seal(keys.data, eventAad(caseId, seq, id, from), event);
    const row = { id, caseId, seq, at: event.at, sealed, ...(from ? { from } : {}) };
    link = await chainLink(keys.chain, link, row);
    rows.push({ ...row, chain: link });
  }
  return rows;
}

export async function sealSnapshot(keys: VaultKeys, caseId: string, seq: number, snapshot: CaseSnapshot, departures: Departure[] = []): Promise<SnapshotRow> {
  return { caseId, seq, sealed: await seal(keys.data, snapshotAad(caseId, seq), persist(snapshot, departures)) };
}

/**
 * Opens one row. `strict` (the case is anchored in the ledger): sealed, at its place, under the AAD that binds
 * case, position and id. Otherwise the row is from before the ledger: sealed under its id only, or in clear
 * from before the vault, until the vault's upgrade reseals it.
 */
export async function openEvent(keys: VaultKeys, row: EventRow, strict = true): Promise<CaseEventRecord> {
  let event: CaseEvent | undefined;
  if (strict) {
    if (!row.sealed) throw alteredError(row.caseId, 'unsealed');
    event = await open<CaseEvent>(keys.data, eventAad(row.caseId, row.seq, row.id, row.from), row.sealed).catch(() => {
      throw alteredError(row.caseId, 'moved');
    });
  } else {
    event = row.sealed ? await open<CaseEvent>(keys.data, aadFor('events', row.id), row.sealed) : row.event;
  }
  if (!event) throw new StorageError('damaged', `event ${row.id} has no payload`);
  // The row's time is in clear (for the indexes): it must say what the sealed event says.
  if (strict && row.at !== event.at) throw alteredError(row.caseId, 'moved');
  return { id: row.id, caseId: row.caseId, seq: row.seq, at: event.at, by: event.by, event, ...(strict && row.from ? { from: row.from } : {}) };
}

interface RawCase {
  rows: EventRow[];
  snapshot?: SnapshotRow;
  ledger?: SettingRow;
}

function readRaw(db: SanadDb, caseId: string): Promise<RawCase> {
  return db.transaction('r', [db.events, db.snapshots, db.settings], async () => {
    const [rows, snapshot, ledger] = await Promise.all([caseEvents(db, caseId).toArray(), db.snapshots.get(caseId), readLedgerRow(db)]);
    return { rows, snapshot, ledger };
  });
}

/**
 * The case's anchor, checked cheaply against its rows (count, head, each row's place); null when the case is
 * from before the ledger and the vault's upgrade has not reached it yet.
 */
function checkAnchor(caseId: string, raw: RawCase, ledger: Ledger | null): CaseAnchor | null {
  const anchor = ledger?.cases[caseId];
  if (!anchor) {
    if (ledger && !ledger.upgrading) throw raw.rows.length === 0 ? new StorageError('caseNotFound', `case ${caseId} not found`) : alteredError(caseId, 'notAnchored');
    if (raw.rows.length === 0) throw new StorageError('caseNotFound', `case ${caseId} not found`);
    return null;
  }
  if (anchor.flag) throw alteredError(caseId, anchor.flag === 'legacyRefused' ? 'legacyRefused' : 'flagged');
  if (raw.rows.length < anchor.n) throw alteredError(caseId, 'truncated');
  if (raw.rows.length > anchor.n) throw alteredError(caseId, 'extended');
  if (raw.rows.some((r, i) => r.seq !== i)) throw alteredError(caseId, 'moved');
  if (raw.rows.at(-1)?.chain !== anchor.h) throw alteredError(caseId, 'head');
  return anchor;
}

async function openRaw(vaultKeys: VaultKeys, caseId: string, raw: RawCase): Promise<LoadedCase & { ledger: Ledger | null; anchored: boolean }> {
  const ledger = await openLedger(vaultKeys, raw.ledger);
  const anchor = checkAnchor(caseId, raw, ledger);
  // A case a revocation has not resealed yet opens with the keys it replaces, and takes no writes until it is.
  const keys = keysForCase(vaultKeys, ledger, anchor ?? undefined);
  if (!keys) throw new StorageError('busy', `case ${caseId} is being resealed`);
  const opened = await Promise.all(raw.rows.map((r) => openEvent(keys, r, anchor !== null)));
  // Events received by team sync: the log is the team's merge order, not arrival order (decision 0018), and it is
  // replayed whole each time (the cache was computed in arrival order). Otherwise row order, as always.
  const synced = holdsSyncedRows(raw.rows);
  const events = synced ? logOrder(caseId, opened) : opened;
  const last = events.length - 1;
  let stored: StoredSnapshot | undefined;
  // A cache that lags behind the log, or from before the vault, is ignored: replay is the truth.
  if (!synced && raw.snapshot?.sealed && raw.snapshot.seq === last) {
    stored = await open<StoredSnapshot>(keys.data, snapshotAad(caseId, last), raw.snapshot.sealed).catch(() => undefined);
  }
  const restored = restore(stored, events.map((e) => e.event), caseId);
  const { rebuilt, departures } = restored;
  const snapshot = synced ? withSafetyFloor(restored.snapshot, departures, events.map((e) => e.event)) : restored.snapshot;
  return { snapshot, events, rebuilt, departures, chainHead: raw.rows.at(-1)?.chain ?? CHAIN_START, ledger, anchored: anchor !== null && keys === vaultKeys };
}

/**
 * Reads and opens a case, checked against the ledger: a case whose log lost or gained events, whose rows moved
 * or that was deleted outside Sanad fails with 'altered', and nothing can be written to it. All Dexie reads
 * happen before any decryption, so this is safe inside liveQuery.
 */
export function loadCase(db: SanadDb, keys: VaultKeys, caseId: string): Promise<LoadedCase> {
  return guarded(async () => {
    const { ledger: _ledger, anchored: _anchored, ...loaded } = await openRaw(keys, caseId, await readRaw(db, caseId));
    return loaded;
  });
}

/**
 * What can still be read of a case whose record was altered (loadCase refused it): each event that opens on its
 * own, under the AAD that binds it to this case and its place (so no event of another case), with the vault's
 * keys or those a revocation is replacing, in log order; and how many rows did not open. Nothing here is
 * vouched for as the whole record (events may be missing): the case page shows it as such, read-only, so a
 * team is never blind to an emergency recorded in it.
 */
export function readWhatStillOpens(db: SanadDb, keys: VaultKeys, caseId: string): Promise<{ events: CaseEventRecord[]; unreadable: number }> {
  return guarded(async () => {
    const { rows } = await readRaw(db, caseId);
    const events: CaseEventRecord[] = [];
    let unreadable = 0;
    for (const row of rows) {
      let opened: CaseEventRecord | undefined;
      for (const k of [keys, keys.previous].filter((x): x is VaultKeys => x !== undefined)) {
        // Strict only: a row sealed under the older AAD (its id alone) could come from any case. The vault's
        // upgrade reseals every row it keeps under the strict one.
        opened = await openEvent(k, row, true).catch(() => undefined);
        if (opened) break;
      }
      if (opened && parseEvent(opened.event).ok) events.push(opened);
      else unreadable += 1;
    }
    // Events received by team sync are shown in the team's merge order, as on every load.
    return { events: logOrder(caseId, events), unreadable };
  });
}

/** Writes a case's rows and its anchor in one transaction, if neither its log nor the ledger moved meanwhile. */
export async function writeCase(
  db: SanadDb,
  keys: VaultKeys,
  w: { caseId: string; ledger: Ledger | null; headId: string | undefined; rows: EventRow[]; snapshot: SnapshotRow; index: CaseRow },
): Promise<boolean> {
  // New rows go under the vault's keys: a case whose rows a revocation has not resealed yet, or that is flagged,
  // takes none (they would follow rows sealed otherwise).
  const anchor = w.ledger?.cases[w.caseId];
  if (anchor && (anchor.flag || keysForCase(keys, w.ledger, anchor) !== keys)) throw new StorageError('busy', `case ${w.caseId} cannot be written now`);
  const ledger = nextLedger(w.ledger, (l) => (l.cases[w.caseId] = anchorOf(w.index, w.ledger?.gen)), w.ledger ? true : await holdsOlderRows(db));
  const ledgerRow = await sealLedger(keys, ledger);
  return db.transaction('rw', [db.cases, db.events, db.snapshots, db.settings], async () => {
    const head = await caseEvents(db, w.caseId).last();
    if (head?.id !== w.headId || !(await ledgerUnchanged(db, w.ledger?.rev))) return false;
    await db.events.bulkAdd(w.rows);
    await db.snapshots.put(w.snapshot);
    await db.cases.put(w.index);
    await db.settings.put(ledgerRow);
    return true;
  });
}

/**
 * Replaces a case's rows whole (events, snapshot, index row) and writes the ledger, in one transaction, if neither
 * the ledger's revision nor the case's row count moved since they were read; with `write` null, the ledger
 * alone. For the rewrites that reseal a case (the vault's upgrade, a revocation): a case may come back
 * renumbered, so its rows are replaced, never added to.
 */
export function rewriteCase(
  db: SanadDb,
  caseId: string,
  seen: { ledgerRev: number; rows: number },
  write: { rows: EventRow[]; snapshot?: SnapshotRow; index: CaseRow } | null,
  ledgerRow: SettingRow,
): Promise<boolean> {
  return db.transaction('rw', [db.events, db.snapshots, db.cases, db.settings], async () => {
    if (!(await ledgerUnchanged(db, seen.ledgerRev)) || (await caseEvents(db, caseId).count()) !== seen.rows) return false;
    if (write) {
      await db.events.where('caseId').equals(caseId).delete();
      await db.events.bulkAdd(write.rows);
      if (write.snapshot) await db.snapshots.put(write.snapshot);
      else await db.snapshots.delete(caseId);
      await db.cases.put(write.index);
    }
    await db.settings.put(ledgerRow);
    return true;
  });
}

/** Creates a case from its first events (report, parties, intake…): all of them or none. */
export function createCase(db: SanadDb, keys: VaultKeys, caseId: string, first: unknown | unknown[], cal: SchoolCalendar): Promise<CaseSnapshot> {
  const raw = Array.isArray(first) ? first : [first];
  return guarded(async () => {
    const events = raw.map(validated);
    if (events.length === 0) throw new StorageError('invalidEvent', 'a case starts with at least one event');
    // Run the machine before touching the database: nothing is written for a log the protocol refuses.
    let snapshot = initialSnapshot(caseId);
    events.forEach((e, i) => (snapshot = applyCaseEvent(snapshot, e, i, events[i - 1]?.at)));
    const last = events.length - 1;
    const rows = await sealEvents(keys, caseId, events, 0, CHAIN_START);
    const snapRow = await sealSnapshot(keys, caseId, last, snapshot);
    const index = await indexRow(keys, caseId, snapshot, events[0]?.at ?? '', events[last]?.at ?? '', events.length, cal, rows.at(-1)?.chain ?? CHAIN_START);
    return oneWriterAtATime(async () => {
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const ledger = await openLedger(keys, await readLedgerRow(db));
        if (ledger?.cases[caseId] || (await db.cases.get(caseId))) throw new StorageError('caseExists', `case ${caseId} already exists`);
        if (await writeCase(db, keys, { caseId, ledger, headId: undefined, rows, snapshot: snapRow, index })) return snapshot;
      }
      throw new StorageError('busy', `case ${caseId}: the vault kept changing while saving`);
    });
  });
}

/** Appends one event, or several that belong together (a triage form): all or none. */
export function appendEvent(db: SanadDb, keys: VaultKeys, caseId: string, raw: unknown | unknown[], cal: SchoolCalendar): Promise<CaseSnapshot> {
  const list = Array.isArray(raw) ? raw : [raw];
  return guarded(async () => {
    const incoming = list.map(validated);
    return oneWriterAtATime(() => appendWithRetries(db, keys, caseId, incoming, cal));
  });
}

async function appendWithRetries(db: SanadDb, keys: VaultKeys, caseId: string, incoming: CaseEvent[], cal: SchoolCalendar): Promise<CaseSnapshot> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const before = await readRaw(db, caseId);
    const { snapshot, events, chainHead, departures, ledger, anchored } = await openRaw(keys, caseId, before);
    // A case from before the ledger, or not yet resealed by a revocation, is resealed first (a moment after
    // unlocking): new rows cannot follow rows sealed otherwise in one log.
    if (!anchored) throw new StorageError('busy', `case ${caseId} is being upgraded`);
    if (holdsSyncedRows(before.rows)) {
      const w = await appendSynced(keys, caseId, events, incoming, chainHead, cal);
      if (await writeCase(db, keys, { caseId, ledger, headId: before.rows.at(-1)?.id, ...w })) return w.next;
      continue;
    }
    let next = snapshot;
    let previousAt = events.at(-1)?.at;
    incoming.forEach((event, i) => {
      next = applyCaseEvent(next, event, events.length + i, previousAt);
      previousAt = event.at;
    });
    const seq = events.length + incoming.length - 1;
    const rows = await sealEvents(keys, caseId, incoming, events.length, chainHead);
    const snapRow = await sealSnapshot(keys, caseId, seq, next, departures);
    const index = await indexRow(keys, caseId, next, events[0]?.at ?? '', previousAt ?? '', seq + 1, cal, rows.at(-1)?.chain ?? chainHead);
    if (await writeCase(db, keys, { caseId, ledger, headId: before.rows.at(-1)?.id, rows, snapshot: snapRow, index })) return next;
  }
  throw new StorageError('busy', `case ${caseId} kept changing while saving`);
}

/**
 * A new event of this device in a case holding events received by team sync (decision 0018, "The log on a
 * device"). Time order is this device's own: the new events follow its own last row, whatever another device's
 * clock says (a synced event dated tomorrow must not stop this device recording an emergency today). The protocol
 * judges them where the team's merge order places them, the order every later load replays: refused there, they
 * are refused now, and the snapshot and index row are that replay's (with the safety floor).
 */
async function appendSynced(keys: VaultKeys, caseId: string, events: CaseEventRecord[], incoming: CaseEvent[], chainHead: string, cal: SchoolCalendar) {
  const rowOrder = [...events].sort((a, b) => a.seq - b.seq);
  let previousAt = rowOrder.findLast((e) => !e.from)?.at;
  incoming.forEach((event, i) => {
    if (previousAt !== undefined && Date.parse(event.at) < Date.parse(previousAt)) {
      throw new ReplayError(rowOrder.length + i, { code: 'timeOrder', eventType: event.type, detail: `time ${event.at} is before this device's previous event (${previousAt})` });
    }
    previousAt = event.at;
  });
  const ids: string[] = incoming.map(() => newId());
  const records = [...rowOrder.map((e) => ({ id: e.id, from: e.from, event: e.event })), ...incoming.map((event, i) => ({ id: ids[i]!, event }))];
  const ordered = logOrder(caseId, records);
  const fresh = new Set(ids);
  const { snapshot: replayed, departures } = replayRecorded(
    ordered.map((r) => r.event),
    caseId,
  );
  const refused = departures.find((d) => fresh.has(ordered[d.index]!.id));
  if (refused) throw new ReplayError(refused.index, { code: 'refused', eventType: refused.eventType, refusal: refused.refusal });
  const next = withSafetyFloor(replayed, departures, ordered.map((r) => r.event));
  const count = records.length;
  const rows = await sealEvents(keys, caseId, incoming, rowOrder.length, chainHead, ids);
  const times = records.map((r) => r.event.at).sort();
  const snapshot = await sealSnapshot(keys, caseId, count - 1, next, departures);
  const index = await indexRow(keys, caseId, next, times[0]!, times.at(-1)!, count, cal, rows.at(-1)!.chain!);
  return { next, rows, snapshot, index };
}

export interface ChainReport {
  ok: boolean;
  events: number;
  head: string;
  /** The first event whose link does not match, when broken. */
  brokenAt?: number;
}

/**
 * Recomputes a case's keyed hash chain from its first event and reports the first broken link. The end of
 * the log is checked against a head recorded elsewhere (a backup manifest, a printed case file) when given,
 * else against the case's anchor in the ledger (the index row only for a case from before the ledger).
 */
export async function verifyChain(db: SanadDb, keys: VaultKeys, caseId: string, expected?: { head: string; events: number }): Promise<ChainReport> {
  const [rows, index, ledgerRow] = await db.transaction('r', [db.events, db.cases, db.settings], () =>
    Promise.all([caseEvents(db, caseId).toArray(), db.cases.get(caseId), readLedgerRow(db)]),
  );
  const ledger = await openLedger(keys, ledgerRow);
  const anchor = ledger?.cases[caseId];
  const recorded = anchor ? { head: anchor.h, events: anchor.n } : index?.chainHead ? { head: index.chainHead, events: index.eventCount } : undefined;
  return verifyChainRows(keysForCase(keys, ledger, anchor) ?? keys, rows, expected ?? recorded);
}

/** The chain check itself, over rows in log order (pure: also used on backups before anything is written). */
export async function verifyChainRows(keys: VaultKeys, rows: readonly EventRow[], expected?: { head: string; events: number }): Promise<ChainReport> {
  const head = rows.at(-1)?.chain ?? CHAIN_START;
  // Each link is computed from the previous row's stored link, all at once: awaited one by one, WebCrypto's round
  // trips were most of checking a large backup. The first row whose link differs is where the chain breaks, as
  // when walking it in order (the links before it match, so each was computed from the verified previous one).
  const links = await Promise.all(rows.map((row, i) => (row.seq === i && row.sealed !== undefined ? chainLink(keys.chain, i === 0 ? CHAIN_START : (rows[i - 1]!.chain ?? ''), { ...row, sealed: row.sealed }) : null)));
  let link = CHAIN_START;
  for (const [i, row] of rows.entries()) {
    if (links[i] === null || row.chain !== links[i]) return { ok: false, events: rows.length, head, brokenAt: i };
    link = row.chain!;
  }
  if (expected && (expected.head !== link || expected.events !== rows.length)) return { ok: false, events: rows.length, head, brokenAt: Math.min(rows.length, expected.events) };
  return { ok: true, events: rows.length, head: link };
}
