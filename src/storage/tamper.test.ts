import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scenarioEvents } from '../../tests/setup/scenario-events';
import { stepOf } from '../../machines/replay';
import { DEFAULT_CALENDAR } from '../../protocol/calendar';
import { checkBackup, makeBackup } from './backup';
import { appendEvent, createCase, loadCase, readWhatStillOpens, verifyChain } from './case-repository';
import { keysFromMaster, randomBytes } from './crypto';
import type { VaultKeys } from './crypto';
import { caseEvents, listOpenCases, openDb } from './db';
import type { SanadDb } from './db';
import { StorageError } from './errors';
import { LEDGER_KEY, auditIndex, openLedger, readLedgerRow } from './ledger';
import { readSetting, writeSetting } from './settings';
import { createVault } from './vault';
import { openCard } from './case-card';
import { upgradeVault } from './upgrade';

/**
 * What someone with the browser profile's files can do without the keys (edit, delete, move or put back rows
 * of IndexedDB), and what Sanad must say about it: each attack below loaded silently before the ledger
 * (docs/decisions/0014).
 */
const cal = DEFAULT_CALENDAR;
const scenario = scenarioEvents;

let db: SanadDb;
let keys: VaultKeys;
let n = 0;
beforeEach(async () => {
  db = openDb(`sanad-tamper-${n++}`);
  await db.open();
  keys = await keysFromMaster(randomBytes(32));
});
afterEach(async () => {
  await db.delete();
});

async function store(caseId: string, events: Record<string, unknown>[]) {
  await createCase(db, keys, caseId, events.slice(0, 3), cal);
  for (const e of events.slice(3)) await appendEvent(db, keys, caseId, e, cal);
}

/** The storage problem a promise ends with, and the reason given for an alteration. */
const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'loads',
    (err: unknown) => (err instanceof StorageError ? (err.problem === 'altered' ? `altered:${(err.detail as { reason: string }).reason}` : err.problem) : `other: ${String(err)}`),
  );

const ledgerNowWith = async (k: VaultKeys) => (await openLedger(k, await readLedgerRow(db)))!;
const ledgerNow = () => ledgerNowWith(keys);

