import { Dexie } from 'dexie';
import type { SchoolCalendar } from '../../protocol/calendar';
import { dueItems } from '../../machines/guidance';
import { parseEvent } from '../../machines/events';
import type { CaseEvent } from '../../machines/events';
import { ReplayError, applyCaseEvent, initialSnapshot, persist, restore, stepOf } from '../../machines/replay';
import type { CaseSnapshot } from '../../machines/replay';
import type { CaseRow, EventRow, SanadDb } from './db';
import { StorageError, isQuotaError } from './errors';

/**
 * Cases as event logs. Every write is one read-write transaction that reads the log head, runs the (pure,
 * synchronous) machine, and writes the event, the snapshot cache and the index row: all or nothing, and two
 * tabs appending at once are serialized by IndexedDB.
 */
export interface LoadedCase {
  snapshot: CaseSnapshot;
  events: EventRow[];
  rebuilt: boolean;
}

const newId = () => crypto.randomUUID();

export function indexRow(caseId: string, snapshot: CaseSnapshot, openedAt: string, at: string, count: number, cal: SchoolCalendar): CaseRow {
  const due = dueItems(snapshot, at, cal);
  return {
    id: caseId,
    step: stepOf(snapshot),
    level: snapshot.context.level ?? -1,
    openedAt,
    updatedAt: at,
    nextDueAt: due[0]?.dueAt ?? '',
    eventCount: count,
  };
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof StorageError) throw err;
    if (err instanceof ReplayError) throw new StorageError('notAllowed', err.message, err.problem);
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

/** Creates a case from its first events (report, parties, intake…) in one transaction: all of them or none. */
export function createCase(db: SanadDb, caseId: string, first: unknown | unknown[], cal: SchoolCalendar): Promise<CaseSnapshot> {
  const raw = Array.isArray(first) ? first : [first];
  return guarded(async () => {
    const events = raw.map(validated);
    if (events.length === 0) throw new StorageError('invalidEvent', 'a case starts with at least one event');
    // Run the machine before touching the database: nothing is written for a log the protocol refuses.
    let snapshot = initialSnapshot(caseId);
    events.forEach((e, i) => (snapshot = applyCaseEvent(snapshot, e, i, events[i - 1]?.at)));
    return db.transaction('rw', [db.cases, db.events, db.snapshots], async () => {
      if (await db.cases.get(caseId)) throw new StorageError('caseExists', `case ${caseId} already exists`);
      await db.events.bulkAdd(events.map((event, seq) => ({ id: newId(), caseId, seq, at: event.at, by: event.by, event })));
      const last = events.length - 1;
      await db.snapshots.put({ caseId, seq: last, ...persist(snapshot) });
      await db.cases.put(indexRow(caseId, snapshot, events[0]?.at ?? '', events[last]?.at ?? '', events.length, cal));
      return snapshot;
    });
  });
}

async function loadInside(db: SanadDb, caseId: string): Promise<LoadedCase> {
  const events = await db.events.where('[caseId+seq]').between([caseId, Dexie.minKey], [caseId, Dexie.maxKey]).toArray();
  if (events.length === 0) throw new StorageError('caseNotFound', `case ${caseId} not found`);
  const cached = await db.snapshots.get(caseId);
  // A cache that lags behind the log (a write from an older app version) is ignored: replay is the truth.
  const usable = cached && cached.seq === events.length - 1 ? cached : undefined;
  const { snapshot, rebuilt } = restore(usable, events.map((e) => e.event), caseId);
  return { snapshot, events, rebuilt };
}

export function loadCase(db: SanadDb, caseId: string): Promise<LoadedCase> {
  return guarded(() => db.transaction('r', [db.events, db.snapshots], () => loadInside(db, caseId)));
}

/** Appends one event, or several that belong together (a triage form), in one transaction: all or none. */
export function appendEvent(db: SanadDb, caseId: string, raw: unknown | unknown[], cal: SchoolCalendar): Promise<CaseSnapshot> {
  const list = Array.isArray(raw) ? raw : [raw];
  return guarded(() =>
    db.transaction('rw', [db.cases, db.events, db.snapshots], async () => {
      const incoming = list.map(validated);
      const { snapshot, events } = await loadInside(db, caseId);
      let next = snapshot;
      let previousAt = events.at(-1)?.at;
      incoming.forEach((event, i) => {
        next = applyCaseEvent(next, event, events.length + i, previousAt);
        previousAt = event.at;
      });
      const first = events.length;
      await db.events.bulkAdd(incoming.map((event, i) => ({ id: newId(), caseId, seq: first + i, at: event.at, by: event.by, event })));
      const seq = first + incoming.length - 1;
      await db.snapshots.put({ caseId, seq, ...persist(next) });
      await db.cases.put(indexRow(caseId, next, events[0]?.at ?? '', previousAt ?? '', seq + 1, cal));
      return next;
    }),
  );
}
