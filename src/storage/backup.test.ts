import 'fake-indexeddb/auto';
import { readFileSync, readdirSync } from 'node:fs';
import { anything, assert as fcAssert, asyncProperty, constantFrom, integer, nat, oneof, record, string } from 'fast-check';
import { DEFAULT_CALENDAR } from '../../protocol/calendar';
import { BackupError, KDF_ITERATIONS_RANGE, checkBackup, makeBackup, restoreBackup } from './backup';
import type { BackupProblem, ReadOptions } from './backup';
import { appendEvent, createCase } from './case-repository';
import { CryptoFailure } from './crypto';
import type { VaultKeys } from './crypto';
import { openDb } from './db';
import { LEDGER_KEY, openLedger } from './ledger';
import type { SanadDb } from './db';
import { writeSetting } from './settings';
import { createVault } from './vault';
import type { SealedVault, VaultSecret } from './vault';
import { rawDigest, rawTables, putRaw } from '../../tests/setup/raw-idb';

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
    // Each case its own clock, up to 8 hours apart: the stories keep their school days, so every log stays valid.
    const shift = (i % 480) * 60_000;
    const events = log.slice(0, length).map((e) => ({ ...e, at: new Date(Date.parse(e.at as string) + shift).toISOString() }));
    await createCase(db, keys, `case-${i}`, events.slice(0, 5), DEFAULT_CALENDAR);
    if (events.length > 5) await appendEvent(db, keys, `case-${i}`, events.slice(5), DEFAULT_CALENDAR);
  }
  await writeSetting(db, keys, 'author', 'Mme Idrissi');
  await writeSetting(db, keys, 'team', ['Mme Benali', 'M. Haddad']);
}

/**
 * A database's rows; the ledger by its revision only: a backup carries the ledger resealed (with only the cases
 * it carries), so its ciphertext differs while what it anchors is the same.
 */
const tablesOf = async (db: SanadDb) => ({
  cases: await db.cases.orderBy('id').toArray(),
  events: await db.events.orderBy('id').toArray(),
  snapshots: await db.snapshots.orderBy('caseId').toArray(),
  settings: (await db.settings.orderBy('key').toArray()).map((r) => (r.key === LEDGER_KEY ? { key: r.key, rev: r.rev } : r)),
});

/** What the restore screen does with a file: check everything, then replace the device's data. */
async function restoreFromFile(db: SanadDb, file: string, secret: VaultSecret, options?: ReadOptions): Promise<'restored' | BackupProblem> {
  try {
    await restoreBackup(db, await checkBackup(file, secret, options));
    return 'restored';
  } catch (err) {
    if (err instanceof BackupError) return err.problem;
    throw err;
  }
}

