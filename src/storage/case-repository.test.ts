import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scenarioEvents } from '../../tests/setup/scenario-events';
import { replay, stepOf } from '../../machines/replay';
import { DEFAULT_CALENDAR } from '../../protocol/calendar';
import { appendEvent, createCase, loadCase, verifyChain } from './case-repository';
import { listCases, openDb } from './db';
import type { SanadDb } from './db';
import { keysFromMaster, randomBytes } from './crypto';
import type { VaultKeys } from './crypto';
import { StorageError, isQuotaError } from './errors';

const cal = DEFAULT_CALENDAR;
const scenario = scenarioEvents;

let db: SanadDb;
let keys: VaultKeys;
let n = 0;
beforeEach(async () => {
  db = openDb(`sanad-test-${n++}`);
  await db.open();
  keys = await keysFromMaster(randomBytes(32));
});
afterEach(async () => {
  await db.delete();
});

async function store(caseId: string, events: Record<string, unknown>[]) {
  await createCase(db, keys, caseId, events[0], cal);
  for (const e of events.slice(1)) await appendEvent(db, keys, caseId, e, cal);
}

async function problemOf(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    return err instanceof StorageError ? err.problem : `other: ${String(err)}`;
  }
  return 'none';
}

describe('case repository', () => {
  it('stores a case as its event log and loads it back to the same state as a replay', async () => {
    const events = scenario('shared-concern-resolved');
    await store('c1', events);
    const { snapshot, events: rows, rebuilt } = await loadCase(db, keys, 'c1');
    expect(rebuilt).toBe(false);
    expect(rows.map((r) => r.seq)).toEqual(events.map((_, i) => i));
    expect(snapshot.value).toEqual(replay(events, 'c1').value);
    expect(snapshot.context).toEqual(JSON.parse(JSON.stringify(replay(events, 'c1').context)));
  });

  it('keeps names and narrative out of the index table', async () => {
    await store('c1', scenario('sextortion-emergency'));
    const [row] = await listCases(db);
    expect(row).toMatchObject({ id: 'c1', step: 'supportAndIntervention', level: 4, eventCount: scenario('sextortion-emergency').length });
    expect(JSON.stringify(row)).not.toMatch(/Karim|Snapchat|500 dirhams|lina_2009x/i);
  });

  it('refuses an event the protocol does not allow, and writes nothing', async () => {
    const events = scenario('conflict-only');
    await store('c1', events.slice(0, 5));
    const before = await loadCase(db, keys, 'c1');
    const problem = await problemOf(appendEvent(db, keys, 'c1', { type: 'followUp.start', at: '2026-11-02T09:00:00Z', by: 'x' }, cal));
    expect(problem).toBe('notAllowed');
    const after = await loadCase(db, keys, 'c1');
    expect(after.events).toHaveLength(before.events.length);
    expect(await db.snapshots.get('c1')).toMatchObject({ seq: before.events.length - 1 });
  });

  it('creates a case from its first events all at once, or not at all', async () => {
    const events = scenario('conflict-only');
    await createCase(db, keys, 'c1', events.slice(0, 5), cal);
    expect(stepOf((await loadCase(db, keys, 'c1')).snapshot)).toBe('triage');
    const refused = [...events.slice(0, 2), { type: 'followUp.start', at: '2026-11-02T08:40:00Z', by: 'x' }];
    expect(await problemOf(createCase(db, keys, 'c2', refused, cal))).toBe('notAllowed');
    expect(await db.events.where('caseId').equals('c2').count()).toBe(0);
    expect(await db.cases.get('c2')).toBeUndefined();
  });

  it('refuses malformed input with a code, and a second case with the same id', async () => {
    expect(await problemOf(createCase(db, keys, 'c1', { type: 'case.report', at: 'now', by: 'x' }, cal))).toBe('invalidEvent');
    await store('c1', scenario('conflict-only').slice(0, 1));
    expect(await problemOf(createCase(db, keys, 'c1', scenario('conflict-only')[0], cal))).toBe('caseExists');
    expect(await problemOf(loadCase(db, keys, 'nope'))).toBe('caseNotFound');
  });

  it('a full disk in the middle of a write leaves nothing half-written', async () => {
    const events = scenario('conflict-only');
    await store('c1', events.slice(0, 4));
    // The last write of the transaction fails as a full disk does.
    db.cases.hook('updating', () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    expect(await problemOf(appendEvent(db, keys, 'c1', events[4], cal))).toBe('quotaExceeded');
    expect(await db.events.where('caseId').equals('c1').count()).toBe(4);
    expect(await db.snapshots.get('c1')).toMatchObject({ seq: 3 });
    expect((await db.cases.get('c1'))?.eventCount).toBe(4);
  });

  it('recognises a quota error wrapped in an AbortError', () => {
    const inner = new DOMException('full', 'QuotaExceededError');
    expect(isQuotaError(Object.assign(new Error('aborted'), { name: 'AbortError', inner }))).toBe(true);
    expect(isQuotaError(new Error('other'))).toBe(false);
  });

  it('a snapshot cache that lags behind the log is ignored and the case rebuilt', async () => {
    const events = scenario('conflict-only');
    await store('c1', events);
    await db.snapshots.update('c1', { seq: 2 });
    expect((await loadCase(db, keys, 'c1')).rebuilt).toBe(true);
    // A snapshot sealed for another case does not open here either.
    await store('c2', events);
    const other = await db.snapshots.get('c2');
    await db.snapshots.put({ ...other!, caseId: 'c1' });
    const { snapshot, rebuilt } = await loadCase(db, keys, 'c1');
    expect(rebuilt).toBe(true);
    expect(stepOf(snapshot)).toBe('closed');
  });

  it('two writers appending at once are serialized: both events land, in order', async () => {
    const events = scenario('conflict-only');
    await store('c1', events.slice(0, 5));
    await Promise.all([
      appendEvent(db, keys, 'c1', { type: 'note.add', at: '2026-11-02T09:00:00Z', by: 'Tab A', text: 'first' }, cal),
      appendEvent(db, keys, 'c1', { type: 'note.add', at: '2026-11-02T09:00:00Z', by: 'Tab B', text: 'second' }, cal),
    ]);
    const { events: rows, snapshot } = await loadCase(db, keys, 'c1');
    expect(rows.map((r) => r.seq)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(snapshot.context.notes.map((x) => x.by).sort()).toEqual(['Tab A', 'Tab B']);
  });

  it('keeps every event, snapshot and setting sealed: no narrative, name or author in any row', async () => {
    await store('c1', scenario('sextortion-emergency'));
    const rows = JSON.stringify([await db.events.toArray(), await db.snapshots.toArray(), await db.cases.toArray()]);
    expect(rows).not.toMatch(/Karim|Snapchat|500 dirhams|lina_2009x|Idrissi|Benali/i);
    const { snapshot } = await loadCase(db, keys, 'c1');
    expect(JSON.stringify(snapshot.context)).toMatch(/lina_2009x/);
  });

  it('a case sealed under one vault cannot be read with another key (its ledger does not open: GCM cannot tell a wrong key from an alteration)', async () => {
    await store('c1', scenario('conflict-only'));
    expect(await problemOf(loadCase(db, await keysFromMaster(randomBytes(32)), 'c1'))).toBe('altered');
  });

  it('the hash chain verifies, and names the first broken link after an edit, a deletion or a swap', async () => {
    await store('c1', scenario('shared-concern-resolved'));
    const ok = await verifyChain(db, keys, 'c1');
    expect(ok).toMatchObject({ ok: true, events: scenario('shared-concern-resolved').length });
    expect(ok.head).toBe((await db.cases.get('c1'))?.chainHead);

    const rows = await db.events.where('caseId').equals('c1').sortBy('seq');
    const tenth = rows[10]!;
    await db.events.put({ ...tenth, sealed: { ...tenth.sealed!, ct: rows[11]!.sealed!.ct } });
    expect(await verifyChain(db, keys, 'c1')).toMatchObject({ ok: false, brokenAt: 10 });
    await db.events.put(tenth);
    await db.events.where('id').equals(rows[20]!.id).delete();
    expect(await verifyChain(db, keys, 'c1')).toMatchObject({ ok: false, brokenAt: 20 });
    await db.events.put(rows[20]!);
    expect((await verifyChain(db, keys, 'c1')).ok).toBe(true);
    // The last event removed: only the recorded head can tell.
    await db.events.where('id').equals(rows[34]!.id).delete();
    expect(await verifyChain(db, keys, 'c1')).toMatchObject({ ok: false, brokenAt: 34 });
  });
});
