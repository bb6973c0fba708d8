import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stepOf } from '../../machines/replay';
import { DEFAULT_CALENDAR } from '../../protocol/calendar';
import { makeBackup } from './backup';
import { appendEvent, createCase, loadCase, verifyChain } from './case-repository';
import { keysFromMaster, randomBytes } from './crypto';
import type { VaultKeys } from './crypto';
import { caseEvents, listOpenCases, openDb } from './db';
import type { SanadDb } from './db';
import { StorageError } from './errors';
import { auditIndex, openLedger, readLedgerRow } from './ledger';
import { readSetting, writeSetting } from './settings';
import { createVault } from './vault';

/**
 * What someone with the browser profile's files can do without the keys (edit, delete, move or put back rows
 * of IndexedDB), and what Sanad must say about it: each attack below loaded silently before the ledger
 * (docs/decisions/0014).
 */
const cal = DEFAULT_CALENDAR;
const scenario = (name: string) =>
  (JSON.parse(readFileSync(`protocol/scenarios/${name}.json`, 'utf8')) as { steps: { event: Record<string, unknown> }[] }).steps.map((s) => s.event);

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

const ledgerNow = async () => (await openLedger(keys, await readLedgerRow(db)))!;

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

  it('deleting a whole case is listed on the home screen as missing, its page says it was altered, and no backup is made', async () => {
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
    expect(await outcome(makeBackup(db, keys, '2027-01-10T10:00:00.000Z').then(() => 'made'))).toBe('other: BackupError: backup: altered: a case of the ledger has no row');
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
});
