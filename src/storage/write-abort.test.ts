import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { Dexie } from 'dexie';
import { DEFAULT_CALENDAR } from '../../protocol/calendar';
import { appendEvent, createCase, loadCase, verifyChain } from './case-repository';
import { keysFromMaster, randomBytes } from './crypto';
import { openDb } from './db';

/**
 * A write whose transaction fails at any step (what a full disk or a quota abort does to it) must leave the case
 * as it was: 1,000 writes, each made to throw at a random step of its transaction, then the database is checked
 * whole. A closed tab and a killed browser, which this fake database cannot model, are tested in Chromium by
 * tests/e2e/crash.spec.ts.
 */
const RUNS = 1000;
const scenario = (JSON.parse(readFileSync('protocol/scenarios/conflict-only.json', 'utf8')) as { steps: { event: Record<string, unknown> }[] }).steps.map((s) => s.event);

describe('a failure at any step of a write', () => {
  it(`is all or nothing over ${RUNS} writes with an abort aimed at a random step, with no orphan rows`, async () => {
    const db = openDb('abort-test');
    await db.open();
    const keys = await keysFromMaster(randomBytes(32));
    let step = 0;
    let failAt = -1;
    const maybeFail = () => {
      if (++step === failAt) throw new Error('injected abort');
    };
    for (const table of [db.events, db.snapshots, db.cases] as Dexie.Table[]) {
      table.hook('creating', maybeFail);
      table.hook('updating', maybeFail);
    }
    // A seeded sequence of positions, so a failure can be replayed.
    let seed = 20261128;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);

    let aborted = 0;
    let written = 0;
    for (let run = 0; run < RUNS; run++) {
      const id = `c${run % 50}`;
      const existing = await db.cases.get(id);
      const before = existing ? await loadCase(db, keys, id) : null;
      const next = before ? scenario[before.events.length % scenario.length] : undefined;
      // A write has about 3–8 hook steps; aim anywhere in it, sometimes past its end (no abort).
      step = 0;
      failAt = 1 + random(9);
      const write =
        before && next && before.events.length < scenario.length
          ? appendEvent(db, keys, id, { ...next, at: new Date(Date.parse(before.events.at(-1)!.at) + 60_000).toISOString() }, DEFAULT_CALENDAR)
          : existing
            ? Promise.resolve()
            : createCase(db, keys, id, scenario.slice(0, 5), DEFAULT_CALENDAR);
      const outcome = await write.then(
        () => 'written',
        (err: Error) => (/injected abort/.test(err.message) ? 'aborted' : `refused: ${err.message}`),
      );
      failAt = -1;
      expect(outcome, `run ${run}`).not.toMatch(/^refused/);
      const failed = outcome === 'aborted';
      if (failed) aborted++;
      else written++;
      const after = (await db.cases.get(id)) ? await loadCase(db, keys, id) : null;
      if (failed) expect(after?.events.length ?? 0, `run ${run}`).toBe(before?.events.length ?? 0);
    }
    expect(aborted).toBeGreaterThan(RUNS / 3);
    expect(written).toBeGreaterThan(RUNS / 10);

    // The whole database: every case's log is gapless, chained, matched by its snapshot and its index row.
    const cases = await db.cases.toArray();
    for (const row of cases) {
      const events = await db.events.where('caseId').equals(row.id).sortBy('seq');
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
      expect(row.eventCount).toBe(events.length);
      expect((await db.snapshots.get(row.id))?.seq).toBe(events.length - 1);
      expect((await verifyChain(db, keys, row.id)).ok).toBe(true);
    }
    const known = new Set(cases.map((c) => c.id));
    expect((await db.events.toArray()).filter((e) => !known.has(e.caseId))).toEqual([]);
    expect((await db.snapshots.toArray()).filter((s) => !known.has(s.caseId))).toEqual([]);
    await db.delete();
  });
});
