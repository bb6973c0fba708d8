import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { scenarioEvents } from '../../tests/setup/scenario-events';
import { DEFAULT_CALENDAR } from '../../protocol/calendar';
import { BackupError } from './backup';
import { runJob } from './backup-jobs';
import { makeBackupV2 } from './backup-v2';
import { appendEvent, createCase, loadCase } from './case-repository';
import type { VaultKeys } from './crypto';
import { listCases, openDb } from './db';
import type { SanadDb } from './db';
import { StorageError } from './errors';
import { auditIndex, openLedger, readLedgerRow } from './ledger';
import { DELETION_LOG_KEY, LOCK_DRAFT_KEY, purgeCase, readDeletionLog } from './purge';
import { LEDGER_KEY } from './ledger';
import { open as openSealed, settingAad } from './crypto';
import { writeSetting } from './settings';
import { liftHeadHold, listDue, placeHeadHold, readRetentionRecord, recordPrinted, setTargetLeavesOn } from './retention-store';
import { createVault, keysFromVault, readVault } from './vault';

const cal = DEFAULT_CALENDAR;
const PASS = 'restore deletion test passphrase';
const MADE = '2027-09-01T08:00:00.000Z';
const NOW = '2027-09-15T10:00:00Z';
const scenario = scenarioEvents;

let n = 0;
const opened: SanadDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await db.delete().catch(() => undefined);
  }
});

async function fresh(name: string): Promise<SanadDb> {
  const db = openDb(`${name}-${n++}`);
  opened.push(db);
  await db.open();
  return db;
}

async function store(db: SanadDb, keys: VaultKeys, caseId: string, name: string) {
  const events = scenario(name);
  await createCase(db, keys, caseId, events[0], cal);
  for (const e of events.slice(1)) await appendEvent(db, keys, caseId, e, cal);
}

/** A device with two cases and a backup of both, after which the closed one is purged. */
async function purgedAfterBackup(passphrase = PASS) {
  const source = await fresh('restore-del-source');
  const { keys } = await createVault(source, passphrase, MADE);
  await store(source, keys, 'c-closed', 'shared-concern-resolved');
  await store(source, keys, 'c-open', 'sextortion-emergency');
  const { blob } = await makeBackupV2(source, keys, MADE);
  await purgeCase(source, keys, 'c-closed', { now: NOW, cal, decidedBy: 'Head' });
  return { source, keys, blob };
}

async function openStaged(name: string) {
  const db = openDb(name);
  opened.push(db);
  const keys = await keysFromVault((await readVault(db))!, { passphrase: PASS });
  return { db, keys };
}

const dump = async (db: SanadDb) => JSON.stringify(await Promise.all([db.cases.toArray(), db.events.toArray(), db.snapshots.toArray(), db.settings.toArray()]));

