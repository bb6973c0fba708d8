import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { Database } from 'pouchdb-core';
import type { CaseEvent } from '../../machines/events';
import { stepOf } from '../../machines/replay';
import { DEFAULT_CALENDAR } from '../../protocol/calendar';
import { installRules } from '../sync/server-rules';
import { encodeEvent } from '../sync/sync-doc';
import { caseTagOf } from '../sync/team-keys';
import { kit } from '../../tests/setup/case-kit';
import { Pouch } from '../../tests/sync/couch-server';
import { couchForThisFile } from '../../tests/sync/couch-suite';
import { checkBackup, makeBackup, restoreBackup } from './backup';
import { appendEvent, createCase, loadCase, readWhatStillOpens, verifyChain } from './case-repository';
import type { VaultKeys } from './crypto';
import { openDb } from './db';
import type { SanadDb } from './db';
import { FUTURE_TOLERANCE_MS, receivePending, sendPending } from './sync-bridge';
import { eventIdOf } from './sync-order';
import { finishRevocation, revokePassphrase } from './revoke';
import { SyncedCaseTransferError, exportCase, importCase } from './transfer';
import type { ReceiveResult } from './sync-bridge';
import { casesNeedingReview, enrolDevice, readSyncState, setUpSync } from './sync-state';
import { createVault } from './vault';

const cal = DEFAULT_CALENDAR;
const PASS = 'review sync passphrase long enough';
const couch = couchForThisFile();
let n = 0;

interface Device {
  db: SanadDb;
  keys: VaultKeys;
  local: Database;
  fingerprint: string;
}

/** A team of `count` devices; device 0 founded it and gives the team key to every other; all enrol all. */
async function team(count = 2): Promise<{ d: Device[]; server: string }> {
  const id = n++;
  const server = `${couch().url}/safety-team-${id}`;
  await installRules(server, { members: [] });
  const d: Device[] = [];
  for (let i = 0; i < count; i++) {
    const db = openDb(`safety-sync-${i}-${id}`);
    await db.open();
    const { keys } = await createVault(db, PASS, '2026-11-01T08:00:00.000Z');
    const pub = await setUpSync(db, keys, `safety-team-${id}`, { founder: i === 0 });
    d.push({ db, keys, local: new Pouch(`safety-local-${i}-${id}`, { adapter: 'memory' }), fingerprint: pub.fingerprint });
  }
  const pubs = await Promise.all(d.map(async (x) => (await readSyncState(x.db, x.keys))!.device.public));
  for (let i = 0; i < count; i++) for (let j = 0; j < count; j++) if (i !== j) await enrolDevice(d[i]!.db, d[i]!.keys, pubs[j]!, { giveTeamKey: i === 0 });
  return { d, server };
}

/** The tests' "now" on every device: a fixed time, so nothing depends on the clock the tests run at. */
const NOW = '2026-11-02T12:00:00.000Z';

async function sync(x: Device, server: string, now = NOW): Promise<ReceiveResult> {
  await sendPending(x.db, x.keys, x.local);
  await x.local.replicate.to(server);
  await x.local.replicate.from(server);
  return receivePending(x.db, x.keys, x.local, cal, { now });
}

