import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scenarioEvents } from '../../tests/setup/scenario-events';
import { DEFAULT_CALENDAR } from '../../protocol/calendar';
import { appendEvent, createCase, loadCase, verifyChain } from './case-repository';
import { keysFromMaster, randomBytes } from './crypto';
import type { VaultKeys } from './crypto';
import { listCases, openDb } from './db';
import type { SanadDb } from './db';
import { StorageError } from './errors';
import { auditIndex, openLedger, readLedgerRow } from './ledger';
import { CLOCK_MARGIN_DAYS, DELETION_LOG_KEY, LOCK_DRAFT_KEY, PurgeRefused, caseTag, purgeCase, readDeletionLog } from './purge';
import type { SettingRow } from './db';
import { open as openSealed, settingAad } from './crypto';
import { DEFAULT_RETENTION } from '../../protocol/retention';
import { RETENTION_POLICY_KEY, writeRetentionPolicy } from './retention-store';
import { writeSetting } from './settings';
import { listDue, placeHeadHold, recordPrinted, retentionRecordKey, setTargetLeavesOn } from './retention-store';

const cal = DEFAULT_CALENDAR;
const scenario = scenarioEvents;

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
// NOW's local date, as the head confirms it: NOW is months after the scenarios' last events (decision 0021).
const TODAY = '2027-09-15';
// The closed case's names and narrative, and its id (its rows are keyed by it).
const CANARIES = ['Salma', 'Nora E.', 'Pupil S', 'c-closed'];

