/**
 * Runs inside headless Chromium, on the app's own origin and database, for `npm run bench`
 * (scripts/bench-browser.ts). Each figure is taken twice in the same run: through the app's code, and by a
 * baseline doing the same work with nothing of the app's (raw IndexedDB, WebCrypto and React called directly):
 *   - home: read the open cases, then render the rows home shows as bare list items with React;
 *   - open: read a case's events, snapshot and the ledger, then decrypt every one of them;
 *   - append: read the log head and the ledger, seal the event and the snapshot, chain the event, reseal the
 *     ledger with the case's new anchor, write event, snapshot, index row and ledger in one strict transaction,
 *     into a database of its own so later timings never read its rows.
 */
import { createElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { DEFAULT_CALENDAR, endOfLocalDay, localDate } from '../../protocol/calendar';
import { STEP_IDS } from '../../protocol/steps';
import type { CaseEvent } from '../../machines/events';
import { CHAIN_START, aadFor, eventAad } from '../../src/storage/crypto';
import type { VaultKeys } from '../../src/storage/crypto';
import { appendEvent, loadCase } from '../../src/storage/case-repository';
import { listOpenCases, openDb } from '../../src/storage/db';
import type { CaseRow, EventRow, SnapshotRow } from '../../src/storage/db';
import { DB_NAME } from '../../src/storage/schema';
import { createVault } from '../../src/storage/vault';
import { LEDGER_KEY, anchorOf, sealLedger } from '../../src/storage/ledger';
import type { Ledger } from '../../src/storage/ledger';
import { caseSeeder } from './seed-cases';

const scenarios = Object.values(import.meta.glob<{ steps: { event: CaseEvent }[] }>('../../protocol/scenarios/*.json', { eager: true, import: 'default' })).map((s) =>
  s.steps.map((x) => x.event),
);

const db = openDb(DB_NAME);
let keys: VaultKeys;

/** Seeds through the app's own sealing: a vault with `passphrase`, every event and snapshot sealed and chained. */
async function seed(count: number, perCase: number, passphrase: string): Promise<{ cases: number; events: number; ms: number }> {
  const t0 = performance.now();
  await db.delete();
  await db.open();
  keys = (await createVault(db, passphrase, new Date().toISOString())).keys;
  await db.vault.update('vault', { legacySealed: true });
  const build = caseSeeder(scenarios, count, perCase);
  const batch = 250;
  const anchors: Ledger['cases'] = {};
  for (let start = 0; start < count; start += batch) {
    const { cases, events, snapshots, anchors: some } = await build(keys, start, start + batch);
    await db.transaction('rw', [db.cases, db.events, db.snapshots], async () => {
      await db.events.bulkAdd(events);
      await db.snapshots.bulkAdd(snapshots);
      await db.cases.bulkAdd(cases);
    });
    Object.assign(anchors, some);
  }
  // The ledger that anchors every case, as the app keeps it (docs/decisions/0014).
  await db.settings.put(await sealLedger(keys, { rev: 1, upgrading: false, cases: anchors, settings: {} }));
  return { cases: await db.cases.count(), events: await db.events.count(), ms: performance.now() - t0 };
}

const RAW_DB = 'sanad-bench-raw';

function rawDb(name = DB_NAME): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name);
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

const enc = new TextEncoder();
const dec = new TextDecoder();
const b64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const toB64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
type SealedRow = { sealed: { iv: string; ct: string } };

async function rawOpen(row: SealedRow, aad: string): Promise<unknown> {
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: b64(row.sealed.iv), additionalData: enc.encode(aad) }, keys.data, b64(row.sealed.ct));
  return JSON.parse(dec.decode(plain));
}

async function rawSeal(value: unknown, aad: string): Promise<{ v: number; iv: string; ct: string }> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: enc.encode(aad) }, keys.data, enc.encode(JSON.stringify(value))));
  return { v: 1, iv: toB64(iv), ct: toB64(ct) };
}

