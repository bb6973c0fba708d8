/**
 * Runs inside headless Chromium, on the app's own origin and database, for `npm run bench`
 * (scripts/bench-browser.ts). Each figure is taken twice in the same run: through the app's storage
 * code (Dexie, the machine) and with the same reads and writes in raw IndexedDB.
 */
import { DEFAULT_CALENDAR } from '../../protocol/calendar';
import type { CaseEvent } from '../../machines/events';
import { applyCaseEvent, initialSnapshot } from '../../machines/replay';
import { CHAIN_START } from '../../src/storage/crypto';
import type { VaultKeys } from '../../src/storage/crypto';
import { appendEvent, indexRow, loadCase, sealEvents, sealSnapshot } from '../../src/storage/case-repository';
import { listOpenCases, openDb } from '../../src/storage/db';
import type { CaseRow, EventRow, SnapshotRow } from '../../src/storage/db';
import { DB_NAME } from '../../src/storage/schema';
import { createVault } from '../../src/storage/vault';

const scenarios = Object.values(import.meta.glob<{ steps: { event: CaseEvent }[] }>('../../protocol/scenarios/*.json', { eager: true, import: 'default' })).map((s) =>
  s.steps.map((x) => x.event),
);

const db = openDb(DB_NAME);
const HOUR = 3_600_000;
let keys: VaultKeys;

/** A log of exactly `size` events: a scenario cut or padded with notes (allowed at triage) after the intake. */
function template(log: CaseEvent[], size: number): CaseEvent[] {
  const cut = log.slice(0, size);
  const intakeEnd = cut.findIndex((e) => e.type === 'intake.submit') + 1;
  const at = cut[intakeEnd - 1]?.at ?? cut[0]!.at;
  const notes = Array.from({ length: size - cut.length }, (_, i): CaseEvent => ({ type: 'note.add', at, by: 'Bench', text: `Note ${i + 1}` }) as CaseEvent);
  return [...cut.slice(0, intakeEnd), ...notes, ...cut.slice(intakeEnd)];
}

function shifted(log: CaseEvent[], lastAt: number): CaseEvent[] {
  const delta = lastAt - Date.parse(log.at(-1)!.at);
  return log.map((e) => ({ ...e, at: new Date(Date.parse(e.at) + delta).toISOString() }));
}

/** Seeds through the app's own sealing: a vault with `passphrase`, every event and snapshot sealed and chained. */
async function seed(count: number, perCase: number, passphrase: string): Promise<{ cases: number; events: number; ms: number }> {
  const t0 = performance.now();
  await db.delete();
  await db.open();
  keys = (await createVault(db, passphrase, new Date().toISOString())).keys;
  await db.vault.update('vault', { legacySealed: true });
  const templates = scenarios.map((log) => template(log, perCase));
  const endsClosed = (log: CaseEvent[]) => log.at(-1)?.type === 'case.close';
  const closedTemplates = templates.filter(endsClosed);
  const openTemplates = templates.filter((log) => !endsClosed(log));
  const now = Date.now();
  const span = 2 * 365 * 24 * HOUR;
  const batch = 250;
  for (let start = 0; start < count; start += batch) {
    const cases: CaseRow[] = [];
    const events: EventRow[] = [];
    const snapshots: SnapshotRow[] = [];
    for (let i = start; i < Math.min(count, start + batch); i++) {
      const caseId = `bench-${String(i).padStart(5, '0')}`;
      // Spread over two school years: cases of the last 60 days are open, older ones closed.
      const age = (i * span) / count;
      const pool = age < 60 * 24 * HOUR ? openTemplates : closedTemplates;
      const log = shifted(pool[i % pool.length]!, now - age);
      let snap = initialSnapshot(caseId);
      log.forEach((e, seq) => (snap = applyCaseEvent(snap, e, seq)));
      const rows = await sealEvents(keys, caseId, log, 0, CHAIN_START);
      events.push(...rows);
      snapshots.push(await sealSnapshot(keys, caseId, log.length - 1, snap));
      cases.push(indexRow(caseId, snap, log[0]!.at, log.at(-1)!.at, log.length, DEFAULT_CALENDAR, rows.at(-1)!.chain!));
    }
    await db.transaction('rw', [db.cases, db.events, db.snapshots], async () => {
      await db.events.bulkAdd(events);
      await db.snapshots.bulkAdd(snapshots);
      await db.cases.bulkAdd(cases);
    });
  }
  return { cases: await db.cases.count(), events: await db.events.count(), ms: performance.now() - t0 };
}

function rawDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME);
    req.addEventListener('success', () => resolve(req.result));
    req.addEventListener('error', () => reject(req.error));
  });
}

const done = <T>(req: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    req.addEventListener('success', () => resolve(req.result));
    req.addEventListener('error', () => reject(req.error));
  });
const committed = (tx: IDBTransaction) =>
  new Promise<void>((resolve, reject) => {
    tx.addEventListener('complete', () => resolve());
    tx.addEventListener('abort', () => reject(tx.error));
  });

/** The home screen's read: open cases through the step index (everything but 'closed'). */
async function rawOpenCases(idb: IDBDatabase): Promise<unknown[]> {
  const tx = idb.transaction('cases', 'readonly');
  const step = tx.objectStore('cases').index('step');
  const [before, after] = await Promise.all([done(step.getAll(IDBKeyRange.upperBound('closed', true))), done(step.getAll(IDBKeyRange.lowerBound('closed', true)))]);
  return [...before, ...after];
}

async function rawLoad(idb: IDBDatabase, caseId: string) {
  const tx = idb.transaction(['events', 'snapshots'], 'readonly');
  const range = IDBKeyRange.bound([caseId, -Infinity], [caseId, Infinity]);
  return Promise.all([done(tx.objectStore('events').getAll(range)), done(tx.objectStore('snapshots').get(caseId))]);
}

/** The same reads and writes as an append, with no sealing and no machine: read the log, then one write transaction. */
async function rawAppend(idb: IDBDatabase, caseId: string, event: CaseEvent) {
  const read = idb.transaction(['events', 'snapshots', 'cases'], 'readonly');
  const [head, snapshot, row] = await Promise.all([
    done(read.objectStore('events').getAll(IDBKeyRange.bound([caseId, -Infinity], [caseId, Infinity]))),
    done(read.objectStore('snapshots').get(caseId)),
    done(read.objectStore('cases').get(caseId)),
  ]);
  const tx = idb.transaction(['events', 'snapshots', 'cases'], 'readwrite', { durability: 'strict' });
  const seq = head.length;
  tx.objectStore('events').add({ id: crypto.randomUUID(), caseId, seq, at: event.at, event });
  tx.objectStore('snapshots').put({ ...snapshot, seq });
  tx.objectStore('cases').put({ ...row, updatedAt: event.at, eventCount: seq + 1 });
  await committed(tx);
}

async function timed(runs: number, f: (i: number) => Promise<unknown>): Promise<number[]> {
  await f(-1);
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f(i);
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}

async function measure(runs: number) {
  const idb = await rawDb();
  const ids = (await db.cases.toCollection().primaryKeys()) as string[];
  const pick = (i: number) => ids[Math.abs((i * 7919) % ids.length)]!;
  const openCount = (await listOpenCases(db)).length;
  const note = (i: number): CaseEvent => ({ type: 'note.add', at: new Date().toISOString(), by: 'Bench', text: `Bench note ${i}` }) as CaseEvent;
  const result = {
    openCount,
    listApp: await timed(runs, () => listOpenCases(db)),
    listRaw: await timed(runs, () => rawOpenCases(idb)),
    openApp: await timed(runs, (i) => loadCase(db, keys, pick(i))),
    openRaw: await timed(runs, (i) => rawLoad(idb, pick(i))),
    appendApp: await timed(runs, (i) => appendEvent(db, keys, pick(i + 1000), note(i), DEFAULT_CALENDAR)),
    appendRaw: await timed(runs, (i) => rawAppend(idb, pick(i + 2000), note(i))),
  };
  idb.close();
  return result;
}

/** Opening a case whose snapshot cache is gone: load plus a full replay of its log. */
async function measureStale(runs: number): Promise<number[]> {
  const ids = (await db.cases.toCollection().primaryKeys()) as string[];
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const id = ids[(i * 104_729) % ids.length]!;
    await db.snapshots.delete(id);
    const t0 = performance.now();
    await loadCase(db, keys, id);
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}

Object.assign(window, { sanadBench: { seed, measure, measureStale, close: () => db.close() } });
document.body.dataset.ready = 'yes';
