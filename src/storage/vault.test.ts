import 'fake-indexeddb/auto';
import { aadFor, keysFromMaster, newKdfParams, open, passphraseKey, randomBytes, seal, sealBytes } from './crypto';
import type { VaultKeys } from './crypto';
import { openDb } from './db';
import type { SanadDb } from './db';
import { VaultError, changePassphrase, checkPassphrase, createVault, delayAfter, readVault, unlockWithPassphrase, unlockWithRecoveryCode } from './vault';

const PASS = 'the school resource team 2026';
let db: SanadDb;
let n = 0;
beforeEach(async () => {
  db = openDb(`vault-test-${n++}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

const at = (seconds: number) => new Date(Date.parse('2026-11-28T10:00:00Z') + seconds * 1000).toISOString();
async function problemOf(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    return err instanceof VaultError ? { problem: err.problem, nextWait: err.nextWaitSeconds } : { problem: `other: ${String(err)}` };
  }
  return { problem: 'none' };
}
/** Two key sets are the same vault when one opens what the other sealed. */
async function sameKeys(a: VaultKeys, b: VaultKeys) {
  return (await open(b.data, aadFor('t', '1'), await seal(a.data, aadFor('t', '1'), 'ok'))) === 'ok';
}

describe('vault', () => {
  it('stores nothing that unlocks it: parameters and sealed secrets only, 600,000 iterations, 128-bit salt', async () => {
    const { recoveryCode } = await createVault(db, PASS, at(0));
    const row = await readVault(db);
    expect(row?.kdf).toMatchObject({ name: 'PBKDF2', hash: 'SHA-256', iterations: 600_000 });
    expect(atob(row!.kdf.salt)).toHaveLength(16);
    const text = JSON.stringify(row);
    expect(text).not.toContain(PASS);
    expect(text).not.toContain(recoveryCode.replace(/-/g, ''));
    expect(recoveryCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{2,4}){6}$/);
  });

  it('unlocks with the passphrase (same keys), refuses a wrong one, and a second vault', async () => {
    const { keys } = await createVault(db, PASS, at(0));
    expect(await sameKeys(keys, await unlockWithPassphrase(db, PASS, at(1)))).toBe(true);
    expect((await problemOf(unlockWithPassphrase(db, `${PASS}!`, at(2)))).problem).toBe('wrongPassphrase');
    expect((await problemOf(createVault(db, PASS, at(3)))).problem).toBe('exists');
  });

  it('passphrases: 12 to 256 characters, any script', () => {
    expect(checkPassphrase('short')).toBe('tooShort');
    expect(checkPassphrase('كلمة سر طويلة بما يكفي')).toBeNull();
    expect(checkPassphrase('x'.repeat(256))).toBeNull();
    expect(checkPassphrase('x'.repeat(257))).toBe('tooLong');
  });

  it('after five attempts, each one waits longer before it is checked, counted in attempts whatever the clock says; the right one resets it', async () => {
    await createVault(db, PASS, at(0));
    const waits: number[] = [];
    const options = { sleep: async (ms: number) => void waits.push(ms / 1000) };
    for (let i = 1; i <= 4; i++) expect(await problemOf(unlockWithPassphrase(db, 'wrong passphrase!', at(i), options))).toEqual({ problem: 'wrongPassphrase', nextWait: undefined });
    expect(await problemOf(unlockWithPassphrase(db, 'wrong passphrase!', at(5), options))).toEqual({ problem: 'wrongPassphrase', nextWait: 2 });
    expect(waits).toEqual([]);
    // A clock set a year forward changes nothing: the sixth attempt waits its 2 s, the seventh 4 s.
    expect(await problemOf(unlockWithPassphrase(db, 'wrong passphrase!', at(365 * 86400), options))).toEqual({ problem: 'wrongPassphrase', nextWait: 4 });
    expect(waits).toEqual([2]);
    // Even the right passphrase waits its turn, then resets the count.
    await unlockWithPassphrase(db, PASS, at(365 * 86400), options);
    expect(waits).toEqual([2, 4]);
    expect((await readVault(db))?.failures).toBe(0);
    expect([5, 6, 7, 8, 20].map(delayAfter)).toEqual([2, 4, 8, 16, 300]);
  });

  it('wrong attempts fired in parallel are each counted; those arriving while one is checked are refused at once, so waits never pile up', async () => {
    await createVault(db, PASS, at(0));
    const waits: number[] = [];
    const options = { sleep: async (ms: number) => void waits.push(ms / 1000) };
    const results = await Promise.all(Array.from({ length: 8 }, () => problemOf(unlockWithPassphrase(db, 'wrong passphrase!', at(1), options))));
    expect(results.map((r) => r.problem).sort()).toEqual(['attemptUnderway', 'attemptUnderway', 'attemptUnderway', 'attemptUnderway', 'attemptUnderway', 'attemptUnderway', 'attemptUnderway', 'wrongPassphrase']);
    expect((await readVault(db))?.failures).toBe(8);
    expect(waits).toEqual([]);
    // The next attempt waits for all eight.
    await unlockWithPassphrase(db, PASS, at(2), options);
    expect(waits).toEqual([delayAfter(8)]);
  });

  it('the recovery code opens the vault and sets a new passphrase; the old one stops working', async () => {
    const { keys, recoveryCode } = await createVault(db, PASS, at(0));
    expect((await problemOf(unlockWithRecoveryCode(db, 'ABCD-EFGH', 'a brand new passphrase', at(1)))).problem).toBe('wrongRecoveryCode');
    const again = await unlockWithRecoveryCode(db, recoveryCode.toLowerCase(), 'a brand new passphrase', at(2));
    expect(await sameKeys(keys, again)).toBe(true);
    expect((await problemOf(unlockWithPassphrase(db, PASS, at(3)))).problem).toBe('wrongPassphrase');
    expect(await sameKeys(keys, await unlockWithPassphrase(db, 'a brand new passphrase', at(4)))).toBe(true);
  });

  it('changing the passphrase reseals one row: cases are not rewritten and still open', async () => {
    const { keys } = await createVault(db, PASS, at(0));
    const sealed = await seal(keys.data, aadFor('events', 'e1'), { narrative: 'x' });
    await changePassphrase(db, PASS, 'another passphrase, longer', at(1));
    const next = await unlockWithPassphrase(db, 'another passphrase, longer', at(2));
    expect(await open(next.data, aadFor('events', 'e1'), sealed)).toEqual({ narrative: 'x' });
    expect((await problemOf(changePassphrase(db, 'not the current one', 'whatever whatever', at(3)))).problem).toBe('wrongPassphrase');
  });

  it('a vault made with fewer iterations is raised to today’s on the next unlock', async () => {
    await createVault(db, PASS, at(0));
    // An older vault: the same kind of row, sealed with 1,000 iterations.
    const weak = newKdfParams(1000);
    const master = randomBytes(32);
    await db.vault.update('vault', { kdf: weak, byPassphrase: await sealBytes(await passphraseKey(PASS, weak), 'sanad/vault/passphrase/v1', master) });
    const keys = await unlockWithPassphrase(db, PASS, at(1));
    expect((await readVault(db))?.kdf.iterations).toBe(600_000);
    expect(await sameKeys(keys, await keysFromMaster(master))).toBe(true);
    expect(await sameKeys(keys, await unlockWithPassphrase(db, PASS, at(2)))).toBe(true);
  });

  it('the attempt counter is written under the writers\' lock: while another writer holds it (a compaction), nothing is counted yet', async () => {
    await createVault(db, PASS, at(0));
    // Every request for the writers' lock waits until the test lets it go.
    let release!: () => void;
    let asked!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const askedFor = new Promise<string>((r) => (asked = () => r('asked')));
    const request = async (name: string, a: unknown, b?: unknown) => {
      const work = (typeof a === 'function' ? a : b) as (lock: unknown) => Promise<unknown>;
      if (name === 'sanad-ledger-write') {
        asked();
        await held;
      }
      return work({ name });
    };
    vi.stubGlobal('navigator', { locks: { request } });
    try {
      const attempt = problemOf(unlockWithPassphrase(db, 'wrong passphrase!', at(1)));
      expect(await Promise.race([askedFor, attempt.then(() => 'written without the lock')])).toBe('asked');
      expect((await readVault(db))?.failures).toBe(0);
      release();
      expect((await attempt).problem).toBe('wrongPassphrase');
      expect((await readVault(db))?.failures).toBe(1);
    } finally {
      release();
      vi.unstubAllGlobals();
    }
  });
});
