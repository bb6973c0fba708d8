import { Dexie } from 'dexie';
import type { SchoolCalendar } from '../../protocol/calendar';
import { dueItems } from '../../machines/guidance';
import { parseEvent } from '../../machines/events';
import type { CaseEvent } from '../../machines/events';
import { ReplayError, applyCaseEvent, initialSnapshot, persist, restore, stepOf } from '../../machines/replay';
import type { Departure } from '../../machines/replay';
import type { CaseSnapshot, StoredSnapshot } from '../../machines/replay';
import { CHAIN_START, CryptoFailure, aadFor, chainLink, open, seal } from './crypto';
import type { VaultKeys } from './crypto';
import { cardAad } from './case-card';
import { caseEvents } from './db';
import type { CaseCard, CaseEventRecord, CaseRow, EventRow, SanadDb, SnapshotRow } from './db';
import { StorageError, isQuotaError } from './errors';

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
    card: await seal(keys.data, cardAad(caseId), card),
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

/** Seals new events after `previous` (the chain head), numbering them from `first`; `ids` keeps existing row ids. */
export async function sealEvents(keys: VaultKeys, caseId: string, events: CaseEvent[], first: number, previous: string, ids?: string[]): Promise<EventRow[]> {
  const rows: EventRow[] = [];
  let link = previous;
  for (const [i, event] of events.entries()) {
    const id = ids?.[i] ?? newId();
    const sealed = await seal(keys.data, aadFor('events', id), event);
    const row = { id, caseId, seq: first + i, at: event.at, sealed };
    link = await chainLink(keys.chain, link, row);
    rows.push({ ...row, chain: link });
  }
  return rows;
}

export async function sealSnapshot(keys: VaultKeys, caseId: string, seq: number, snapshot: CaseSnapshot, departures: Departure[] = []): Promise<SnapshotRow> {
  return { caseId, seq, sealed: await seal(keys.data, snapshotAad(caseId, seq), persist(snapshot, departures)) };
}

/** Opens one row; a row from before the vault is still in clear. */
export async function openEvent(keys: VaultKeys, row: EventRow): Promise<CaseEventRecord> {
  const event = row.sealed ? await open<CaseEvent>(keys.data, aadFor('events', row.id), row.sealed) : row.event;
  if (!event) throw new StorageError('damaged', `event ${row.id} has no payload`);
  return { id: row.id, caseId: row.caseId, seq: row.seq, at: row.at, by: event.by, event };
}

interface RawCase {
  rows: EventRow[];
  snapshot?: SnapshotRow;
}

function readRaw(db: SanadDb, caseId: string): Promise<RawCase> {
  return db.transaction('r', [db.events, db.snapshots], async () => {
    const rows = await caseEvents(db, caseId).toArray();
    if (rows.length === 0) throw new StorageError('caseNotFound', `case ${caseId} not found`);
    return { rows, snapshot: await db.snapshots.get(caseId) };
  });
}

async function openRaw(keys: VaultKeys, caseId: string, raw: RawCase): Promise<LoadedCase> {
  const events = await Promise.all(raw.rows.map((r) => openEvent(keys, r)));
  const last = events.length - 1;
  let stored: StoredSnapshot | undefined;
  // A cache that lags behind the log, or from before the vault, is ignored: replay is the truth.
  if (raw.snapshot?.sealed && raw.snapshot.seq === last) {
    stored = await open<StoredSnapshot>(keys.data, snapshotAad(caseId, last), raw.snapshot.sealed).catch(() => undefined);
  }
  const { snapshot, rebuilt, departures } = restore(stored, events.map((e) => e.event), caseId);
  return { snapshot, events, rebuilt, departures, chainHead: raw.rows.at(-1)?.chain ?? CHAIN_START };
}

/** Reads and opens a case. All Dexie reads happen before any decryption, so this is safe inside liveQuery. */
export function loadCase(db: SanadDb, keys: VaultKeys, caseId: string): Promise<LoadedCase> {
  return guarded(async () => openRaw(keys, caseId, await readRaw(db, caseId)));
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
    await db.transaction('rw', [db.cases, db.events, db.snapshots], async () => {
      if (await db.cases.get(caseId)) throw new StorageError('caseExists', `case ${caseId} already exists`);
      await db.events.bulkAdd(rows);
      await db.snapshots.put(snapRow);
      await db.cases.put(index);
    });
    return snapshot;
  });
}

/** Appends one event, or several that belong together (a triage form): all or none. */
export function appendEvent(db: SanadDb, keys: VaultKeys, caseId: string, raw: unknown | unknown[], cal: SchoolCalendar): Promise<CaseSnapshot> {
  const list = Array.isArray(raw) ? raw : [raw];
  return guarded(async () => {
    const incoming = list.map(validated);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const before = await readRaw(db, caseId);
      const { snapshot, events, chainHead, departures } = await openRaw(keys, caseId, before);
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
      const headId = before.rows.at(-1)?.id;
      const written = await db.transaction('rw', [db.cases, db.events, db.snapshots], async () => {
        const head = await caseEvents(db, caseId).last();
        if (head?.id !== headId) return false;
        await db.events.bulkAdd(rows);
        await db.snapshots.put(snapRow);
        await db.cases.put(index);
        return true;
      });
      if (written) return next;
    }
    throw new StorageError('busy', `case ${caseId} kept changing while saving`);
  });
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
 * else against the case's index row.
 */
export async function verifyChain(db: SanadDb, keys: VaultKeys, caseId: string, expected?: { head: string; events: number }): Promise<ChainReport> {
  const [rows, index] = await db.transaction('r', [db.events, db.cases], () =>
    Promise.all([caseEvents(db, caseId).toArray(), db.cases.get(caseId)]),
  );
  return verifyChainRows(keys, rows, expected ?? (index?.chainHead ? { head: index.chainHead, events: index.eventCount } : undefined));
}

/** The chain check itself, over rows in log order (pure: also used on backups before anything is written). */
export async function verifyChainRows(keys: VaultKeys, rows: readonly EventRow[], expected?: { head: string; events: number }): Promise<ChainReport> {
  const head = rows.at(-1)?.chain ?? CHAIN_START;
  let link = CHAIN_START;
  for (const [i, row] of rows.entries()) {
    const ok = row.seq === i && row.sealed !== undefined && row.chain === (await chainLink(keys.chain, link, { ...row, sealed: row.sealed }));
    if (!ok) return { ok: false, events: rows.length, head, brokenAt: i };
    link = row.chain!;
  }
  if (expected && (expected.head !== link || expected.events !== rows.length)) return { ok: false, events: rows.length, head, brokenAt: Math.min(rows.length, expected.events) };
  return { ok: true, events: rows.length, head: link };
}