/** The home screen's read: open cases through the step index (everything but 'closed'). */
async function rawOpenCases(idb: IDBDatabase): Promise<CaseRow[]> {
  const tx = idb.transaction('cases', 'readonly');
  const step = tx.objectStore('cases').index('step');
  const [before, after] = await Promise.all([done(step.getAll(IDBKeyRange.upperBound('closed', true))), done(step.getAll(IDBKeyRange.lowerBound('closed', true)))]);
  return [...before, ...after] as CaseRow[];
}

/** The rows home shows: what is due today, then at most 20 more per stage. */
function shownOnHome(rows: CaseRow[]): CaseRow[] {
  const now = new Date().toISOString();
  const endOfToday = endOfLocalDay(localDate(now, DEFAULT_CALENDAR), DEFAULT_CALENDAR);
  const today = rows.filter((r) => r.nextDueAt !== '' && r.nextDueAt <= endOfToday);
  const rest = rows.filter((r) => !today.includes(r));
  return [...today, ...STEP_IDS.flatMap((step) => rest.filter((r) => r.step === step).slice(0, 20))];
}

/** Baseline for the home screen: the same read, then the same rows as bare list items, rendered by React. */
async function rawHome(idb: IDBDatabase): Promise<void> {
  const rows = shownOnHome(await rawOpenCases(idb));
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  flushSync(() =>
    root.render(createElement('ul', null, ...rows.map((r) => createElement('li', { key: r.id }, createElement('a', { href: `#/case/${r.id}` }, `${r.id} · ${r.step} · ${r.nextDueAt}`))))),
  );
  root.unmount();
  host.remove();
}

type LedgerRow = SealedRow & { rev: number };
const ledgerAad = (rev: number) => `sanad/ledger/r${rev}/v2`;

async function rawLoad(idb: IDBDatabase, caseId: string) {
  const tx = idb.transaction(['events', 'snapshots', 'settings'], 'readonly');
  const range = IDBKeyRange.bound([caseId, -Infinity], [caseId, Infinity]);
  return Promise.all([
    done(tx.objectStore('events').getAll(range)) as Promise<EventRow[]>,
    done(tx.objectStore('snapshots').get(caseId)) as Promise<SnapshotRow | undefined>,
    done(tx.objectStore('settings').get(LEDGER_KEY)) as Promise<LedgerRow>,
  ]);
}

/** Baseline for opening a case: the same read, then the ledger, every event and the snapshot decrypted. */
async function rawOpenCase(idb: IDBDatabase, caseId: string) {
  const [events, snapshot, ledger] = await rawLoad(idb, caseId);
  await rawOpen(ledger, ledgerAad(ledger.rev));
  await Promise.all(events.map((e) => rawOpen(e as SealedRow, eventAad(caseId, e.seq, e.id))));
  if (snapshot?.sealed) await rawOpen(snapshot as SealedRow, aadFor('snapshots', `${caseId}/${snapshot.seq}`));
}

/** Copies the cases the raw appends will write to into a database of their own (untimed). */
async function prepareRawCopy(ids: string[]): Promise<Map<string, unknown>> {
  const raw = openDb(RAW_DB);
  await raw.delete();
  await raw.open();
  const plainSnapshots = new Map<string, unknown>();
  const ledgerRow = await db.settings.get(LEDGER_KEY);
  if (ledgerRow) await raw.settings.put(ledgerRow);
  for (const id of ids) {
    const [events, snapshot, row] = await Promise.all([db.events.where('caseId').equals(id).toArray(), db.snapshots.get(id), db.cases.get(id)]);
    await raw.transaction('rw', [raw.events, raw.snapshots, raw.cases], async () => {
      await raw.events.bulkPut(events);
      if (snapshot) await raw.snapshots.put(snapshot);
      if (row) await raw.cases.put(row);
    });
    if (snapshot?.sealed) plainSnapshots.set(id, await rawOpen(snapshot as SealedRow, aadFor('snapshots', `${id}/${snapshot.seq}`)));
  }
  raw.close();
  return plainSnapshots;
}

/**
 * Baseline for an append: read the head, seal the event and a snapshot of the same size as the app's, chain,
 * and write the same three rows in one strict transaction.
 */