describe('tampering with the stored case log', () => {
  it('dropping the last events of a case (and fixing its index row to match) is caught on load, and nothing can be added to it', async () => {
    await store('c1', scenario('shared-concern-resolved'));
    const rows = await caseEvents(db, 'c1').toArray();
    await db.events.bulkDelete(rows.slice(-3).map((r) => [r.caseId, r.seq] as [string, number]));
    // The index row is in clear: the attacker makes it agree with the shortened log.
    await db.cases.update('c1', { eventCount: rows.length - 3, chainHead: rows.at(-4)!.chain });
    expect(await outcome(loadCase(db, keys, 'c1'))).toBe('altered:truncated');
    expect((await verifyChain(db, keys, 'c1')).ok).toBe(false);
    expect(await outcome(appendEvent(db, keys, 'c1', { type: 'note.add', at: '2027-01-10T09:00:00Z', by: 'X', text: 'x' }, cal))).toBe('altered:truncated');
    expect(await db.events.where('caseId').equals('c1').count()).toBe(rows.length - 3);
  });

  it('deleting a whole case is listed on the home screen as missing, its page says it was altered, and the backup leaves it out by name', async () => {
    const db0 = db;
    db = openDb(`sanad-tamper-vault-${n++}`);
    await db0.delete();
    keys = (await createVault(db, 'a long enough passphrase for tests', '2027-01-10T08:00:00.000Z')).keys;
    await store('c1', scenario('conflict-only'));
    await store('c2', scenario('conflict-only'));
    await db.transaction('rw', [db.events, db.cases, db.snapshots], async () => {
      await db.events.where('caseId').equals('c2').delete();
      await db.cases.delete('c2');
      await db.snapshots.delete('c2');
    });
    const audit = auditIndex(await ledgerNow(), await db.cases.toArray());
    expect(audit.missing).toEqual(['c2']);
    expect(await outcome(loadCase(db, keys, 'c2'))).toBe('altered:truncated');
    // The backup is still made, without the missing case, and names it.
    const { manifest, skipped } = await makeBackup(db, keys, '2027-01-10T10:00:00.000Z');
    expect(skipped).toEqual(['c2']);
    expect(manifest.heads.map((h) => h.caseId)).toEqual(['c1']);
  });

  it('an event moved to another case, or to another place in its log, no longer opens', async () => {
    const log = scenario('conflict-only');
    await store('a', log);
    await store('b', log);
    const [a2, b2] = [(await caseEvents(db, 'a').toArray())[2]!, (await caseEvents(db, 'b').toArray())[2]!];
    // Swap the third events of the two cases, relabelled to fit: counts, heads and index rows are untouched.
    await db.transaction('rw', db.events, async () => {
      await db.events.bulkDelete([
        ['a', 2],
        ['b', 2],
      ]);
      await db.events.bulkAdd([
        { ...b2, caseId: 'a', seq: 2 },
        { ...a2, caseId: 'b', seq: 2 },
      ]);
    });
    expect(await outcome(loadCase(db, keys, 'a'))).toBe('altered:moved');
    expect(await outcome(loadCase(db, keys, 'b'))).toBe('altered:moved');

    // Two events of one case swapped (with their seq): the chain head is unchanged, the rows no longer open.
    await store('c', log);
    const [c1, c2] = [(await caseEvents(db, 'c').toArray())[1]!, (await caseEvents(db, 'c').toArray())[2]!];
    await db.transaction('rw', db.events, async () => {
      await db.events.bulkDelete([
        ['c', 1],
        ['c', 2],
      ]);
      await db.events.bulkAdd([
        { ...c2, seq: 1 },
        { ...c1, seq: 2 },
      ]);
    });
    expect(await outcome(loadCase(db, keys, 'c'))).toBe('altered:moved');
  });

  it('of an altered case, what still opens is shown read-only: the events left, in order; a row moved in from another case is counted as not opening, never shown', async () => {
    const log = scenario('conflict-only');
    await store('a', log);
    await store('b', log);
    const rowsA = await caseEvents(db, 'a').toArray();
    const before = (await loadCase(db, keys, 'a')).events;
    // Case a loses its last event; case b's third event is moved into a's place 1.
    const b2 = (await caseEvents(db, 'b').toArray())[2]!;
    await db.transaction('rw', db.events, async () => {
      await db.events.delete(['a', rowsA.length - 1]);
      await db.events.delete(['a', 1]);
      await db.events.delete(['b', 2]);
      await db.events.add({ ...b2, caseId: 'a', seq: 1 });
    });
    expect(await outcome(loadCase(db, keys, 'a'))).toMatch(/^altered:/);
    const seen = await readWhatStillOpens(db, keys, 'a');
    expect(seen.unreadable).toBe(1);
    expect(seen.events.map((e) => e.id)).toEqual(before.filter((_, i) => i !== 1 && i !== rowsA.length - 1).map((e) => e.id));
    expect(seen.events.map((e) => e.event)).toEqual(before.filter((_, i) => i !== 1 && i !== rowsA.length - 1).map((e) => e.event));
    expect(seen.events.some((e) => e.id === b2.id)).toBe(false);
  });

  it('a row put back in clear, without its seal, is refused once the case is anchored', async () => {
    const log = scenario('conflict-only');
    await store('c1', log);
    const row = (await caseEvents(db, 'c1').toArray())[1]!;
    await db.events.put({ id: row.id, caseId: 'c1', seq: 1, at: row.at, chain: row.chain, event: log[1] as never });
    expect(await outcome(loadCase(db, keys, 'c1'))).toBe('altered:unsealed');
  });

  it('an index row edited to close an emergency case does not hide it: the audit lists it with the open ones, as needing checking', async () => {
    await store('urgent', scenario('sextortion-emergency').slice(0, 8));
    await store('other', scenario('shared-concern-resolved').slice(0, 5));
    const before = await db.cases.get('urgent');
    expect(before?.step).not.toBe('closed');
    await db.cases.update('urgent', { step: 'closed', level: 0, nextDueAt: '' });
    const open = await listOpenCases(db);
    expect(open.map((r) => r.id)).toEqual(['other']);
    const audit = auditIndex(await ledgerNow(), [...open, (await db.cases.get('urgent'))!]);
    expect(audit.hiddenOpen).toEqual(['urgent']);
    expect([...audit.suspect]).toEqual(['urgent']);
    // The case itself still loads from its sealed log, at its real step.
    expect(stepOf((await loadCase(db, keys, 'urgent')).snapshot)).toBe(before?.step);
  });

  it('an older sealed value of a setting written back does not replay: it reads as unset, so the default applies', async () => {
    await writeSetting(db, keys, 'autoLockMinutes', 240);
    const old = await db.settings.get('autoLockMinutes');
    await writeSetting(db, keys, 'autoLockMinutes', 5);
    expect(await readSetting(db, keys, 'autoLockMinutes')).toBe(5);
    await db.settings.put(old!);
    expect(await readSetting(db, keys, 'autoLockMinutes')).toBeUndefined();
    // Relabelled to the current revision, the old ciphertext does not open either (the revision is in its AAD).
    await db.settings.put({ ...old!, rev: (await ledgerNow()).settings.autoLockMinutes });
    expect(await readSetting(db, keys, 'autoLockMinutes')).toBeUndefined();
  });

  it('the ledger itself cannot be rolled back to an earlier revision unnoticed by the cases written since', async () => {
    await store('c1', scenario('conflict-only'));
    const early = await readLedgerRow(db);
    await appendEvent(db, keys, 'c1', { type: 'note.add', at: '2027-01-10T09:00:00Z', by: 'X', text: 'x' }, cal);
    await db.settings.put(early!);
    expect(await outcome(loadCase(db, keys, 'c1'))).toBe('altered:extended');
  });

  it('an event row whose clear time was edited is caught: the time shown is the sealed one, and the case says it was altered', async () => {
    await store('c1', scenario('shared-concern-resolved'));
    await db.events.update(['c1', 5], { at: '2099-01-01T00:00:00Z' });
    expect(await outcome(loadCase(db, keys, 'c1'))).toBe('altered:moved');
  });

  it('an older card put back on a row does not open (the list shows the reference instead of stale text)', async () => {
    const log = scenario('shared-concern-resolved');
    await store('c1', log.slice(0, 6));
    const old = (await db.cases.get('c1'))!.card;
    await appendEvent(db, keys, 'c1', log[6]!, cal);
    await db.cases.update('c1', { card: old });
    expect(await openCard(keys, (await db.cases.get('c1'))!)).toBeNull();
  });

  it('an event cannot be stripped of its sender by folding the marker into its id', async () => {
    await store('c1', scenario('conflict-only'));
    const row = (await caseEvents(db, 'c1').toArray())[3]!;
    await db.events.put({ ...row, id: `${row.id}/from/ABCD-EFGH-JKMN-PQRS` });
    expect(await outcome(loadCase(db, keys, 'c1'))).toBe('altered:moved');
  });
});