/** A malicious member writes, with its own keys, a signed event document of its choosing straight to the server. */
async function forge(x: Device, server: string, caseId: string, eventId: string, seq: number, event: CaseEvent): Promise<string> {
  const state = (await readSyncState(x.db, x.keys))!;
  const newest = state.teamKeys.reduce((m, t) => (t.version > m.version ? t : m));
  const tag = await caseTagOf(newest, caseId);
  const ck = state.caseKeys.find((c) => c.caseKey.caseTag === tag)!.caseKey;
  const doc = await encodeEvent(ck, state.device, { caseId, eventId, author: state.device.public.fingerprint, seq, event });
  const res = await fetch(`${server}/${encodeURIComponent(doc._id)}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(doc) });
  expect(res.status).toBe(201);
  return doc._id;
}

const readyToClose = (k: ReturnType<typeof kit>) => [
  ...k.intake(),
  ...k.answers(),
  k.e('parent.defer', { partyId: 'p1', reason: 'x' }),
  k.e('parent.defer', { partyId: 'p2', reason: 'x' }),
  k.e('closure.review', { whatWorked: 'x' }),
];


describe('sync safety (findings of the review of the vault <-> sync bridge)', () => {
  it('H1: an event id reused by a member in another case neither crashes the pass nor keeps the emergency out; the clash is refused as a collision', async () => {
    const { d, server } = await team(3);
    const [a, b, m] = d as [Device, Device, Device];
    const ka = kit();
    const kb = kit('2026-11-02T08:00:00Z');
    await createCase(a.db, a.keys, 'c-a-decoy', ka.toAssessment(), cal);
    await createCase(a.db, a.keys, 'c-b-victim', kb.toAssessment(), cal);
    await sync(a, server);
    await sync(m, server);
    await sync(m, server);
    await sync(b, server);
    await sync(b, server);
    await appendEvent(a.db, a.keys, 'c-b-victim', kb.e('trigger.answer', { trigger: 'T1', answer: 'yes', note: 'threat' }), cal);
    const written = (await sendPending(a.db, a.keys, a.local)).written;
    await a.local.replicate.to(server);
    const emergencyId = written.find((id) => id.startsWith('e:'))!.split(':')[2]!;
    await forge(m, server, 'c-a-decoy', emergencyId, 0, ka.e('note.add', { text: 'innocuous' }));
    const passes: ReceiveResult[] = [];
    for (let pass = 0; pass < 3; pass++) passes.push(await sync(b, server));
    expect(passes.flatMap((p) => p.failed)).toEqual([]);
    expect(passes[0]!.refused.filter((r) => r.problem === 'collision').map((r) => r.docId)).toEqual([emergencyId]);
    const victim = await loadCase(b.db, b.keys, 'c-b-victim');
    expect(victim.events.map(eventIdOf)).toContain(emergencyId);
    expect(stepOf(victim.snapshot)).toBe('emergencyEscalation');
    // The decoy's note is kept too (nothing dropped), each in its own case, and both verify.
    expect((await loadCase(b.db, b.keys, 'c-a-decoy')).events.map(eventIdOf)).toContain(emergencyId);
    expect((await verifyChain(b.db, b.keys, 'c-b-victim')).ok).toBe(true);
    // A storage error of one case lands in `failed` for that case and never escapes the pass.
    const where = b.db.events.where.bind(b.db.events);
    const failing = vi.spyOn(b.db.events, 'where').mockImplementation(((index: unknown) => {
      if (index === 'id') throw new Error('disk on fire');
      return where(index as string);
    }) as typeof b.db.events.where);
    await appendEvent(a.db, a.keys, 'c-b-victim', kb.e('note.add', { text: 'after' }), cal);
    await sync(a, server);
    const r = await sync(b, server);
    failing.mockRestore();
    expect(r.failed.map((f) => [f.caseId, f.problem])).toEqual([['c-b-victim', 'unknown']]);
    expect((await sync(b, server)).cases.map((c) => c.caseId)).toEqual(['c-b-victim']);
  });

  it('H4: a vault holding synced rows is backed up and restored: row order, from markers and the loaded case survive', async () => {
    const { d, server } = await team();
    const [a, b] = d as [Device, Device];
    const k = kit();
    await createCase(a.db, a.keys, 'c-backup', k.toAssessment(), cal);
    await sync(a, server);
    await sync(b, server);
    await appendEvent(b.db, b.keys, 'c-backup', k.e('note.add', { text: 'on B' }), cal);
    const rowsBefore = await b.db.events.where('caseId').equals('c-backup').sortBy('seq');
    expect(rowsBefore.some((r) => r.from?.startsWith('sync:'))).toBe(true);
    const before = await loadCase(b.db, b.keys, 'c-backup');
    const { text, skipped } = await makeBackup(b.db, b.keys, '2026-11-28T10:00:00.000Z');
    expect(skipped).toEqual([]);
    const fresh = openDb(`safety-restore-${n++}`);
    await fresh.open();
    await restoreBackup(fresh, await checkBackup(text, { passphrase: PASS }));
    const rowsAfter = await fresh.events.where('caseId').equals('c-backup').sortBy('seq');
    expect(rowsAfter.map((r) => [r.id, r.seq, r.from])).toEqual(rowsBefore.map((r) => [r.id, r.seq, r.from]));
    const after = await loadCase(fresh, b.keys, 'c-backup');
    expect(after.events).toEqual(before.events);
    expect(after.snapshot.context).toEqual(before.snapshot.context);
    expect((await verifyChain(fresh, b.keys, 'c-backup')).ok).toBe(true);
  });

  it('H3a: a closure backdated before an emergency it had seen leaves the case an emergency on the case page and at home', async () => {
    const { d, server } = await team();
    const [a, b] = d as [Device, Device];
    const k = kit();
    await createCase(a.db, a.keys, 'c-backdate', readyToClose(k), cal);
    await sync(a, server);
    await sync(b, server);
    const threat = k.e('trigger.answer', { trigger: 'T1', answer: 'yes', note: 'a threat came in' });
    await appendEvent(b.db, b.keys, 'c-backdate', threat, cal);
    await sync(b, server);
    await sync(a, server);
    const own = (await loadCase(a.db, a.keys, 'c-backdate')).events.filter((e) => !e.from).length;
    const at = new Date(Date.parse(threat.at) - 1000).toISOString();
    await forge(a, server, 'c-backdate', 'backdated-close', own, { type: 'case.close', at, by: 'Lead', reason: 'INSUFFICIENT_INFO' } as unknown as CaseEvent);
    const r = await sync(b, server);
    const onB = await loadCase(b.db, b.keys, 'c-backdate');
    const home = await b.db.cases.get('c-backdate');
    expect([stepOf(onB.snapshot), onB.snapshot.context.level]).toEqual(['emergencyEscalation', 4]);
    expect([home?.step, home?.level]).toEqual(['emergencyEscalation', 4]);
    // The departure stays visible, and the case needs review.
    expect(onB.departures.map((x) => x.eventType)).toEqual(['trigger.answer']);
    expect(r.needsReview['c-backdate']?.map((x) => x.rule)).toContain('notInThisStep');
  });

  it('H3a: a closure racing a T1 "yes" reads as an emergency needing review on both devices, case page and home', async () => {
    const { d, server } = await team();
    const [a, b] = d as [Device, Device];
    const k = kit();
    await createCase(a.db, a.keys, 'c-race', readyToClose(k), cal);
    await sync(a, server);
    await sync(b, server);
    await appendEvent(a.db, a.keys, 'c-race', k.e('case.close', { reason: 'INSUFFICIENT_INFO' }), cal);
    await appendEvent(b.db, b.keys, 'c-race', k.e('trigger.answer', { trigger: 'T1', answer: 'yes', note: 'threat' }), cal);
    await sync(b, server);
    await sync(a, server);
    await sync(b, server);
    for (const x of [a, b]) {
      const c = await loadCase(x.db, x.keys, 'c-race');
      const home = await x.db.cases.get('c-race');
      expect([stepOf(c.snapshot), c.snapshot.context.level, home?.step, home?.level]).toEqual(['emergencyEscalation', 4, 'emergencyEscalation', 4]);
      expect(Object.keys(await casesNeedingReview(x.db, x.keys))).toEqual(['c-race']);
    }
  });

  it('H3b: an event dated before the report is kept, placed after the report, and flagged; one dated far ahead of now is flagged', async () => {
    const { d, server } = await team();
    const [a, b] = d as [Device, Device];
    const k = kit();
    await createCase(a.db, a.keys, 'c-prehistory', k.toAssessment(), cal);
    await appendEvent(a.db, a.keys, 'c-prehistory', k.e('trigger.answer', { trigger: 'T1', answer: 'yes', note: 'threat' }), cal);
    await sync(a, server);
    await sync(b, server);
    const before = await loadCase(b.db, b.keys, 'c-prehistory');
    expect(stepOf(before.snapshot)).toBe('emergencyEscalation');
    await forge(a, server, 'c-prehistory', 'pre-close', 999, { type: 'case.close', at: '2020-01-01T00:00:00.000Z', by: 'Lead', reason: 'INSUFFICIENT_INFO' } as unknown as CaseEvent);
    const ahead = new Date(Date.parse(NOW) + FUTURE_TOLERANCE_MS + 60_000).toISOString();
    await forge(a, server, 'c-prehistory', 'far-ahead', 1000, { type: 'note.add', at: ahead, by: 'Lead', text: 'tomorrow' } as CaseEvent);
    const r = await sync(b, server);
    const onB = await loadCase(b.db, b.keys, 'c-prehistory');
    expect(onB.events.map((e) => e.id)).toEqual(expect.arrayContaining(['pre-close', 'far-ahead']));
    expect(onB.events[0]!.id).toBe(before.events[0]!.id);
    expect([stepOf(onB.snapshot), onB.snapshot.context.level]).toEqual(['emergencyEscalation', 4]);
    expect((await b.db.cases.get('c-prehistory'))?.step).toBe('emergencyEscalation');
    const rules = (r.needsReview['c-prehistory'] ?? []).map((x) => [x.refusedEventId, x.rule]);
    expect(rules).toEqual(expect.arrayContaining([['pre-close', 'datedBeforeCase'], ['far-ahead', 'datedInFuture']]));
  });

  it('H3b: an event dated before the first event can no longer sort before it (merge order floor)', async () => {
    const { d, server } = await team();
    const [a, b] = d as [Device, Device];
    const k = kit();
    await createCase(a.db, a.keys, 'c-floor', k.toAssessment(), cal);
    await sync(a, server);
    await sync(b, server);
    // A second member's (b's) own event and a forged one, both early: neither goes before the report.
    await forge(b, server, 'c-floor', 'early-note', 0, { type: 'note.add', at: '2020-01-01T00:00:00.000Z', by: 'Lead', text: 'early' } as CaseEvent);
    await sync(a, server);
    const onA = await loadCase(a.db, a.keys, 'c-floor');
    expect(onA.events[0]!.event.type).toBe(k.toAssessment()[0]!.type);
    expect(onA.events.findIndex((e) => e.id === 'early-note')).toBeGreaterThan(0);
  });

  it('H2: a synced event dated in the future does not stop this device recording; its own time order still holds', async () => {
    const { d, server } = await team();
    const [a, b] = d as [Device, Device];
    const k = kit();
    await createCase(a.db, a.keys, 'c-future', k.toAssessment(), cal);
    await sync(a, server);
    await sync(b, server);
    const own = (await loadCase(a.db, a.keys, 'c-future')).events.length;
    await forge(a, server, 'c-future', 'future-note', own, { type: 'note.add', at: '2026-11-03T09:00:00.000Z', by: 'Lead', text: 'from tomorrow' } as CaseEvent);
    const r = await sync(b, server);
    expect(r.needsReview['c-future']?.map((x) => x.rule)).toEqual(['datedInFuture']);
    const threat = k.e('trigger.answer', { trigger: 'T1', answer: 'yes', note: 'a threat came in' });
    const snap = await appendEvent(b.db, b.keys, 'c-future', threat, cal);
    expect(stepOf(snap)).toBe('emergencyEscalation');
    const home = await b.db.cases.get('c-future');
    expect([home?.step, home?.level]).toEqual(['emergencyEscalation', 4]);
    await expect(appendEvent(b.db, b.keys, 'c-future', { type: 'note.add', at: '2026-11-01T09:00:00.000Z', by: 'Lead', text: 'x' }, cal)).rejects.toMatchObject({ problem: 'notAllowed' });
    // Such a vault backs up and restores (its own rows are in time order among themselves).
    const { text } = await makeBackup(b.db, b.keys, '2026-11-28T10:00:00.000Z');
    const fresh = openDb(`safety-restore-${n++}`);
    await fresh.open();
    await restoreBackup(fresh, await checkBackup(text, { passphrase: PASS }));
    expect(stepOf((await loadCase(fresh, b.keys, 'c-future')).snapshot)).toBe('emergencyEscalation');
  });

  it('M1: a new event is judged where the merge order places it: refused there, refused now (nothing written); accepted, it reads the same on load', async () => {
    const { d, server } = await team();
    const [a, b] = d as [Device, Device];
    const k = kit();
    await createCase(a.db, a.keys, 'c-order', k.toAssessment(), cal);
    await sync(a, server);
    await sync(b, server);
    const own = (await loadCase(a.db, a.keys, 'c-order')).events.filter((e) => !e.from).length;
    await forge(a, server, 'c-order', 'a-note', own, { type: 'note.add', at: '2026-11-02T11:00:00.000Z', by: 'Lead', text: 'n' } as CaseEvent);
    await forge(a, server, 'c-order', 'a-t1', own + 1, { type: 'trigger.answer', at: '2026-11-02T08:40:00.000Z', by: 'Lead', trigger: 'T1', answer: 'yes', note: 'threat' } as unknown as CaseEvent);
    await sync(b, server);
    const received = await loadCase(b.db, b.keys, 'c-order');
    // In the merge order, a "child safe" at 08:50 falls before A's T1 (behind A's note of 11:00): refused.
    await expect(appendEvent(b.db, b.keys, 'c-order', { type: 'safety.confirm', at: '2026-11-02T08:50:00.000Z', by: 'Lead', note: 'safe' }, cal)).rejects.toMatchObject({ problem: 'notAllowed' });
    expect((await loadCase(b.db, b.keys, 'c-order')).events.length).toBe(received.events.length);
    // After 11:00 it is where the T1 is in force: accepted, and the page, home and the returned snapshot agree.
    const accepted = await appendEvent(b.db, b.keys, 'c-order', { type: 'safety.confirm', at: '2026-11-02T11:30:00.000Z', by: 'Lead', note: 'safe' }, cal);
    const loaded = await loadCase(b.db, b.keys, 'c-order');
    expect(loaded.departures).toEqual(received.departures);
    expect(loaded.snapshot.context).toEqual(accepted.context);
    expect((await b.db.cases.get('c-order'))?.step).toBe(stepOf(loaded.snapshot));
  });

  it('H5: two passes at once (two tabs) leave one key per case, and every event opens on the other device', async () => {
    const { d, server } = await team();
    const [a, b] = d as [Device, Device];
    await sync(a, server);
    const k = kit();
    await createCase(a.db, a.keys, 'c-tabs', k.toAssessment(), cal);
    vi.resetModules();
    const tab1 = await import('./sync-bridge');
    vi.resetModules();
    const tab2 = await import('./sync-bridge');
    await Promise.all([tab1.sendPending(a.db, a.keys, a.local), tab2.sendPending(a.db, a.keys, a.local)]);
    await appendEvent(a.db, a.keys, 'c-tabs', k.e('trigger.answer', { trigger: 'T1', answer: 'yes', note: 'threat' }), cal);
    await sync(a, server);
    const onB = await sync(b, server);
    await sync(b, server);
    expect(onB.refused).toEqual([]);
    expect((await readSyncState(a.db, a.keys))!.caseKeys.filter((c) => c.caseId === 'c-tabs')).toHaveLength(1);
    expect((await loadCase(b.db, b.keys, 'c-tabs')).events.length).toBe((await loadCase(a.db, a.keys, 'c-tabs')).events.length);
  });

  it('L2: a transfer into a case holding synced rows is refused with a typed error, nothing changed', async () => {
    const { d, server } = await team();
    const [a, b] = d as [Device, Device];
    const k = kit();
    await createCase(a.db, a.keys, 'c-transfer', k.toAssessment(), cal);
    await sync(a, server);
    await sync(b, server);
    await appendEvent(a.db, a.keys, 'c-transfer', k.e('note.add', { text: 'only by transfer' }), cal);
    const file = await exportCase(a.db, a.keys, 'c-transfer', NOW);
    const before = await loadCase(b.db, b.keys, 'c-transfer');
    const err = await importCase(b.db, b.keys, file.text, file.code, cal).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SyncedCaseTransferError);
    expect(err).toMatchObject({ problem: 'conflict', caseId: 'c-transfer' });
    expect((await loadCase(b.db, b.keys, 'c-transfer')).events).toEqual(before.events);
  });

  it('L1: a revocation reseals a synced case in merge order, and what still opens is shown in merge order', async () => {
    const { d, server } = await team();
    const [a, b] = d as [Device, Device];
    const k = kit();
    await createCase(a.db, a.keys, 'c-revoke', readyToClose(k), cal);
    await sync(a, server);
    await sync(b, server);
    await appendEvent(a.db, a.keys, 'c-revoke', k.e('case.close', { reason: 'INSUFFICIENT_INFO' }), cal);
    await appendEvent(b.db, b.keys, 'c-revoke', k.e('trigger.answer', { trigger: 'T1', answer: 'yes', note: 'threat' }), cal);
    await sync(b, server);
    await sync(a, server);
    const before = await loadCase(a.db, a.keys, 'c-revoke');
    expect((await readWhatStillOpens(a.db, a.keys, 'c-revoke')).events.map((e) => e.id)).toEqual(before.events.map((e) => e.id));
    const { keys } = await revokePassphrase(a.db, PASS, 'another review passphrase, long enough', NOW);
    await finishRevocation(a.db, keys, cal);
    const after = await loadCase(a.db, keys, 'c-revoke');
    expect(after.events.map((e) => e.id)).toEqual(before.events.map((e) => e.id));
    expect(after.snapshot.context).toEqual(before.snapshot.context);
    const home = await a.db.cases.get('c-revoke');
    expect([home?.step, home?.level]).toEqual(['emergencyEscalation', 4]);
  });
});
