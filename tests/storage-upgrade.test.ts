import 'fake-indexeddb/auto';
import { readFileSync, readdirSync } from 'node:fs';
import { Dexie } from 'dexie';
import type { CaseEvent } from '../machines/events';
import { replayRecorded, stepOf } from '../machines/replay';
import { DEFAULT_CALENDAR } from '../protocol/calendar';
import { loadCase, verifyChain } from '../src/storage/case-repository';
import { listClosedCases, listOpenCases, openDb } from '../src/storage/db';
import type { SanadDb } from '../src/storage/db';
import { CURRENT_VERSION, DB_NAME, RELEASED_VERSIONS, SCHEMA } from '../src/storage/schema';
import { upgradeVault } from '../src/storage/upgrade';
import { LEDGER_KEY, nextLedger, sealLedger } from '../src/storage/ledger';
import { seal, settingAad } from '../src/storage/crypto';
import type { VaultKeys } from '../src/storage/crypto';
import { readSettings } from '../src/storage/settings';
import { createVault, unlockWithPassphrase } from '../src/storage/vault';

/**
 * Every released schema has a frozen database in tests/fixtures (scripts/db-fixture.ts, run when it was
 * current). Opening it with today's schema must upgrade it with nothing lost.
 */
interface Fixture {
  format: string;
  schemaVersion: number;
  passphrase?: string;
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

/**
 * The fixture's vault, or one made now for a database from before vaults; then the upgrade after unlocking
 * reseals every case (clear rows, and rows sealed under their id only) and anchors it in the ledger.
 */
async function keysFor(db: SanadDb, fx: Fixture): Promise<VaultKeys> {
  const keys = fx.passphrase
    ? await unlockWithPassphrase(db, fx.passphrase, '2026-11-28T10:00:00.000Z')
    : (await createVault(db, 'a new passphrase for the vault', '2026-11-28T10:00:00.000Z')).keys;
  const clear = fx.passphrase ? 0 : (fx.tables.events ?? []).length + (fx.tables.settings ?? []).length;
  expect(await upgradeVault(db, keys, DEFAULT_CALENDAR)).toEqual({ cases: (fx.tables.cases ?? []).length, flagged: [], clearRows: clear });
  // Done once: the next unlock finds nothing to do.
  expect(await upgradeVault(db, keys, DEFAULT_CALENDAR)).toEqual({ cases: 0, flagged: [], clearRows: 0 });
  return keys;
}

describe('schema upgrades', () => {
  it('has a frozen database for every released schema version', () => {
    expect(fixtures.map((f) => f.schemaVersion).sort()).toEqual([...RELEASED_VERSIONS].sort());
    expect(fixtures.every((f) => f.format === 'sanad-db-fixture/1')).toBe(true);
  });

  for (const fx of fixtures) {
    it(`opens the v${fx.schemaVersion} database with schema v${CURRENT_VERSION}, nothing lost`, async () => {
      const name = `${DB_NAME}-upgrade-${fx.schemaVersion}`;
      await installOld(name, fx);
      const db: SanadDb = openDb(name);
      await db.open();
      expect(db.verno).toBe(CURRENT_VERSION);
      const keys = await keysFor(db, fx);

      // Every case loads to the state its log gives, and its chain verifies.
      const ids = (fx.tables.cases ?? []).map((c) => c.id as string);
      expect(ids.length).toBeGreaterThan(0);
      const departures: string[] = [];
      for (const id of ids) {
        const loaded = await loadCase(db, keys, id);
        // Snapshots cached by an older machine are rebuilt from the log, as it was recorded: each case is at the
        // step the old app left it in, and what today's rules would refuse is listed, not dropped.
        const recorded = replayRecorded(loaded.events.map((e) => e.event), id);
        expect(stepOf(loaded.snapshot)).toBe(stepOf(recorded.snapshot));
        expect(stepOf(loaded.snapshot)).toBe((fx.tables.cases ?? []).find((c) => c.id === id)?.step);
        expect(loaded.departures).toEqual(recorded.departures);
        departures.push(...loaded.departures.map((d) => d.refusal.code));
        expect((await verifyChain(db, keys, id)).ok).toBe(true);
        const before = (fx.tables.events ?? []).filter((e) => e.caseId === id);
        expect(loaded.events).toHaveLength(before.length);
        // Clear rows from before the vault: the same events, same ids, same order.
        if (!fx.passphrase) expect(loaded.events.map((e) => [e.id, e.event])).toEqual(before.map((e) => [e.id, e.event as CaseEvent]));
      }
      // Nothing is left in clear after the vault sealed the old rows.
      const raw = JSON.stringify([await db.events.toArray(), await db.snapshots.toArray(), await db.settings.toArray()]);
      expect(raw).not.toMatch(/"event":|"value":|Karim|Idrissi|Benali/);
      expect(await readSettings(db, keys, ['author', 'team'])).toEqual({ author: 'Mme Idrissi', team: ['Mme Benali', 'M. Haddad'] });

      // The indexes added since answer over the old rows.
      const open = await listOpenCases(db);
      const closed = await listClosedCases(db, 100);
      expect(open.length + closed.length).toBe(ids.length);
      expect(closed.length).toBeGreaterThan(0);
      expect(closed.map((c) => c.updatedAt)).toEqual(closed.map((c) => c.updatedAt).sort().reverse());
      // These databases hold closures made before families had a decision each: the rule shows up, kept.
      expect(departures).toContain('noParentDecision');
      await db.delete();
    });
  }
});

describe('the vault upgrade never lets one case block the others, nor vouches for what it finds altered', () => {
  const v1 = fixtures.find((f) => f.schemaVersion === 1)!;

  it('a clear log from an older version that the protocol now refuses is sealed as it is and flagged; every other case is upgraded', async () => {
    // A seventh case whose third event is of a kind no version of the machine knows.
    const events = v1.tables.events!.filter((e) => e.caseId === 'conflict-only').map((e) => ({ ...e, id: `odd-${String(e.id)}`, caseId: 'odd' }));
    const third = events[2] as Record<string, unknown>;
    events[2] = { ...third, event: { ...(third.event as object), type: 'case.unknownKind' } } as unknown as (typeof events)[number];
    const fx: Fixture = { ...v1, tables: { ...v1.tables, events: [...v1.tables.events!, ...events], cases: [...v1.tables.cases!, { ...v1.tables.cases![0]!, id: 'odd' }] } };
    const name = `${DB_NAME}-odd`;
    await installOld(name, fx);
    const db: SanadDb = openDb(name);
    await db.open();
    const { keys } = await createVault(db, 'a new passphrase for the vault', '2026-11-28T10:00:00.000Z');
    expect(await upgradeVault(db, keys, DEFAULT_CALENDAR)).toMatchObject({ cases: 7, flagged: [{ caseId: 'odd', flag: 'legacyRefused' }] });
    for (const c of v1.tables.cases!) expect((await loadCase(db, keys, c.id as string)).events.length).toBeGreaterThan(0);
    await expect(loadCase(db, keys, 'odd')).rejects.toMatchObject({ problem: 'altered', detail: { reason: 'legacyRefused' } });
    // Nothing of any case is left in clear in its rows, the refused one included.
    const raw = JSON.stringify([await db.events.toArray(), await db.snapshots.toArray()]);
    expect(raw).not.toMatch(/"event":|Karim|Idrissi|Benali/);
    await db.delete();
  });

  it('a setting saved just after the upgrade first reads the ledger is not taken for a lost ledger: no case flagged', async () => {
    const name = `${DB_NAME}-race`;
    await installOld(name, v1);
    const db: SanadDb = openDb(name);
    // The first unlock saves the school's name while the upgrade starts. Here that write is queued the moment the
    // upgrade's first read of the ledger finds none, so it commits before whatever the upgrade reads next.
    let inject: (() => void) | null = null;
    db.use({
      stack: 'dbcore',
      name: 'setting-saved-meanwhile',
      create: (down) => ({
        ...down,
        table: (tableName) => {
          const table = down.table(tableName);
          if (tableName !== 'settings') return table;
          return {
            ...table,
            get: async (req) => {
              const found: unknown = await table.get(req);
              const run = inject;
              if (run && req.key === LEDGER_KEY && found === undefined) {
                inject = null;
                run();
              }
              return found;
            },
          };
        },
      }),
    });
    await db.open();
    const { keys } = await createVault(db, 'a new passphrase for the vault', '2026-11-28T10:00:00.000Z');
    const school = { key: 'school', rev: 1, sealed: await seal(keys.data, settingAad('school', 1), 'École Al Amal') };
    const ledger = await sealLedger(keys, nextLedger(null, (l) => (l.settings.school = 1)));
    let saved: Promise<unknown> | undefined;
    inject = () => (saved = Dexie.ignoreTransaction(() => db.settings.bulkPut([school, ledger])));
    const report = await upgradeVault(db, keys, DEFAULT_CALENDAR);
    expect(saved).toBeDefined();
    await saved;
    // Every row found in clear is sealed but the old school name, which the one just saved replaces.
    expect(report).toEqual({ cases: v1.tables.cases!.length, flagged: [], clearRows: v1.tables.events!.length + v1.tables.settings!.length - 1 });
    expect(await readSettings(db, keys, ['school'])).toEqual({ school: 'École Al Amal' });
    await db.delete();
  });

  it('a ledger deleted after the upgrade is not rebuilt over the rows: the next upgrade flags every case it cannot vouch for', async () => {
    const name = `${DB_NAME}-no-ledger`;
    await installOld(name, v1);
    const db: SanadDb = openDb(name);
    await db.open();
    const { keys } = await createVault(db, 'a new passphrase for the vault', '2026-11-28T10:00:00.000Z');
    await upgradeVault(db, keys, DEFAULT_CALENDAR);
    await db.settings.delete(LEDGER_KEY);
    const report = await upgradeVault(db, keys, DEFAULT_CALENDAR);
    expect(report.flagged.map((f) => f.flag)).toEqual(v1.tables.cases!.map(() => 'altered'));
    for (const c of v1.tables.cases!) await expect(loadCase(db, keys, c.id as string)).rejects.toMatchObject({ problem: 'altered' });
    await db.delete();
  });
});
