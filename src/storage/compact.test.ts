import 'fake-indexeddb/auto';
import { queuedLocks } from '../../tests/setup/queued-locks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scenarioEvents } from '../../tests/setup/scenario-events';
import { DEFAULT_CALENDAR } from '../../protocol/calendar';
import { Dexie } from 'dexie';
import { activeDbName, tidyDatabases } from './active-db';
import { appendEvent, createCase, loadCase, verifyChain } from './case-repository';
import type { VaultKeys } from './crypto';
import { listCases, openDb } from './db';
import type { SanadDb } from './db';
import { StorageError } from './errors';
import { compactDatabase, deletionLogRevision } from './compact';
import { auditIndex, openLedger, readLedgerRow } from './ledger';
import { purgeCase, readDeletionLog } from './purge';
import { DB_NAME } from './schema';
import { createVault, readVault, unlockWithPassphrase } from './vault';
import { revokePassphrase } from './revoke';

/**
 * A seam at the module boundary: compaction asks `holdsVault` about its copy between the copy and the switch; a
 * test may run something there (a revocation from another tab) before the real check.
 */
const seam = vi.hoisted(() => ({ betweenCopyAndSwitch: null as null | (() => Promise<void>) }));
vi.mock('./active-db', async (importOriginal) => {
  const real = await importOriginal<typeof import('./active-db')>();
  return {
    ...real,
    holdsVault: async (name: string) => {
      const run = seam.betweenCopyAndSwitch;
      seam.betweenCopyAndSwitch = null;
      await run?.();
      return real.holdsVault(name);
    },
  };
});

/** localStorage and Web Locks replaced by the smallest stand-ins that behave like them (as in active-db.test.ts). */
const stored = new Map<string, string>();
const fakeStorage = {
  getItem: (k: string) => stored.get(k) ?? null,
  setItem: (k: string, v: string) => void stored.set(k, v),
  removeItem: (k: string) => void stored.delete(k),
};
const locks = { request: (_name: string, a: unknown, b?: unknown) => (typeof a === 'function' ? a : (b as (l: unknown) => Promise<unknown>))({ name: _name }) };

const cal = DEFAULT_CALENDAR;
const PASS = 'compaction test passphrase';
const MADE = '2027-09-01T08:00:00.000Z';
const NOW = '2027-09-15T10:00:00Z';
const scenario = scenarioEvents;

const names = async () => (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('sanad'));
const deleteAll = async () => {
  for (const name of await names()) await new Promise((ok) => (indexedDB.deleteDatabase(name).onsuccess = ok));
};

beforeEach(async () => {
  seam.betweenCopyAndSwitch = null;
  stored.clear();
  vi.stubGlobal('localStorage', fakeStorage);
  vi.stubGlobal('navigator', { locks });
  await deleteAll();
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await deleteAll();
});

async function store(db: SanadDb, keys: VaultKeys, caseId: string, name: string) {
  const events = scenario(name);
  await createCase(db, keys, caseId, events[0], cal);
  for (const e of events.slice(1)) await appendEvent(db, keys, caseId, e, cal);
}

/** The database in use with two cases, one of them purged. */
async function afterPurge(): Promise<{ keys: VaultKeys }> {
  const db = openDb(DB_NAME);
  await db.open();
  const { keys } = await createVault(db, PASS, MADE);
  await store(db, keys, 'c-closed', 'shared-concern-resolved');
  await store(db, keys, 'c-open', 'sextortion-emergency');
  await purgeCase(db, keys, 'c-closed', { now: NOW, cal, decidedBy: 'Head' });
  db.close();
  return { keys };
}

const dump = async (db: SanadDb) => JSON.stringify(await Promise.all([db.cases.toArray(), db.events.toArray(), db.snapshots.toArray(), db.settings.toArray(), db.vault.toArray()]));