describe('the upgrade in front of hostile rows', () => {
  const legacy = (caseId: string, events: Record<string, unknown>[]) =>
    db.transaction('rw', [db.events, db.cases], async () => {
      await db.events.bulkAdd(events.map((e, seq) => ({ id: `${caseId}-${seq}`, caseId, seq, at: e.at as string, event: e as never })));
      await db.cases.put({ id: caseId, step: 'report', level: -1, openedAt: events[0]!.at as string, updatedAt: events.at(-1)!.at as string, nextDueAt: '', eventCount: events.length });
    });

  it('a clear event that cannot be sealed (a cycle) flags its case; the upgrade finishes and every other case is upgraded', async () => {
    const log = scenario('conflict-only');
    const cyclic: Record<string, unknown> = { ...log[1]! };
    cyclic.self = cyclic;
    await legacy('good', log.slice(0, 4));
    await legacy('bad', [log[0]!, cyclic]);
    const v = await createVault(db, 'a long enough passphrase for tests', '2027-01-10T08:00:00.000Z');
    const report = await upgradeVault(db, v.keys, cal);
    expect(report.flagged).toEqual([{ caseId: 'bad', flag: 'altered' }]);
    expect((await ledgerNowWith(v.keys)).upgrading).toBe(false);
    expect((await loadCase(db, v.keys, 'good')).events).toHaveLength(4);
    expect(await outcome(loadCase(db, v.keys, 'bad'))).toBe('altered:flagged');
  });

  it('once the vault has sealed its old rows, rows found in clear (after the ledger was deleted) are flagged, never vouched for', async () => {
    const v = await createVault(db, 'a long enough passphrase for tests', '2027-01-10T08:00:00.000Z');
    keys = v.keys;
    await upgradeVault(db, keys, cal);
    await store('urgent', scenario('sextortion-emergency').slice(0, 8));
    const benign = scenario('conflict-only').slice(0, 3);
    await db.transaction('rw', [db.events, db.cases, db.snapshots, db.settings], async () => {
      await db.settings.delete('sanad:ledger');
      await db.events.where('caseId').equals('urgent').delete();
      await db.snapshots.delete('urgent');
    });
    await legacy('urgent', benign);
    const report = await upgradeVault(db, keys, cal);
    expect(report.flagged).toEqual([{ caseId: 'urgent', flag: 'altered' }]);
    expect(await outcome(loadCase(db, keys, 'urgent'))).toBe('altered:flagged');
    // Nothing forged stays in clear either.
    expect((await caseEvents(db, 'urgent').toArray()).every((r) => r.sealed && !r.event)).toBe(true);
  });

  it('a ledger that does not open is made again at the next unlock: cases it cannot vouch for are flagged, new cases can be recorded', async () => {
    await store('c1', scenario('conflict-only'));
    const row = await readLedgerRow(db);
    await db.settings.put({ ...row!, rev: row!.rev! + 7 });
    expect(await outcome(createCase(db, keys, 'new', scenario('conflict-only').slice(0, 2), cal))).toBe('altered:ledger');
    const report = await upgradeVault(db, keys, cal);
    expect(report.flagged).toEqual([{ caseId: 'c1', flag: 'altered' }]);
    await createCase(db, keys, 'new', scenario('conflict-only').slice(0, 2), cal);
    expect((await loadCase(db, keys, 'new')).events).toHaveLength(2);
  });
});