describe('a restore re-applies the deletion log', () => {
  it('a backup made before a purge does not bring the purged case back', async () => {
    const { source, keys, blob } = await purgedAfterBackup();
    const stagingName = `restore-del-staging-${n++}`;
    const result = await runJob({ op: 'restore', stagingName, secret: { passphrase: PASS }, file: blob, carry: { dbName: source.name, keys } });
    expect(result).toMatchObject({ op: 'restore', reapplied: 1 });

    const staged = await openStaged(stagingName);
    expect((await listCases(staged.db)).map((r) => r.id)).toEqual(['c-open']);
    const err = await loadCase(staged.db, staged.keys, 'c-closed').catch((e: unknown) => e);
    expect((err as StorageError).problem).toBe('caseNotFound');
    expect((await loadCase(staged.db, staged.keys, 'c-open')).events.length).toBe(scenario('sextortion-emergency').length);
    const audit = auditIndex(await openLedger(staged.keys, await readLedgerRow(staged.db)), await staged.db.cases.toArray());
    expect(audit.missing).toEqual([]);
    expect([...audit.suspect]).toEqual([]);
    expect(await readDeletionLog(staged.db, staged.keys)).toEqual(await readDeletionLog(source, keys));
    const all = await dump(staged.db);
    for (const canary of ['c-closed', 'Salma', 'Pupil S']) expect(all).not.toContain(canary);
  });

  it('without the log carried, the same restore brings the case back (what the carrying prevents)', async () => {
    const { blob } = await purgedAfterBackup();
    const stagingName = `restore-del-staging-${n++}`;
    const result = await runJob({ op: 'restore', stagingName, secret: { passphrase: PASS }, file: blob });
    expect(result).not.toHaveProperty('reapplied');
    const staged = await openStaged(stagingName);
    expect((await listCases(staged.db)).map((r) => r.id).sort()).toEqual(['c-closed', 'c-open']);
  });

  it('a locked tab: the restore secret opens the log of the database in use (the same vault)', async () => {
    const { source, blob } = await purgedAfterBackup();
    const stagingName = `restore-del-staging-${n++}`;
    expect(await runJob({ op: 'restore', stagingName, secret: { passphrase: PASS }, file: blob, carry: { dbName: source.name } })).toMatchObject({ reapplied: 1 });
    const staged = await openStaged(stagingName);
    expect((await listCases(staged.db)).map((r) => r.id)).toEqual(['c-open']);
  });

  it('a log that cannot be read refuses the restore, writes nothing, and leaves the database in use as it was', async () => {
    const { blob } = await purgedAfterBackup();
    // Another vault (another passphrase) in use, with a purge of its own, and a locked tab.
    const other = await fresh('restore-del-other');
    const { keys: otherKeys } = await createVault(other, 'another school passphrase', MADE);
    await store(other, otherKeys, 'x', 'conflict-only');
    await purgeCase(other, otherKeys, 'x', { now: NOW, cal, decidedBy: 'Head' });
    const before = await dump(other);
    const stagingName = `restore-del-staging-${n++}`;
    const err = await runJob({ op: 'restore', stagingName, secret: { passphrase: PASS }, file: blob, carry: { dbName: other.name } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupError);
    expect((err as BackupError).problem).toBe('logLocked');
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(stagingName);
    expect(await dump(other)).toBe(before);
  });

  it('a backup made between two purges: its own log and the newer entries are merged, once each', async () => {
    const source = await fresh('restore-del-source');
    const { keys } = await createVault(source, PASS, MADE);
    await store(source, keys, 'a', 'shared-concern-resolved');
    await store(source, keys, 'b', 'conflict-only');
    await store(source, keys, 'c-open', 'sextortion-emergency');
    await purgeCase(source, keys, 'a', { now: NOW, cal, decidedBy: 'Head' });
    const { blob } = await makeBackupV2(source, keys, NOW);
    await purgeCase(source, keys, 'b', { now: NOW, cal, decidedBy: 'Deputy head' });
    const stagingName = `restore-del-staging-${n++}`;
    expect(await runJob({ op: 'restore', stagingName, secret: { passphrase: PASS }, file: blob, carry: { dbName: source.name, keys } })).toMatchObject({ reapplied: 1 });
    const staged = await openStaged(stagingName);
    expect((await listCases(staged.db)).map((r) => r.id)).toEqual(['c-open']);
    expect((await readDeletionLog(staged.db, staged.keys)).map((e) => e.decidedBy)).toEqual(['Head', 'Deputy head']);
  });

  it('a database in use with no purge carries nothing and restores everything', async () => {
    const source = await fresh('restore-del-source');
    const { keys } = await createVault(source, PASS, MADE);
    await store(source, keys, 'c-closed', 'shared-concern-resolved');
    await placeHeadHold(source, keys, 'c-closed', { at: MADE, by: 'Head', reason: 'Inquiry' });
    const { blob } = await makeBackupV2(source, keys, MADE);
    const stagingName = `restore-del-staging-${n++}`;
    expect(await runJob({ op: 'restore', stagingName, secret: { passphrase: PASS }, file: blob, carry: { dbName: source.name, keys } })).toMatchObject({ reapplied: 0 });
    const staged = await openStaged(stagingName);
    expect((await listCases(staged.db)).map((r) => r.id)).toEqual(['c-closed']);
  });

  it('a hold placed after the backup is carried into the restored database: the case is not listed for purge', async () => {
    const source = await fresh('restore-del-source');
    const { keys } = await createVault(source, PASS, MADE);
    await store(source, keys, 'c-closed', 'shared-concern-resolved');
    await store(source, keys, 'c-other', 'conflict-only');
    // In the backup: a hold later lifted in use (it stands in the backup: it stays standing), no leaving day.
    await placeHeadHold(source, keys, 'c-closed', { at: MADE, by: 'Head', reason: 'First inquiry' });
    const { blob } = await makeBackupV2(source, keys, MADE);
    // After the backup, in use: that hold lifted, a new hold, a later leaving day, a printed copy.
    await liftHeadHold(source, keys, 'c-closed', 0, { at: NOW, by: 'Head' });
    await placeHeadHold(source, keys, 'c-closed', { at: NOW, by: 'Head', reason: 'Police inquiry' });
    await setTargetLeavesOn(source, keys, 'c-closed', '2029-06-30');
    await recordPrinted(source, keys, 'c-closed', { kind: 'case', on: '2027-01-10', lang: 'fr', redacted: false });
    const later = '2031-10-01T09:00:00Z';
    expect((await listDue(source, keys, later, cal)).due.map((d) => d.caseId)).toEqual(['c-other']);
    const stagingName = `restore-del-staging-${n++}`;
    await runJob({ op: 'restore', stagingName, secret: { passphrase: PASS }, file: blob, carry: { dbName: source.name, keys } });
    const staged = await openStaged(stagingName);
    expect(await readRetentionRecord(staged.db, staged.keys, 'c-closed')).toEqual({
      headHolds: [
        { at: MADE, by: 'Head', reason: 'First inquiry' },
        { at: NOW, by: 'Head', reason: 'Police inquiry' },
      ],
      targetLeavesOn: '2029-06-30',
      printed: [{ kind: 'case', on: '2027-01-10', lang: 'fr', redacted: false }],
    });
    expect((await listDue(staged.db, staged.keys, later, cal)).due.map((d) => d.caseId)).toEqual(['c-other']);
    // The restored ledger anchors the merged record (it read strictly above), and the index still agrees with it.
    expect(auditIndex(await openLedger(staged.keys, await readLedgerRow(staged.db)), await staged.db.cases.toArray()).missing).toEqual([]);
  });

  it('a log row deleted from the database in use refuses the restore (the ledger anchors it), nothing written', async () => {
    const { source, keys, blob } = await purgedAfterBackup();
    await source.settings.delete(DELETION_LOG_KEY);
    const before = await dump(source);
    for (const carry of [{ dbName: source.name, keys }, { dbName: source.name }]) {
      const stagingName = `restore-del-staging-${n++}`;
      const err = await runJob({ op: 'restore', stagingName, secret: { passphrase: PASS }, file: blob, carry }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BackupError);
      expect((err as BackupError).problem).toBe('altered');
      expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(stagingName);
    }
    expect(await dump(source)).toBe(before);
  });

  it('a ledger in use that does not open refuses the restore', async () => {
    const { source, keys, blob } = await purgedAfterBackup();
    const ledgerRow = (await source.settings.get(LEDGER_KEY))!;
    await source.settings.put({ ...ledgerRow, rev: ledgerRow.rev! + 1 });
    const stagingName = `restore-del-staging-${n++}`;
    const err = await runJob({ op: 'restore', stagingName, secret: { passphrase: PASS }, file: blob, carry: { dbName: source.name, keys } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupError);
    expect((err as BackupError).problem).toBe('altered');
  });

  it('the lock draft of a case the log lists goes too, when the backup held it', async () => {
    const source = await fresh('restore-del-source');
    const { keys } = await createVault(source, PASS, MADE);
    await store(source, keys, 'c-closed', 'shared-concern-resolved');
    await writeSetting(source, keys, LOCK_DRAFT_KEY, { route: '#/case/c-closed', at: NOW, open: [], fields: [{ id: 'note', value: 'CANARY-TYPED' }] });
    const { blob } = await makeBackupV2(source, keys, MADE);
    await purgeCase(source, keys, 'c-closed', { now: NOW, cal, decidedBy: 'Head' });
    const stagingName = `restore-del-staging-${n++}`;
    expect(await runJob({ op: 'restore', stagingName, secret: { passphrase: PASS }, file: blob, carry: { dbName: source.name, keys } })).toMatchObject({ reapplied: 1 });
    const staged = await openStaged(stagingName);
    const ledger = (await openLedger(staged.keys, await readLedgerRow(staged.db)))!;
    const rows = (await staged.db.settings.toArray()).filter((r) => r.key !== LEDGER_KEY && r.rev !== undefined && ledger.settings[r.key] === r.rev);
    const openedText = JSON.stringify(await Promise.all(rows.map((r) => openSealed(staged.keys.data, settingAad(r.key, r.rev!), r.sealed!))));
    expect(openedText).not.toContain('CANARY-TYPED');
    expect(await staged.db.settings.get(LOCK_DRAFT_KEY)).toBeUndefined();
    expect(ledger.settings[LOCK_DRAFT_KEY]).toBeUndefined();
  });
});