describe('compaction after purges', () => {
  it('copies what survives into a new database, switches to it and deletes the old one', async () => {
    const { keys } = await afterPurge();
    const old = openDb(DB_NAME);
    const oldDump = await dump(old);
    old.close();

    const newName = await compactDatabase(DB_NAME);

    expect(activeDbName()).toBe(newName);
    expect(await names()).toEqual([newName]);
    const db = openDb(newName);
    try {
      // The same rows, sealed as they were: the vault unlocks and every case opens and verifies.
      expect(await dump(db)).toBe(oldDump);
      const unlocked = await unlockWithPassphrase(db, PASS, NOW);
      expect((await listCases(db)).map((r) => r.id)).toEqual(['c-open']);
      expect((await loadCase(db, unlocked, 'c-open')).events.length).toBe(scenario('sextortion-emergency').length);
      expect((await verifyChain(db, unlocked, 'c-open')).ok).toBe(true);
      expect(((await loadCase(db, unlocked, 'c-closed').catch((e: unknown) => e)) as StorageError).problem).toBe('caseNotFound');
      const audit = auditIndex(await openLedger(unlocked, await readLedgerRow(db)), await db.cases.toArray());
      expect([audit.missing, [...audit.suspect]]).toEqual([[], []]);
      expect(await readDeletionLog(db, keys)).toHaveLength(1);
      const all = await dump(db);
      for (const canary of ['c-closed', 'Salma', 'Pupil S']) expect(all).not.toContain(canary);
    } finally {
      db.close();
    }
  });

  it('tells its caller the deletion log it copies, its progress, and the switch before the old database goes', async () => {
    const { keys } = await afterPurge();
    const seen: string[] = [];
    let logRev: number | undefined;
    const progress: [number, number][] = [];
    const newName = await compactDatabase(DB_NAME, {
      onStart: async (from) => {
        logRev = await deletionLogRevision(from, keys);
        seen.push('start');
      },
      onProgress: (done, total) => progress.push([done, total]),
      onSwitched: (name) => seen.push(`switched to ${name}, in use ${activeDbName()}`),
    });
    expect(seen).toEqual(['start', `switched to ${newName}, in use ${newName}`]);
    // One purge: the log's first revision, as the new database's ledger holds it too.
    expect(logRev).toBe(1);
    const db = openDb(newName);
    expect(await deletionLogRevision(db, keys)).toBe(1);
    db.close();
    const total = progress[0]![1];
    expect(progress[0]).toEqual([0, total]);
    expect(progress.at(-1)).toEqual([total, total]);
    expect(progress.every(([d, t], i) => t === total && d <= t && (i === 0 || d >= progress[i - 1]![0]))).toBe(true);
  });

  it('never calls onSwitched when nothing was switched, and a failing onSwitched does not undo a switch', async () => {
    await afterPurge();
    let called = false;
    vi.stubGlobal('navigator', { locks: { request: (_n: string, _o: unknown, work: (lock: unknown) => Promise<unknown>) => work(null) } });
    await compactDatabase(DB_NAME, { onSwitched: () => (called = true) }).catch(() => undefined);
    expect(called).toBe(false);
    vi.stubGlobal('navigator', { locks });
    const newName = await compactDatabase(DB_NAME, {
      onSwitched: () => {
        throw new Error('the caller failed');
      },
    });
    expect(activeDbName()).toBe(newName);
    expect(await names()).toEqual([newName]);
  });

  it('reads no deletion log revision where nothing was purged', async () => {
    const { keys } = await afterPurgeOfNone();
    const db = openDb(DB_NAME);
    expect(await deletionLogRevision(db, keys)).toBeUndefined();
    db.close();
  });

  it('compacts a compacted database again (the pointer moves on, the previous one goes)', async () => {
    await afterPurge();
    const first = await compactDatabase(DB_NAME);
    const second = await compactDatabase(first);
    expect(second).not.toBe(first);
    expect(activeDbName()).toBe(second);
    expect(await names()).toEqual([second]);
  });

  it('all or nothing: a change to the database during the copy switches nothing and deletes the new one', async () => {
    await afterPurge();
    const old = openDb(DB_NAME);
    const before = await dump(old);
    let seen = '';
    const err = await compactDatabase(DB_NAME, {
      onCopied: async (table) => {
        if (table !== 'cases') return;
        seen = (await names()).find((n) => n !== DB_NAME) ?? '';
        await old.settings.put({ key: 'written-meanwhile', value: 1 });
      },
    }).catch((e: unknown) => e);
    expect((err as StorageError).problem).toBe('busy');
    expect(seen).toMatch(/^sanad-db-/);
    expect(activeDbName()).toBe(DB_NAME);
    expect(await names()).toEqual([DB_NAME]);
    await old.settings.delete('written-meanwhile');
    expect(await dump(old)).toBe(before);
    old.close();
  });

  it('all or nothing: without a place to write the switch, the old database stays in use', async () => {
    await afterPurge();
    vi.stubGlobal('localStorage', undefined);
    const err = await compactDatabase(DB_NAME).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    vi.stubGlobal('localStorage', fakeStorage);
    expect(activeDbName()).toBe(DB_NAME);
    expect(await names()).toEqual([DB_NAME]);
  });

  it('is refused while another tab stages a restore (the restore lock is taken)', async () => {
    await afterPurge();
    vi.stubGlobal('navigator', { locks: { request: (_n: string, _o: unknown, work: (lock: unknown) => Promise<unknown>) => work(null) } });
    expect(((await compactDatabase(DB_NAME).catch((e: unknown) => e)) as StorageError).problem).toBe('busy');
    expect(activeDbName()).toBe(DB_NAME);
    expect(await names()).toEqual([DB_NAME]);
  });

  it('refuses a database without a vault, creating nothing', async () => {
    const db = openDb(DB_NAME);
    await db.open();
    db.close();
    expect(((await compactDatabase(DB_NAME).catch((e: unknown) => e)) as StorageError).problem).toBe('notAllowed');
    expect(await names()).toEqual([DB_NAME]);
  });

  it('a copy left by a compaction interrupted before the switch is deleted at the next start, not adopted', async () => {
    const { keys } = await afterPurgeOfNone();
    const del = Dexie.delete;
    let copy = '';
    try {
      // The tab closes right after the vault row is copied: the copy is complete, and its failure path never runs.
      (Dexie as unknown as { delete: unknown }).delete = async () => undefined;
      await compactDatabase(DB_NAME, {
        onCopied: async (t) => {
          if (t !== 'vault') return;
          copy = (await names()).find((x) => x !== DB_NAME) ?? '';
          throw new Error('tab closed');
        },
      }).catch(() => undefined);
    } finally {
      (Dexie as unknown as { delete: unknown }).delete = del;
    }
    expect(copy).toMatch(/^sanad-db-/);
    expect(activeDbName()).toBe(DB_NAME);
    expect((await names()).sort()).toEqual([DB_NAME, copy].sort());
    // Later, in the database in use, the case is purged; then the next start tidies.
    const db = openDb(DB_NAME);
    await purgeCase(db, keys, 'c-closed', { now: NOW, cal, decidedBy: 'Head' });
    db.close();
    await tidyDatabases();
    expect(await names()).toEqual([DB_NAME]);
    expect(activeDbName()).toBe(DB_NAME);
    expect(stored.get('sanad:compacting')).toBeUndefined();
  });

  it('a compaction interrupted after the switch keeps the new database at the next start', async () => {
    await afterPurge();
    const next = await compactDatabase(DB_NAME);
    // As if the tab closed between the switch and clearing the mark.
    stored.set('sanad:compacting', next);
    await tidyDatabases();
    expect(activeDbName()).toBe(next);
    expect(await names()).toEqual([next]);
    expect(stored.get('sanad:compacting')).toBeUndefined();
  });
});

