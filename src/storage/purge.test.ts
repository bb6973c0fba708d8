import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from '../../protocol/calendar';
import { appendEvent, createCase, loadCase, verifyChain } from './case-repository';
import { keysFromMaster, randomBytes } from './crypto';
import type { VaultKeys } from './crypto';
import { listCases, openDb } from './db';
import type { SanadDb } from './db';
import { StorageError } from './errors';
import { auditIndex, openLedger, readLedgerRow } from './ledger';
import { DELETION_LOG_KEY, LOCK_DRAFT_KEY, PurgeRefused, caseTag, purgeCase, readDeletionLog } from './purge';
import type { SettingRow } from './db';
import { open as openSealed, settingAad } from './crypto';
import { DEFAULT_RETENTION } from '../../protocol/retention';
import { RETENTION_POLICY_KEY, writeRetentionPolicy } from './retention-store';
import { writeSetting } from './settings';
import { listDue, placeHeadHold, retentionRecordKey, setTargetLeavesOn } from './retention-store';

const cal = DEFAULT_CALENDAR;
const scenario = (name: string) =>
  (JSON.parse(readFileSync(`protocol/scenarios/${name}.json`, 'utf8')) as { steps: { event: Record<string, unknown> }[] }).steps.map((s) => s.event);

let db: SanadDb;
let keys: VaultKeys;
let n = 0;
beforeEach(async () => {
  db = openDb(`sanad-purge-${n++}`);
  await db.open();
  keys = await keysFromMaster(randomBytes(32));
});
afterEach(async () => {
  await db.delete();
});

async function store(caseId: string, name: string) {
  const events = scenario(name);
  await createCase(db, keys, caseId, events[0], cal);
  for (const e of events.slice(1)) await appendEvent(db, keys, caseId, e, cal);
}

async function refusalOf(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    if (err instanceof PurgeRefused) return { rule: err.rule, holds: err.holds.map((h) => h.kind) };
    return err instanceof StorageError ? err.problem : `other: ${String(err)}`;
  }
  return 'none';
}

const ledgerNow = async () => (await openLedger(keys, await readLedgerRow(db)))!;

/** Everything the database holds, as text (the sealed rows are base64: a clear string would show). */
async function everything(): Promise<string> {
  return JSON.stringify(await Promise.all([db.cases.toArray(), db.events.toArray(), db.snapshots.toArray(), db.settings.toArray()]));
}

// Past the end of the school year shared-concern-resolved closed in (local 2027-08-31).
const NOW = '2027-09-15T10:00:00Z';
// The closed case's names and narrative, and its id (its rows are keyed by it).
const CANARIES = ['Salma', 'Nora E.', 'Pupil S', 'c-closed'];