function pathsOf(root: unknown): string[][] {
  const paths: string[][] = [];
  const walk = (v: unknown, path: string[]) => {
    paths.push(path);
    if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(root, []);
  return paths;
}

function setAt(root: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<string, unknown>;
  copy[path[0]!] = setAt(copy[path[0]!], path.slice(1), value);
  return copy;
}

describe('backups', () => {
  it('every scenario cut at each of seven lengths, twice over: backup, wipe, restore gives the same database', async () => {
    const db = await freshDb();
    const { keys, recoveryCode } = await createVault(db, PASS, '2026-11-28T09:00:00.000Z');
    // Every (scenario, length) pair of the seed twice over; sizes at scale are measured by npm run bench.
    const count = 2 * scenarios.length * 7;
    await seed(db, keys, count);
    const before = await tablesOf(db);
    const vault = await db.vault.get('vault');
    const ledgerBefore = await openLedger(keys, await db.settings.get(LEDGER_KEY));
    const { text, manifest, skipped } = await makeBackup(db, keys, '2026-11-28T10:00:00.000Z');
    expect(skipped).toEqual([]);
    // Two settings, and the ledger that anchors them and every case.
    expect(manifest).toMatchObject({ cases: count, events: before.events.length, settings: 3 });
    expect(text).not.toMatch(/Idrissi|Benali|Karim|lina_2009x|Snapchat/);
    await db.delete();

    const fresh = await freshDb();
    // The recovery code opens a backup as well as the passphrase.
    const checked = await checkBackup(text, { recoveryCode });
    await restoreBackup(fresh, checked);
    expect(await tablesOf(fresh)).toEqual(before);
    expect(await openLedger(keys, await fresh.settings.get(LEDGER_KEY))).toEqual(ledgerBefore);
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

  it('10,000 malformed or mutated files through the real check and restore: no uncaught exception, a refused file leaves the device byte for byte as it was, an accepted one restores exactly the original', async () => {
    // The backup comes from one device; it is restored onto another that already holds a case of its own.
    const source = await freshDb();
    const { keys } = await createVault(source, PASS, '2026-11-28T09:00:00.000Z');
    await seed(source, keys, 3);
    const { text } = await makeBackup(source, keys, '2026-11-28T10:00:00.000Z');
    const original = await checkBackup(text, { passphrase: PASS });
    const expected = await freshDb();
    await restoreBackup(expected, original);
    const restoredDigest = await rawDigest(expected.name);
    const target = await freshDb();
    const own = await createVault(target, 'the other device passphrase', '2026-11-27T09:00:00.000Z');
    await seed(target, own.keys, 1);
    const targetRows = await rawTables(target.name);
    const digest = await rawDigest(target.name);

    // Deriving keys is deterministic and slow (PBKDF2, 600,000 iterations): the original vault gives the known
    // keys, any other vault is a wrong secret. The real derivation runs in the next test.
    const sealedVault = JSON.stringify(original.vault);
    const options: ReadOptions = { keysFor: async (v: SealedVault) => (JSON.stringify(v) === sealedVault ? original.keys : Promise.reject(new CryptoFailure('wrong'))) };
    const parsed = JSON.parse(text) as unknown;
    const paths = pathsOf(parsed);
    const mutated = oneof(
      // bytes: cut, flipped, inserted
      record({ at: nat({ max: text.length }) }).map(({ at }) => text.slice(0, at)),
      record({ at: nat({ max: text.length - 1 }), c: string({ minLength: 1, maxLength: 1 }) }).map(({ at, c }) => text.slice(0, at) + c + text.slice(at + 1)),
      record({ at: nat({ max: text.length }), s: string({ maxLength: 20 }) }).map(({ at, s }) => text.slice(0, at) + s + text.slice(at)),
      // structure: any value anywhere, a removed field, a forbidden key
      record({ p: integer({ min: 0, max: paths.length - 1 }), v: anything() }).map(({ p, v }) => JSON.stringify(setAt(parsed, paths[p]!, v))),
      record({ p: integer({ min: 1, max: paths.length - 1 }) }).map(({ p }) => JSON.stringify(setAt(parsed, paths[p]!, undefined))),
      record({ p: integer({ min: 0, max: paths.length - 1 }), k: constantFrom('__proto__', 'constructor', 'prototype') }).map(({ p, k }) =>
        // JSON.stringify drops a __proto__ own key made by an object literal: write it into the text instead.
        JSON.stringify(setAt(parsed, paths[p]!, { [`${k}-placeholder`]: { polluted: true } })).replace(`"${k}-placeholder"`, `"${k}"`),
      ),
      // and things that are not backups at all
      anything().map((v) => JSON.stringify(v) ?? 'undefined'),
      string({ maxLength: 200 }),
    );

    let refused = 0;
    let accepted = 0;
    await fcAssert(
      asyncProperty(mutated, async (file) => {
        const outcome = await restoreFromFile(target, file, { passphrase: PASS }, options);
        if (outcome === 'restored') {
          // Only a change that means nothing (spacing, key order) may pass: the device then holds exactly the backup.
          accepted++;
          expect(await rawDigest(target.name)).toBe(restoredDigest);
          await putRaw(target.name, targetRows);
        } else {
          refused++;
        }
        expect(await rawDigest(target.name)).toBe(digest);
      }),
      { numRuns: 10_000 },
    );
    expect(refused + accepted).toBe(10_000);
    expect(refused).toBeGreaterThan(9_000);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await Promise.all([source.delete(), expected.delete(), target.delete()]);
  }, 600_000);

  it('200 files with the real key derivation: out-of-range PBKDF2 costs (1 or 10⁹ iterations…) are refused before any derivation', async () => {
    const source = await freshDb();
    const { keys } = await createVault(source, PASS, '2026-11-28T09:00:00.000Z');
    await seed(source, keys, 2);
    const { text } = await makeBackup(source, keys, '2026-11-28T10:00:00.000Z');
    const target = await freshDb();
    await createVault(target, 'the other device passphrase', '2026-11-27T09:00:00.000Z');
    const digest = await rawDigest(target.name);
    const parsed = JSON.parse(text) as { vault: { kdf: Record<string, unknown> } };
    // Every PBKDF2 derivation the code under test asks WebCrypto for, with the cost it asked.
    const asked: number[] = [];
    const subtle = globalThis.crypto.subtle;
    const spy = vi.spyOn(subtle, 'deriveKey').mockImplementation(function (this: SubtleCrypto, algorithm, ...rest) {
      if (typeof algorithm === 'object' && algorithm.name === 'PBKDF2') asked.push((algorithm as Pbkdf2Params).iterations);
      return (SubtleCrypto.prototype.deriveKey as (...a: unknown[]) => Promise<CryptoKey>).call(subtle, algorithm, ...rest);
    });
    const hostile = [0, 1, -600_000, 99_999, 5_000_001, 1e9, 2 ** 31, 600_000.5, Number.MAX_SAFE_INTEGER];
    const costs = oneof(constantFrom(...hostile), constantFrom('600000', null, true, [600_000], { n: 1 }), integer({ min: -1e12, max: 1e12 }), constantFrom(100_000, 600_000));
    const targetRows = await rawTables(target.name);
    let derivations = 0;
    try {
      await fcAssert(
        asyncProperty(costs, string({ maxLength: 30 }), async (iterations, wrong) => {
          const file = JSON.stringify({ ...parsed, vault: { ...parsed.vault, kdf: { ...parsed.vault.kdf, iterations } } });
          const before = asked.length;
          const outcome = await restoreFromFile(target, file, { passphrase: wrong.length > 20 ? PASS : wrong });
          const inRange = Number.isInteger(iterations) && (iterations as number) >= KDF_ITERATIONS_RANGE[0] && (iterations as number) <= KDF_ITERATIONS_RANGE[1];
          if (!inRange) {
            expect(outcome).toBe('malformed');
            expect(asked.length).toBe(before);
          } else {
            // An in-range cost is derived once, with exactly the cost the file asked for, and the secret decides.
            expect(asked.slice(before)).toEqual([iterations]);
            derivations++;
            // The right passphrase with the file's own cost opens it, and the device then holds the backup.
            if (outcome === 'restored') await putRaw(target.name, targetRows);
          }
          expect(await rawDigest(target.name)).toBe(digest);
        }),
        { numRuns: 200 },
      );
    } finally {
      spy.mockRestore();
    }
    expect(derivations).toBeGreaterThan(0);
    await Promise.all([source.delete(), target.delete()]);
  }, 300_000);
});