/** The database in use with the closed case not yet purged. */
async function afterPurgeOfNone(): Promise<{ keys: VaultKeys }> {
  const db = openDb(DB_NAME);
  await db.open();
  const { keys } = await createVault(db, PASS, MADE);
  await store(db, keys, 'c-closed', 'shared-concern-resolved');
  db.close();
  return { keys };
}

describe('compaction and the vault row: a revocation or an unlock attempt is never lost to the switch', () => {
  const NEW = 'the new passphrase after revoking';
  async function opensWith(passphrase: string): Promise<string> {
    const db = openDb(activeDbName());
    try {
      return await unlockWithPassphrase(db, passphrase, NOW).then(
        () => 'opens',
        (e: unknown) => (e as { problem?: string }).problem ?? String(e),
      );
    } finally {
      db.close();
    }
  }

  it('a revocation started then waits for the writers\' lock; the compaction gives way, and the old passphrase no longer opens the vault', async () => {
    const queued = queuedLocks();
    vi.stubGlobal('navigator', { locks: queued });
    await afterPurge();
    const db = openDb(DB_NAME);
    let revocation: Promise<unknown> = Promise.resolve('not started');
    seam.betweenCopyAndSwitch = async () => {
      revocation = revokePassphrase(db, PASS, NEW, NOW).then(
        () => 'revoked',
        (e: unknown) => e,
      );
      // No timing: the revocation either finishes here, or is seen waiting for the writers' lock.
      await Promise.race([revocation, queued.waitingFor('sanad-ledger-write')]);
    };
    const result = await compactDatabase(DB_NAME).then(
      (name) => name,
      (e: unknown) => e,
    );
    expect(await revocation).toBe('revoked');
    db.close();
    // Nothing switched while a write waited: the database in use is the one the revocation wrote.
    expect((result as StorageError).problem).toBe('busy');
    expect(activeDbName()).toBe(DB_NAME);
    expect(await opensWith(PASS)).toBe('wrongPassphrase');
    expect(await opensWith(NEW)).toBe('opens');
    expect(await names()).toEqual([DB_NAME]);
  }, 60_000);

  it('without Web Locks, a revocation landing between the copy and the switch is seen by the last check: nothing is switched', async () => {
    vi.stubGlobal('navigator', {});
    await afterPurge();
    const db = openDb(DB_NAME);
    let started = false;
    seam.betweenCopyAndSwitch = async () => {
      started = true;
      await revokePassphrase(db, PASS, NEW, NOW);
    };
    const result = await compactDatabase(DB_NAME).catch((e: unknown) => e);
    db.close();
    expect(started).toBe(true);
    expect((result as StorageError).problem).toBe('busy');
    expect(activeDbName()).toBe(DB_NAME);
    expect(await opensWith(PASS)).toBe('wrongPassphrase');
    expect(await opensWith(NEW)).toBe('opens');
  }, 60_000);

  it('a wrong unlock attempt counted between the copy and the switch stays counted', async () => {
    const queued = queuedLocks();
    vi.stubGlobal('navigator', { locks: queued });
    await afterPurge();
    const db = openDb(DB_NAME);
    let attempt: Promise<unknown> = Promise.resolve('not started');
    seam.betweenCopyAndSwitch = async () => {
      attempt = unlockWithPassphrase(db, 'not the passphrase at all', NOW).catch((e: unknown) => (e as { problem?: string }).problem);
      await Promise.race([attempt, queued.waitingFor('sanad-ledger-write')]);
    };
    await compactDatabase(DB_NAME).catch(() => undefined);
    expect(await attempt).toBe('wrongPassphrase');
    db.close();
    const inUse = openDb(activeDbName());
    try {
      expect((await readVault(inUse))?.failures).toBe(1);
    } finally {
      inUse.close();
    }
  }, 60_000);
});