async function rawAppend(idb: IDBDatabase, caseId: string, event: CaseEvent, plainSnapshot: unknown) {
  const read = idb.transaction(['events', 'cases', 'settings'], 'readonly');
  const range = IDBKeyRange.bound([caseId, -Infinity], [caseId, Infinity]);
  const [head, row, ledgerRow] = await Promise.all([
    done(read.objectStore('events').openCursor(range, 'prev')).then((c) => c?.value as EventRow | undefined),
    done(read.objectStore('cases').get(caseId)) as Promise<CaseRow>,
    done(read.objectStore('settings').get(LEDGER_KEY)) as Promise<LedgerRow>,
  ]);
  const ledger = (await rawOpen(ledgerRow, ledgerAad(ledgerRow.rev))) as Ledger;
  const seq = (head?.seq ?? -1) + 1;
  const id = crypto.randomUUID();
  const sealed = await rawSeal(event, eventAad(caseId, seq, id));
  const link = toB64(
    new Uint8Array(await crypto.subtle.sign('HMAC', keys.chain, enc.encode([head?.chain ?? CHAIN_START, caseId, String(seq), id, event.at, sealed.iv, sealed.ct].join('\n')))),
  );
  const snapshot = await rawSeal(plainSnapshot, aadFor('snapshots', `${caseId}/${seq}`));
  const nextRow = { ...row, updatedAt: event.at, eventCount: seq + 1, chainHead: link };
  const rev = ledger.rev + 1;
  const nextLedger = { ...ledger, rev, cases: { ...ledger.cases, [caseId]: anchorOf(nextRow) } };
  const ledgerSealed = await rawSeal(nextLedger, ledgerAad(rev));
  const tx = idb.transaction(['events', 'snapshots', 'cases', 'settings'], 'readwrite', { durability: 'strict' });
  tx.objectStore('events').add({ id, caseId, seq, at: event.at, sealed, chain: link });
  tx.objectStore('snapshots').put({ caseId, seq, sealed: snapshot });
  tx.objectStore('cases').put(nextRow);
  tx.objectStore('settings').put({ key: LEDGER_KEY, rev, sealed: ledgerSealed });
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
  // Both appends write to the same cases (by index), the app's into the app's database, the baseline's into a copy.
  const appendIds = Array.from({ length: runs + 1 }, (_, i) => pick(i - 1 + 1000));
  const plainSnapshots = await prepareRawCopy(appendIds);
  const rawCopy = await rawDb(RAW_DB);
  const result = {
    openCount,
    listApp: await timed(runs, () => listOpenCases(db)),
    listRaw: await timed(runs, () => rawOpenCases(idb)),
    homeRaw: await timed(runs, () => rawHome(idb)),
    openApp: await timed(runs, (i) => loadCase(db, keys, pick(i))),
    openRaw: await timed(runs, (i) => rawOpenCase(idb, pick(i))),
    appendApp: await timed(runs, (i) => appendEvent(db, keys, appendIds[i + 1]!, note(i), DEFAULT_CALENDAR)),
    appendRaw: await timed(runs, (i) => rawAppend(rawCopy, appendIds[i + 1]!, note(i), plainSnapshots.get(appendIds[i + 1]!))),
  };
  idb.close();
  rawCopy.close();
  await openDb(RAW_DB).delete();
  return result;
}

/**
 * Opening a case whose snapshot cache is gone (a cold open: load plus a full replay of its log). The removed
 * snapshots are put back afterwards, so no later timing meets a cold case it does not announce.
 */
async function measureStale(runs: number): Promise<number[]> {
  const ids = (await db.cases.toCollection().primaryKeys()) as string[];
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const id = ids[(i * 104_729) % ids.length]!;
    const kept = await db.snapshots.get(id);
    await db.snapshots.delete(id);
    const t0 = performance.now();
    await loadCase(db, keys, id);
    out.push(performance.now() - t0);
    if (kept) await db.snapshots.put(kept);
  }
  return out.sort((a, b) => a - b);
}

Object.assign(window, { sanadBench: { seed, measure, measureStale, close: () => db.close() } });
document.body.dataset.ready = 'yes';