describe('two tabs upgrading at once', () => {
  it('a ledger that does not open, set aside by another tab while this one was opening it: the other tab’s new ledger stays', async () => {
    await store('c1', scenario('conflict-only'));
    const row = await readLedgerRow(db);
    await db.settings.put({ ...row!, rev: row!.rev! + 7 });
    const unopenable = await readLedgerRow(db);
    // This tab's upgrade reads the ledger, then waits in its first decryption while the other tab's runs whole.
    const subtle = globalThis.crypto.subtle;
    const decrypt = subtle.decrypt.bind(subtle);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let waiting = false;
    const spy = vi.spyOn(subtle, 'decrypt').mockImplementation(async (...args: Parameters<SubtleCrypto['decrypt']>) => {
      if (!waiting) {
        waiting = true;
        await held;
      }
      return decrypt(...args);
    });
    try {
      const mine = upgradeVault(db, keys, cal).then(
        () => 'finished',
        (err: unknown) => (err instanceof StorageError ? err.problem : String(err)),
      );
      await vi.waitFor(() => expect(waiting).toBe(true));
      const other = await upgradeVault(db, keys, cal);
      expect(other.flagged).toEqual([{ caseId: 'c1', flag: 'altered' }]);
      const othersLedger = await readLedgerRow(db);
      release();
      const ended = await mine;
      expect(await readLedgerRow(db)).toEqual(othersLedger);
      expect(await db.settings.get(`${LEDGER_KEY}:unopened`)).toEqual({ ...unopenable, key: `${LEDGER_KEY}:unopened` });
      // This tab stops and says why; the next unlock resumes from what is there.
      expect(ended).toBe('busy');
    } finally {
      spy.mockRestore();
    }
    // Nothing left to do at the next unlock, and new cases can be recorded.
    expect(await upgradeVault(db, keys, cal)).toEqual({ cases: 0, flagged: [], clearRows: 0 });
    await createCase(db, keys, 'new', scenario('conflict-only').slice(0, 2), cal);
    expect((await loadCase(db, keys, 'new')).events).toHaveLength(2);
  });
});

describe('clear case rows edited outside Sanad, and backups (third review)', () => {
  it('a deadline that is no date, or a value JSON cannot hold, in a clear row: the backup is still made and restorable', async () => {
    const v = await createVault(db, 'a long enough passphrase for tests', '2027-01-10T08:00:00.000Z');
    keys = v.keys;
    await store('c1', scenario('shared-concern-resolved').slice(0, 6));
    await store('c2', scenario('conflict-only'));
    await db.cases.update('c1', { nextDueAt: 'soon', eventCount: 10n as unknown as number });
    await db.cases.update('c2', { openedAt: 1n as unknown as string });
    expect(await openCard(keys, (await db.cases.get('c1'))!)).toBeNull();
    const { text, skipped } = await makeBackup(db, keys, '2027-01-10T10:00:00.000Z');
    expect(skipped).toEqual([]);
    const checked = await checkBackup(text, { passphrase: 'a long enough passphrase for tests' });
    expect(checked.tables.cases.map((c) => [c.id, c.nextDueAt === 'soon', typeof c.openedAt])).toEqual([
      ['c1', false, 'string'],
      ['c2', false, 'string'],
    ]);
  });
});