describe('purging a case', () => {
  it('deletes its rows and anchor in one go: gone from the list, not found (not altered), the ledger verifies', async () => {
    await store('c-closed', 'shared-concern-resolved');
    await store('c-open', 'sextortion-emergency');
    await setTargetLeavesOn(db, keys, 'c-closed', '2027-06-30');
    expect(await everything()).toContain('c-closed');

    const entry = await purgeCase(db, keys, 'c-closed', { now: NOW, cal, decidedBy: 'Head of school' });

    expect((await listCases(db)).map((r) => r.id)).toEqual(['c-open']);
    const err = await loadCase(db, keys, 'c-closed').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).problem).toBe('caseNotFound');
    const ledger = await ledgerNow();
    expect(ledger.cases['c-closed']).toBeUndefined();
    expect(ledger.settings[retentionRecordKey('c-closed')]).toBeUndefined();
    const audit = auditIndex(ledger, await db.cases.toArray());
    expect(audit.missing).toEqual([]);
    expect([...audit.suspect]).toEqual([]);
    // The other case is untouched and still verifies.
    expect((await verifyChain(db, keys, 'c-open')).ok).toBe(true);
    expect((await loadCase(db, keys, 'c-open')).events.length).toBe(scenario('sextortion-emergency').length);

    expect(entry).toEqual({ tag: await caseTag(keys, 'c-closed'), on: '2027-09-15', kind: 'purgeDue', basis: 'schoolYear', decidedBy: 'Head of school', printedCopies: 'unknown' });
    expect(await readDeletionLog(db, keys)).toEqual([entry]);
    const all = await everything();
    for (const canary of CANARIES) expect(all).not.toContain(canary);
    expect(JSON.stringify(await readDeletionLog(db, keys))).not.toMatch(/Salma|Nora|Pupil|c-closed/);
    expect(await db.settings.get(DELETION_LOG_KEY)).toMatchObject({ rev: ledger.settings[DELETION_LOG_KEY] });
  });

  it('refuses an open case with the rule, and purges nothing', async () => {
    await store('c-open', 'sextortion-emergency');
    expect(await refusalOf(purgeCase(db, keys, 'c-open', { now: NOW, cal, decidedBy: 'Head' }))).toEqual({ rule: 'open', holds: [] });
    expect((await loadCase(db, keys, 'c-open')).events.length).toBeGreaterThan(0);
    expect(await readDeletionLog(db, keys)).toEqual([]);
  });

  it('refuses a held case (naming the hold), and one not yet due', async () => {
    await store('c-closed', 'shared-concern-resolved');
    expect(await refusalOf(purgeCase(db, keys, 'c-closed', { now: '2027-08-31T12:00:00Z', cal, decidedBy: 'Head' }))).toEqual({ rule: 'notDue', holds: [] });
    await placeHeadHold(db, keys, 'c-closed', { at: '2027-06-01T09:00:00Z', by: 'Head', reason: 'Inquiry' });
    expect(await refusalOf(purgeCase(db, keys, 'c-closed', { now: NOW, cal, decidedBy: 'Head' }))).toEqual({ rule: 'held', holds: ['head'] });
    expect((await listCases(db)).map((r) => r.id)).toEqual(['c-closed']);
    expect(await readDeletionLog(db, keys)).toEqual([]);
  });

  it('purges a held case only with an explicit override reason, which is logged with the rule it overrode', async () => {
    await store('c-closed', 'shared-concern-resolved');
    await placeHeadHold(db, keys, 'c-closed', { at: '2027-06-01T09:00:00Z', by: 'Head', reason: 'Inquiry' });
    expect(await refusalOf(purgeCase(db, keys, 'c-closed', { now: NOW, cal, decidedBy: 'Head', override: ' ' }))).toBe('notAllowed');
    expect(await refusalOf(purgeCase(db, keys, 'c-closed', { now: NOW, cal, decidedBy: ' ' }))).toBe('notAllowed');
    const entry = await purgeCase(db, keys, 'c-closed', { now: NOW, cal, decidedBy: 'Head', override: 'Inquiry closed by the court' });
    expect(entry).toMatchObject({ kind: 'held', override: { rule: 'held', reason: 'Inquiry closed by the court' } });
    expect(await readDeletionLog(db, keys)).toEqual([entry]);
    expect(await listCases(db)).toEqual([]);
  });

  it('appends to the log across purges, and a purged case is no longer listed as due', async () => {
    await store('a', 'shared-concern-resolved');
    await store('b', 'conflict-only');
    expect((await listDue(db, keys, NOW, cal)).due.map((d) => d.caseId)).toEqual(['a', 'b']);
    await purgeCase(db, keys, 'a', { now: NOW, cal, decidedBy: 'Head' });
    expect((await listDue(db, keys, NOW, cal)).due.map((d) => d.caseId)).toEqual(['b']);
    await purgeCase(db, keys, 'b', { now: NOW, cal, decidedBy: 'Deputy head' });
    const log = await readDeletionLog(db, keys);
    expect(log.map((e) => e.decidedBy)).toEqual(['Head', 'Deputy head']);
    expect(new Set(log.map((e) => e.tag)).size).toBe(2);
    expect(await refusalOf(purgeCase(db, keys, 'a', { now: NOW, cal, decidedBy: 'Head' }))).toBe('caseNotFound');
  });

  it('never purges a case whose record was altered (its holds cannot be read)', async () => {
    await store('c-closed', 'shared-concern-resolved');
    const last = await db.events.where('caseId').equals('c-closed').last();
    await db.events.delete([last!.caseId, last!.seq]);
    expect(await refusalOf(purgeCase(db, keys, 'c-closed', { now: NOW, cal, decidedBy: 'Head', override: 'tidy up' }))).toBe('altered');
    expect(await db.events.where('caseId').equals('c-closed').count()).toBeGreaterThan(0);
  });

  it('refuses an open case even with an override reason (an open case is never purged)', async () => {
    await store('c-open', 'sextortion-emergency');
    expect(await refusalOf(purgeCase(db, keys, 'c-open', { now: NOW, cal, decidedBy: 'Head', override: 'tidy up' }))).toEqual({ rule: 'open', holds: [] });
    expect((await listCases(db)).map((r) => r.id)).toEqual(['c-open']);
    expect(await readDeletionLog(db, keys)).toEqual([]);
  });
});