describe('purging a case', () => {
  it('deletes its rows and anchor in one go: gone from the list, not found (not altered), the ledger verifies', async () => {
    await store('c-closed', 'shared-concern-resolved');
    await store('c-open', 'sextortion-emergency');
    await setTargetLeavesOn(db, keys, 'c-closed', '2027-06-30');
    expect(await everything()).toContain('c-closed');

    const entry = await purgeCase(db, keys, 'c-closed', { now: NOW, cal, confirmedDate: TODAY, decidedBy: 'Head of school' });

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

  it('names in its deletion entry the documents the print log recorded (which and the day, no language), so the school destroys the paper', async () => {
    await store('c-closed', 'shared-concern-resolved');
    await recordPrinted(db, keys, 'c-closed', { kind: 'case', on: '2026-12-09', lang: 'ar', redacted: false });
    await recordPrinted(db, keys, 'c-closed', { kind: 'parents', on: '2026-12-10', lang: 'zgh', redacted: false });
    const entry = await purgeCase(db, keys, 'c-closed', { now: NOW, cal, confirmedDate: TODAY, decidedBy: 'Head' });
    expect(entry.printed).toEqual([
      { kind: 'case', on: '2026-12-09' },
      { kind: 'parents', on: '2026-12-10' },
    ]);
    expect(entry.printedCopies).toBe('unknown');
    expect(await readDeletionLog(db, keys)).toEqual([entry]);
  });

  it('refuses an open case with the rule, and purges nothing', async () => {
    await store('c-open', 'sextortion-emergency');
    expect(await refusalOf(purgeCase(db, keys, 'c-open', { now: NOW, cal, confirmedDate: TODAY, decidedBy: 'Head' }))).toEqual({ rule: 'open', holds: [] });
    expect((await loadCase(db, keys, 'c-open')).events.length).toBeGreaterThan(0);
    expect(await readDeletionLog(db, keys)).toEqual([]);
  });

  it('refuses a held case (naming the hold), and one not yet due', async () => {
    await store('c-closed', 'shared-concern-resolved');
    expect(await refusalOf(purgeCase(db, keys, 'c-closed', { now: '2027-08-31T12:00:00Z', cal, confirmedDate: '2027-08-31', decidedBy: 'Head' }))).toEqual({ rule: 'notDue', holds: [] });
    await placeHeadHold(db, keys, 'c-closed', { at: '2027-06-01T09:00:00Z', by: 'Head', reason: 'Inquiry' });
    expect(await refusalOf(purgeCase(db, keys, 'c-closed', { now: NOW, cal, confirmedDate: TODAY, decidedBy: 'Head' }))).toEqual({ rule: 'held', holds: ['head'] });
    expect((await listCases(db)).map((r) => r.id)).toEqual(['c-closed']);
    expect(await readDeletionLog(db, keys)).toEqual([]);
  });

  it('purges a held case only with an explicit override reason, which is logged with the rule it overrode', async () => {
    await store('c-closed', 'shared-concern-resolved');
    await placeHeadHold(db, keys, 'c-closed', { at: '2027-06-01T09:00:00Z', by: 'Head', reason: 'Inquiry' });
    expect(await refusalOf(purgeCase(db, keys, 'c-closed', { now: NOW, cal, confirmedDate: TODAY, decidedBy: 'Head', override: ' ' }))).toBe('notAllowed');
    expect(await refusalOf(purgeCase(db, keys, 'c-closed', { now: NOW, cal, confirmedDate: TODAY, decidedBy: ' ' }))).toBe('notAllowed');
    const entry = await purgeCase(db, keys, 'c-closed', { now: NOW, cal, confirmedDate: TODAY, decidedBy: 'Head', override: 'Inquiry closed by the court' });
    expect(entry).toMatchObject({ kind: 'held', override: { rule: 'held', reason: 'Inquiry closed by the court' } });
    expect(await readDeletionLog(db, keys)).toEqual([entry]);
    expect(await listCases(db)).toEqual([]);
  });

  it('appends to the log across purges, and a purged case is no longer listed as due', async () => {
    await store('a', 'shared-concern-resolved');
    await store('b', 'conflict-only');
    expect((await listDue(db, keys, NOW, cal)).due.map((d) => d.caseId)).toEqual(['a', 'b']);
    await purgeCase(db, keys, 'a', { now: NOW, cal, confirmedDate: TODAY, decidedBy: 'Head' });
    expect((await listDue(db, keys, NOW, cal)).due.map((d) => d.caseId)).toEqual(['b']);
    await purgeCase(db, keys, 'b', { now: NOW, cal, confirmedDate: TODAY, decidedBy: 'Deputy head' });
    const log = await readDeletionLog(db, keys);
    expect(log.map((e) => e.decidedBy)).toEqual(['Head', 'Deputy head']);
    expect(new Set(log.map((e) => e.tag)).size).toBe(2);
    expect(await refusalOf(purgeCase(db, keys, 'a', { now: NOW, cal, confirmedDate: TODAY, decidedBy: 'Head' }))).toBe('caseNotFound');
  });

  it('never purges a case whose record was altered (its holds cannot be read)', async () => {
    await store('c-closed', 'shared-concern-resolved');
    const last = await db.events.where('caseId').equals('c-closed').last();
    await db.events.delete([last!.caseId, last!.seq]);
    expect(await refusalOf(purgeCase(db, keys, 'c-closed', { now: NOW, cal, confirmedDate: TODAY, decidedBy: 'Head', override: 'tidy up' }))).toBe('altered');
    expect(await db.events.where('caseId').equals('c-closed').count()).toBeGreaterThan(0);
  });

  it('refuses an open case even with an override reason (an open case is never purged)', async () => {
    await store('c-open', 'sextortion-emergency');
    expect(await refusalOf(purgeCase(db, keys, 'c-open', { now: NOW, cal, confirmedDate: TODAY, decidedBy: 'Head', override: 'tidy up' }))).toEqual({ rule: 'open', holds: [] });
    expect((await listCases(db)).map((r) => r.id)).toEqual(['c-open']);
    expect(await readDeletionLog(db, keys)).toEqual([]);
  });
});

describe('the date a purge is made on: the device clock is checked, not trusted (decision 0021)', () => {
  const refusedWith = async (p: Promise<unknown>) => {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    return err instanceof PurgeRefused ? { rule: err.rule, newest: err.newest } : String(err);
  };
  const NOTE = { type: 'note.add', by: 'Teacher', text: 'still followed' };

  it('refuses a date earlier than the case\'s last event, with an override and the date confirmed or not', async () => {
    await store('c-closed', 'shared-concern-resolved');
    // The case's last event is on 2026-12-09 at 09:40 UTC; the clock says 09:00 that day.
    const before = { now: '2026-12-09T09:00:00Z', cal, decidedBy: 'Head', confirmedDate: '2026-12-09', override: 'tidy up' };
    expect(await refusedWith(purgeCase(db, keys, 'c-closed', before))).toEqual({ rule: 'clockBehind', newest: '2026-12-09' });
    expect((await listCases(db)).map((r) => r.id)).toEqual(['c-closed']);
    expect(await readDeletionLog(db, keys)).toEqual([]);
  });

  it('refuses a date earlier than the newest write the vault knows: another case\'s last event, an earlier purge\'s day', async () => {
    await store('a', 'shared-concern-resolved');
    await store('b', 'conflict-only');
    // b's own events are from 2026-11-02, but a was written on 2026-12-09: a clock at 2026-12-01 is behind.
    const early = { now: '2026-12-01T10:00:00Z', cal, decidedBy: 'Head', confirmedDate: '2026-12-01', override: 'tidy up' };
    expect(await refusedWith(purgeCase(db, keys, 'b', early))).toEqual({ rule: 'clockBehind', newest: '2026-12-09' });
    // a is purged on 2027-09-15: its rows go, its day stays in the log; a later purge dated before it is refused.
    await purgeCase(db, keys, 'a', { now: NOW, cal, decidedBy: 'Head', confirmedDate: TODAY });
    const back = { now: '2027-09-10T10:00:00Z', cal, decidedBy: 'Head', confirmedDate: '2027-09-10' };
    expect(await refusedWith(purgeCase(db, keys, 'b', back))).toEqual({ rule: 'clockBehind', newest: TODAY });
    expect((await listCases(db)).map((r) => r.id)).toEqual(['b']);
    expect(await readDeletionLog(db, keys)).toHaveLength(1);
  });

  it('a date more than CLOCK_MARGIN_DAYS past the newest write needs the date the head confirmed, exactly the purge\'s', async () => {
    await store('c-closed', 'shared-concern-resolved');
    const req = { now: NOW, cal, decidedBy: 'Head' };
    // Nothing written since 2026-12-09: 2027-09-15 is far past it (or the clock is set ahead).
    expect(await refusedWith(purgeCase(db, keys, 'c-closed', req))).toEqual({ rule: 'dateUnconfirmed', newest: '2026-12-09' });
    // An override is about the case's period, not the date: it does not stand for a confirmation.
    expect(await refusedWith(purgeCase(db, keys, 'c-closed', { ...req, override: 'tidy up' }))).toEqual({ rule: 'dateUnconfirmed', newest: '2026-12-09' });
    // A date confirmed that is not the purge's (the clock moved while the form was open) is no confirmation.
    expect(await refusedWith(purgeCase(db, keys, 'c-closed', { ...req, confirmedDate: '2027-09-14' }))).toEqual({ rule: 'dateUnconfirmed', newest: '2026-12-09' });
    expect((await listCases(db)).map((r) => r.id)).toEqual(['c-closed']);
    expect(await purgeCase(db, keys, 'c-closed', { ...req, confirmedDate: TODAY })).toMatchObject({ on: TODAY, kind: 'purgeDue' });
  });

  it('within CLOCK_MARGIN_DAYS of the newest write, no confirmation is needed (the margin counts local days)', async () => {
    await store('c-closed', 'shared-concern-resolved');
    await store('c-open', 'sextortion-emergency');
    await appendEvent(db, keys, 'c-open', { ...NOTE, at: '2027-09-01T08:00:00Z' }, cal);
    const last = new Date(Date.parse('2027-09-01T12:00:00Z') + (CLOCK_MARGIN_DAYS + 1) * 86_400_000).toISOString();
    expect(await refusedWith(purgeCase(db, keys, 'c-closed', { now: last, cal, decidedBy: 'Head' }))).toEqual({ rule: 'dateUnconfirmed', newest: '2027-09-01' });
    const inside = new Date(Date.parse('2027-09-01T12:00:00Z') + CLOCK_MARGIN_DAYS * 86_400_000).toISOString();
    expect(await purgeCase(db, keys, 'c-closed', { now: inside, cal, decidedBy: 'Head' })).toMatchObject({ kind: 'purgeDue' });
    expect((await listCases(db)).map((r) => r.id)).toEqual(['c-open']);
  });
});

describe('retention state deleted or rolled back on disk never reads as unset', () => {
  it('a held case whose record row was deleted is not purged, and is listed as unreadable, not due', async () => {
    await store('c-closed', 'shared-concern-resolved');
    await placeHeadHold(db, keys, 'c-closed', { at: '2027-06-01T09:00:00Z', by: 'Head', reason: 'Police inquiry pending' });
    await db.settings.delete(retentionRecordKey('c-closed'));
    expect(await refusalOf(purgeCase(db, keys, 'c-closed', { now: NOW, cal, confirmedDate: TODAY, decidedBy: 'Head' }))).toBe('altered');
    expect(await listDue(db, keys, NOW, cal)).toEqual({ due: [], unreadable: ['c-closed'] });
    expect((await listCases(db)).map((r) => r.id)).toEqual(['c-closed']);
  });

  it('a deleted policy row does not fall back to the defaults: the purge is refused', async () => {
    await store('c-closed', 'shared-concern-resolved');
    await writeRetentionPolicy(db, keys, { ...DEFAULT_RETENTION, closedSchoolYears: 3, ceilingSchoolYears: 3 });
    expect(await refusalOf(purgeCase(db, keys, 'c-closed', { now: NOW, cal, confirmedDate: TODAY, decidedBy: 'Head' }))).toEqual({ rule: 'notDue', holds: [] });
    await db.settings.delete(RETENTION_POLICY_KEY);
    expect(await refusalOf(purgeCase(db, keys, 'c-closed', { now: NOW, cal, confirmedDate: TODAY, decidedBy: 'Head', override: 'x' }))).toBe('altered');
    expect((await listCases(db)).map((r) => r.id)).toEqual(['c-closed']);
  });

  it('a deleted or rolled-back deletion log is not restarted: the next purge is refused', async () => {
    await store('a', 'shared-concern-resolved');
    await store('b', 'conflict-only');
    await store('c', 'conflict-only');
    await purgeCase(db, keys, 'a', { now: NOW, cal, confirmedDate: TODAY, decidedBy: 'Head' });
    const older = (await db.settings.get(DELETION_LOG_KEY)) as SettingRow;
    await purgeCase(db, keys, 'b', { now: NOW, cal, confirmedDate: TODAY, decidedBy: 'Head' });
    await db.settings.put(older);
    expect(await refusalOf(purgeCase(db, keys, 'c', { now: NOW, cal, confirmedDate: TODAY, decidedBy: 'Head' }))).toBe('altered');
    await db.settings.delete(DELETION_LOG_KEY);
    expect(await refusalOf(purgeCase(db, keys, 'c', { now: NOW, cal, confirmedDate: TODAY, decidedBy: 'Head' }))).toBe('altered');
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
    await purgeCase(db, keys, 'c-closed', { now: NOW, cal, confirmedDate: TODAY, decidedBy: 'Head' });
    const left = await openedSettings();
    for (const canary of ['CANARY-TYPED', ...CANARIES]) expect(left).not.toContain(canary);
    expect(await db.settings.get(LOCK_DRAFT_KEY)).toBeUndefined();
    expect((await ledgerNow()).settings[LOCK_DRAFT_KEY]).toBeUndefined();

    await store('b', 'conflict-only');
    await writeSetting(db, keys, LOCK_DRAFT_KEY, draft('#/case/c-open', 'KEEP-THIS'));
    await purgeCase(db, keys, 'b', { now: NOW, cal, confirmedDate: TODAY, decidedBy: 'Head' });
    expect(await openedSettings()).toContain('KEEP-THIS');
  });
});
