import 'fake-indexeddb/auto';
import { readFileSync, readdirSync } from 'node:fs';
import { anything, assert as fcAssert, asyncProperty, constantFrom, integer, nat, oneof, record, string } from 'fast-check';
import { DEFAULT_CALENDAR } from '../../protocol/calendar';
import { BackupError, checkBackup, databaseDigest, makeBackup, restoreBackup } from './backup';
import type { ReadOptions } from './backup';
import { appendEvent, createCase } from './case-repository';
import { CryptoFailure } from './crypto';
import type { VaultKeys } from './crypto';
import { openDb } from './db';
import type { SanadDb } from './db';
import { writeSetting } from './settings';
import { createVault } from './vault';
import type { SealedVault } from './vault';

const PASS = 'backup test passphrase';
const scenarios = readdirSync('protocol/scenarios')
  .filter((f) => f.endsWith('.json'))
  .map((f) => (JSON.parse(readFileSync(`protocol/scenarios/${f}`, 'utf8')) as { steps: { event: Record<string, unknown> }[] }).steps.map((s) => s.event));

let n = 0;
async function freshDb(): Promise<SanadDb> {
  const db = openDb(`backup-test-${n++}`);
  await db.open();
  return db;
}

/** `count` cases cut from the scenarios at different lengths, each with its own id and clock. */
async function seed(db: SanadDb, keys: VaultKeys, count: number) {
  for (let i = 0; i < count; i++) {
    const log = scenarios[i % scenarios.length]!;
    const length = Math.max(5, log.length - (i % 7));
    const shift = i * 3_600_000;
    const events = log.slice(0, length).map((e) => ({ ...e, at: new Date(Date.parse(e.at as string) + shift).toISOString() }));
    await createCase(db, keys, `case-${i}`, events.slice(0, 5), DEFAULT_CALENDAR);
    if (events.length > 5) await appendEvent(db, keys, `case-${i}`, events.slice(5), DEFAULT_CALENDAR);
  }
  await writeSetting(db, keys, 'author', 'Mme Idrissi');
  await writeSetting(db, keys, 'team', ['Mme Benali', 'M. Haddad']);
}

const tablesOf = async (db: SanadDb) => ({
  cases: await db.cases.orderBy('id').toArray(),
  events: await db.events.orderBy('id').toArray(),
  snapshots: await db.snapshots.orderBy('caseId').toArray(),
  settings: await db.settings.orderBy('key').toArray(),
});