describe('retention state deleted or rolled back on disk never reads as unset', () => {
  it('a held case whose record row was deleted is not purged, and is listed as unreadable, not due', async () => {
    await store('c-closed', 'shared-concern-resolved');
    await placeHeadHold(db, keys, 'c-closed', { at: '2027-06-01T09:00:00Z', by: 'Head', reason: 'Police inquiry pending' });
    await db.settings.delete(retentionRecordKey('c-closed'));
    expect(await refusalOf(purgeCase(db, keys, 'c-closed', { now: NOW, cal, decidedBy: 'Head' }))).toBe('altered');
    expect(await listDue(db, keys, NOW, cal)).toEqual({ due: [], unreadable: ['c-closed'] });
    expect((await listCases(db)).map((r) => r.id)).toEqual(['c-closed']);
  });

  it('a deleted policy row does not fall back to the defaults: the purge is refused', async () => {
    await store('c-closed', 'shared-concern-resolved');
    await writeRetentionPolicy(db, keys, { ...DEFAULT_RETENTION, closedSchoolYears: 3, ceilingSchoolYears: 3 });
    expect(await refusalOf(purgeCase(db, keys, 'c-closed', { now: NOW, cal, decidedBy: 'Head' }))).toEqual({ rule: 'notDue', holds: [] });
    await db.settings.delete(RETENTION_POLICY_KEY);
    expect(await refusalOf(purgeCase(db, keys, 'c-closed', { now: NOW, cal, decidedBy: 'Head', override: 'x' }))).toBe('altered');
    expect((await listCases(db)).map((r) => r.id)).toEqual(['c-closed']);
  });

  it('a deleted or rolled-back deletion log is not restarted: the next purge is refused', async () => {
    await store('a', 'shared-concern-resolved');
    await store('b', 'conflict-only');
    await store('c', 'conflict-only');
    await purgeCase(db, keys, 'a', { now: NOW, cal, decidedBy: 'Head' });
    const older = (await db.settings.get(DELETION_LOG_KEY)) as SettingRow;
    await purgeCase(db, keys, 'b', { now: NOW, cal, decidedBy: 'Head' });
    await db.settings.put(older);
    expect(await refusalOf(purgeCase(db, keys, 'c', { now: NOW, cal, decidedBy: 'Head' }))).toBe('altered');
    await db.settings.delete(DELETION_LOG_KEY);
    expect(await refusalOf(purgeCase(db, keys, 'c', { now: NOW, cal, decidedBy: 'Head' }))).toBe('altered');
    expect((await listCases(db)).map((r) => r.id)).toEqual(['c']);
  });
});

describe('the lock draft of the purged case', () => {
  /** Every setting that opens, opened: no typed text of the purged case may remain in any of them. */
  async function openedSettings(): Promise<string> {
    const ledger = await ledgerNow();
    const rows = (await db.settings.toArray()).filter((r) => r.rev !== undefined && r.key !== 'sanad:ledger');
    const values = await Promise.all(rows.map((r) => (ledger.settings[r.key] === r.rev ? openSealed(keys.data, settingAad(r.key, r.rev!), r.sealed!) : 'not current')));
    return JSON.stringify(values);
  }
  const draft = (route: string, note: string) => ({ route, at: NOW, open: [], fields: [{ id: 'note', value: note }] });

  it('goes with the purge when its route names the case, while a draft of another case stays', async () => {
    await store('c-closed', 'shared-concern-resolved');
    await store('c-open', 'sextortion-emergency');
    await writeSetting(db, keys, LOCK_DRAFT_KEY, draft('#/case/c-closed', 'Salma told us CANARY-TYPED'));
    expect(await openedSettings()).toContain('CANARY-TYPED');
    await purgeCase(db, keys, 'c-closed', { now: NOW, cal, decidedBy: 'Head' });
    const left = await openedSettings();
    for (const canary of ['CANARY-TYPED', ...CANARIES]) expect(left).not.toContain(canary);
    expect(await db.settings.get(LOCK_DRAFT_KEY)).toBeUndefined();
    expect((await ledgerNow()).settings[LOCK_DRAFT_KEY]).toBeUndefined();

    await store('b', 'conflict-only');
    await writeSetting(db, keys, LOCK_DRAFT_KEY, draft('#/case/c-open', 'KEEP-THIS'));
    await purgeCase(db, keys, 'b', { now: NOW, cal, decidedBy: 'Head' });
    expect(await openedSettings()).toContain('KEEP-THIS');
  });
});
