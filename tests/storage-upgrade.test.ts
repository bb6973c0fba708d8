import 'fake-indexeddb/auto';
import { readFileSync, readdirSync } from 'node:fs';
import { Dexie } from 'dexie';
import { replay } from '../machines/replay';
import { loadCase } from '../src/storage/case-repository';
import { listClosedCases, listOpenCases, openDb } from '../src/storage/db';
import type { SanadDb } from '../src/storage/db';
import { CURRENT_VERSION, DB_NAME, SCHEMA } from '../src/storage/schema';

/**
 * Every released schema has a frozen database in tests/fixtures (written by scripts/db-fixture.ts when it
 * was current). Opening it with today's schema must upgrade it with nothing lost.
 */
interface Fixture {
  format: string;
  schemaVersion: number;
  tables: Record<string, Record<string, unknown>[]>;
}
const fixtures = readdirSync('tests/fixtures')
  .filter((f) => /^sanad-v\d+\.json$/.test(f))
  .map((f) => JSON.parse(readFileSync(`tests/fixtures/${f}`, 'utf8')) as Fixture);

/** Recreates the database exactly as the old app left it: its schema versions only, its rows. */
async function installOld(name: string, fx: Fixture) {
  const old = new Dexie(name);
  for (const { version, stores } of SCHEMA.filter((s) => s.version <= fx.schemaVersion)) old.version(version).stores(stores);
  await old.open();
  for (const [table, rows] of Object.entries(fx.tables)) await old.table(table).bulkAdd(rows);
  old.close();
}

describe('schema upgrades', () => {
  it('has a fixture for every released schema version but the newest', () => {
    const released = SCHEMA.map((s) => s.version).filter((v) => v < CURRENT_VERSION);
    expect(fixtures.map((f) => f.schemaVersion).sort()).toEqual(expect.arrayContaining(released));
    expect(fixtures.every((f) => f.format === 'sanad-db-fixture/1')).toBe(true);
  });

  for (const fx of fixtures) {
    it(`opens the v${fx.schemaVersion} database with schema v${CURRENT_VERSION}, nothing lost`, async () => {
      const name = `${DB_NAME}-upgrade-${fx.schemaVersion}`;
      await installOld(name, fx);
      const db: SanadDb = openDb(name);
      await db.open();
      expect(db.verno).toBe(CURRENT_VERSION);
      for (const [table, rows] of Object.entries(fx.tables)) expect(await db.table(table).toArray()).toEqual(rows);

      // Every case still loads from its cached snapshot, to the state a replay of its log gives.
      const ids = (fx.tables.cases ?? []).map((c) => c.id as string);
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) {
        const loaded = await loadCase(db, id);
        expect(loaded.rebuilt).toBe(false);
        const fromLog = replay(loaded.events.map((e) => e.event), id);
        expect(loaded.snapshot.value).toEqual(fromLog.value);
      }
      // And the new indexes answer over the old rows.
      const open = await listOpenCases(db);
      const closed = await listClosedCases(db, 100);
      expect(open.length + closed.length).toBe(ids.length);
      expect(closed.length).toBeGreaterThan(0);
      expect(closed.every((c) => c.step === 'closed')).toBe(true);
      expect(closed.map((c) => c.updatedAt)).toEqual(closed.map((c) => c.updatedAt).sort().reverse());
      await db.delete();
    });
  }
});