describe('backups', () => {
  it('1,000 generated cases: backup, wipe, restore gives the same database', async () => {
    const db = await freshDb();
    const { keys, recoveryCode } = await createVault(db, PASS, '2026-11-28T09:00:00.000Z');
    await seed(db, keys, 1000);
    const before = await tablesOf(db);
    const vault = await db.vault.get('vault');
    const { text, manifest } = await makeBackup(db, keys, '2026-11-28T10:00:00.000Z');
    expect(manifest).toMatchObject({ cases: 1000, events: before.events.length, settings: 2 });
    expect(text).not.toMatch(/Idrissi|Benali|Karim|lina_2009x|Snapchat/);
    await db.delete();

    const fresh = await freshDb();
    // The recovery code opens a backup as well as the passphrase.
    const checked = await checkBackup(text, { recoveryCode });
    await restoreBackup(fresh, checked);
    expect(await tablesOf(fresh)).toEqual(before);
    expect(await fresh.vault.get('vault')).toMatchObject({ kdf: vault!.kdf, byPassphrase: vault!.byPassphrase, recovery: vault!.recovery });
    await fresh.delete();
  }, 120_000);

  it('refuses a wrong passphrase, another format or version, and a tampered payload, in so many words', async () => {
    const db = await freshDb();
    const { keys } = await createVault(db, PASS, '2026-11-28T09:00:00.000Z');
    await seed(db, keys, 3);
    const { text } = await makeBackup(db, keys, '2026-11-28T10:00:00.000Z');
    const problem = (p: Promise<unknown>) => p.then(() => 'none', (e: unknown) => (e instanceof BackupError ? e.problem : `other: ${String(e)}`));
    expect(await problem(checkBackup(text, { passphrase: 'not the passphrase' }))).toBe('wrongSecret');
    const env = JSON.parse(text) as Record<string, unknown>;
    expect(await problem(checkBackup(JSON.stringify({ ...env, version: 2 }), { passphrase: PASS }))).toBe('wrongVersion');
    expect(await problem(checkBackup(JSON.stringify({ ...env, format: 'other' }), { passphrase: PASS }))).toBe('notABackup');
    expect(await problem(checkBackup(text.slice(0, text.length / 2), { passphrase: PASS }))).toBe('malformed');
    const manifest = env.manifest as { cases: number };
    expect(await problem(checkBackup(JSON.stringify({ ...env, manifest: { ...manifest, createdAt: '2030-01-01T00:00:00.000Z' } }), { passphrase: PASS }))).toBe('tampered');
    expect(await problem(checkBackup(text.replace('"manifest":{', '"manifest":{"__proto__":{"polluted":true},'), { passphrase: PASS }))).toBe('malformed');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await db.delete();
  }, 60_000);

  it('10,000 malformed or mutated files: no uncaught exception, none over 2 s, the database unchanged', async () => {
    const db = await freshDb();
    const { keys } = await createVault(db, PASS, '2026-11-28T09:00:00.000Z');
    await seed(db, keys, 3);
    const { text } = await makeBackup(db, keys, '2026-11-28T10:00:00.000Z');
    const original = await checkBackup(text, { passphrase: PASS });
    // Deriving keys is deterministic and slow: the right vault gives the known keys, any other is a wrong secret.
    const sealedVault = JSON.stringify(original.vault);
    const options: ReadOptions = { keysFor: async (v: SealedVault) => (JSON.stringify(v) === sealedVault ? keys : Promise.reject(new CryptoFailure('wrong'))) };
    const digest = await databaseDigest(db);
    const parsed = JSON.parse(text) as unknown;

    const paths: string[][] = [];
    const walk = (v: unknown, path: string[]) => {
      paths.push(path);
      if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
    };
    walk(parsed, []);
    const setAt = (root: unknown, path: string[], value: unknown): unknown => {
      if (path.length === 0) return value;
      const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<string, unknown>;
      copy[path[0]!] = setAt(copy[path[0]!], path.slice(1), value);
      return copy;
    };
    const mutated = oneof(
      // bytes: cut, flipped, inserted
      record({ at: nat({ max: text.length }) }).map(({ at }) => text.slice(0, at)),
      record({ at: nat({ max: text.length - 1 }), c: string({ minLength: 1, maxLength: 1 }) }).map(({ at, c }) => text.slice(0, at) + c + text.slice(at + 1)),
      record({ at: nat({ max: text.length }), s: string({ maxLength: 20 }) }).map(({ at, s }) => text.slice(0, at) + s + text.slice(at)),
      // structure: any value anywhere, a removed field, a forbidden key
      record({ p: integer({ min: 0, max: paths.length - 1 }), v: anything() }).map(({ p, v }) => JSON.stringify(setAt(parsed, paths[p]!, v))),
      record({ p: integer({ min: 1, max: paths.length - 1 }) }).map(({ p }) => JSON.stringify(setAt(parsed, paths[p]!, undefined))),
      record({ p: integer({ min: 0, max: paths.length - 1 }), k: constantFrom('__proto__', 'constructor', 'prototype') }).map(({ p, k }) =>
        JSON.stringify(setAt(parsed, paths[p]!, { [k]: { polluted: true } })).replace(`"${k}"`, `"${k}"`),
      ),
      // and things that are not backups at all
      anything().map((v) => JSON.stringify(v) ?? 'undefined'),
      string({ maxLength: 200 }),
    );

    let refused = 0;
    let accepted = 0;
    let slowest = 0;
    await fcAssert(
      asyncProperty(mutated, async (file) => {
        const t0 = performance.now();
        try {
          const checked = await checkBackup(file, { passphrase: PASS }, options);
          // Only a change that means nothing (spacing, key order) may pass: then it is the same backup.
          expect(checked.tables).toEqual(original.tables);
          accepted++;
        } catch (err) {
          if (!(err instanceof BackupError)) throw err;
          refused++;
        }
        slowest = Math.max(slowest, performance.now() - t0);
      }),
      { numRuns: 10_000 },
    );
    expect(refused + accepted).toBe(10_000);
    expect(refused).toBeGreaterThan(9_000);
    expect(slowest).toBeLessThan(2000);
    expect(await databaseDigest(db)).toBe(digest);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await db.delete();
  }, 600_000);
});
