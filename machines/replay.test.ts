import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from '../protocol/calendar';
import { kit } from '../tests/setup/case-kit';
import { CASE_MACHINE_VERSION } from './case-machine';
import { dueItems } from './guidance';
import { ReplayError, persist, replay, restore, stepOf } from './replay';
import { loadScenario } from './scenario';

const scenario = (name: string) => JSON.parse(readFileSync(`protocol/scenarios/${name}.json`, 'utf8')) as { steps: { event: unknown }[] };

describe('replay', () => {
  it('is deterministic: the same logs give the same snapshots in processes with other clocks, time zones and random numbers', () => {
    const run = (env: Record<string, string>) =>
      execFileSync(process.execPath, ['--import', './tests/setup/skew-clock.mjs', '--import', 'tsx', 'tests/setup/replay-library.ts'], {
        encoding: 'utf8',
        env: { ...process.env, ...env },
      });
    const a = run({ TZ: 'Pacific/Kiritimati', SANAD_CLOCK_SHIFT_MS: String(400 * 86_400_000), SANAD_RANDOM_SEED: '7' });
    const b = run({ TZ: 'America/Los_Angeles', SANAD_CLOCK_SHIFT_MS: String(-3_000 * 86_400_000), SANAD_RANDOM_SEED: '99991' });
    expect(Object.keys(JSON.parse(a) as object).length).toBeGreaterThanOrEqual(10);
    expect(a).toBe(b);
  });

  it('names the index and the problem of a bad event', () => {
    const k = kit();
    const log: unknown[] = k.intake();
    const fail = (bad: unknown[]) => {
      try {
        replay(bad);
      } catch (err) {
        return err instanceof ReplayError ? `${err.index} ${err.message}` : 'other';
      }
      return 'none';
    };
    expect(fail([...log, { type: 'case.explode', at: '2026-11-02T09:00:00Z', by: 'x' }])).toBe('5 event 6: unknown event type "case.explode"');
    expect(fail([...log, { type: 'note.add', at: '2026-11-02T09:00:00Z', by: 'x' }])).toBe('5 event 6: "note.add": missing field "text"');
    expect(fail([...log, { type: 'note.add', at: '2026-11-01T09:00:00Z', by: 'x', text: 'late' }])).toMatch(/^5 .*before the previous event/);
    expect(fail([...log, { type: 'followUp.start', at: '2026-11-02T09:00:00Z', by: 'x' }])).toBe('5 event 6: "followUp.start": refused — “Follow-up started” is not recorded at the step “Triage”.');
    expect(fail([...log, { type: 'note.add', at: 'yesterday', by: 'x', text: 'a' }])).toMatch(/field "at"/);
    expect(fail([...log, JSON.parse('{"type":"note.add","at":"2026-11-02T09:00:00Z","by":"x","text":"a","__proto__":{"polluted":1}}')])).toMatch(/unknown field "__proto__"/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('persisted snapshots', () => {
  it('restore gives the same state as replay', () => {
    const log = scenario('shared-concern-fails-track-b').steps.map((s) => s.event);
    const snap = replay(log, 'c1');
    const stored = JSON.parse(JSON.stringify(persist(snap)));
    const { snapshot, rebuilt } = restore(stored, log, 'c1');
    expect(rebuilt).toBe(false);
    expect(snapshot.value).toEqual(snap.value);
    expect(snapshot.context).toEqual(JSON.parse(JSON.stringify(snap.context)));
  });

  it('a snapshot from an older machine version is rebuilt by replay instead of crashing', () => {
    const log = kit().toAssessment();
    const stored = { machineVersion: CASE_MACHINE_VERSION - 1, snapshot: { value: 'retiredState', context: {} } };
    const { snapshot, rebuilt } = restore(stored, log);
    expect(rebuilt).toBe(true);
    expect(stepOf(snapshot)).toBe('assessment');
  });

  it('a corrupted snapshot of the current version also falls back to replay', () => {
    const log = kit().toAssessment();
    const stored = { machineVersion: CASE_MACHINE_VERSION, snapshot: { status: 'active', value: 'noSuchState', context: {}, children: {} } };
    const { snapshot, rebuilt } = restore(stored, log);
    expect(rebuilt).toBe(true);
    expect(stepOf(snapshot)).toBe('assessment');
  });
});

describe('deadlines as data', () => {
  it('the lead must be told the same school day; it is overdue the next morning', () => {
    const k = kit('2026-11-02T08:00:00Z');
    const s = replay([k.e('case.report', { channel: 'oral', reporterRole: 'target' })]);
    const [item] = dueItems(s, '2026-11-02T12:00:00Z', DEFAULT_CALENDAR);
    expect(item).toMatchObject({ id: 'informLeadAndHead', dueAt: '2026-11-02T23:00:00.000Z', overdue: false });
    expect(dueItems(s, '2026-11-03T08:00:00Z', DEFAULT_CALENDAR)[0]?.overdue).toBe(true);
  });

  it('an emergency referral is due at once and stops being listed when a contact is recorded', () => {
    const { snapshot } = loadScenario(JSON.parse(readFileSync('protocol/scenarios/sextortion-emergency.json', 'utf8')));
    expect(dueItems(snapshot, '2026-11-05T16:00:00Z', DEFAULT_CALENDAR).map((d) => d.id)).not.toContain('emergencyReferral');
    const log = scenario('sextortion-emergency').steps.map((s) => s.event);
    const atTriage = replay(log.slice(0, log.findIndex((e) => (e as { type: string }).type === 'referral.make')));
    expect(stepOf(atTriage)).toBe('emergencyEscalation');
    const due = dueItems(atTriage, '2026-11-05T13:46:00Z', DEFAULT_CALENDAR).find((d) => d.id === 'emergencyReferral');
    expect(due?.overdue).toBe(true);
  });

  it('track A results are due 15 days after the track is chosen', () => {
    const log = scenario('shared-concern-fails-track-b').steps.map((s) => s.event);
    const idx = log.findIndex((e) => (e as { type: string }).type === 'followUp.fail');
    const s = replay(log.slice(0, idx));
    const item = dueItems(s, '2026-11-17T09:30:00Z', DEFAULT_CALENDAR).find((d) => d.id === 'trackAResults');
    expect(item).toMatchObject({ dueAt: '2026-11-17T10:45:00.000Z', overdue: false });
    expect(dueItems(s, '2026-11-18T09:00:00Z', DEFAULT_CALENDAR).find((d) => d.id === 'trackAResults')?.overdue).toBe(true);
  });

  it('a platform report is escalated after 48 hours without removal', () => {
    const k = kit();
    const s = replay([...k.toAssessment(), k.e('referral.make', { referralId: 'r1', channel: 'platformReport', platform: 'tiktok' })]);
    const at = s.context.referrals[0]?.at ?? '';
    const later = new Date(Date.parse(at) + 49 * 3_600_000).toISOString();
    expect(dueItems(s, later, DEFAULT_CALENDAR).find((d) => d.id === 'platformTakedown')).toMatchObject({ overdue: true, referralId: 'r1' });
  });

  it('monitoring check is due 20 school days after monitoring starts', () => {
    const log = scenario('shared-concern-resolved').steps.map((s) => s.event);
    const idx = log.findIndex((e) => (e as { type: string }).type === 'monitoring.check');
    const s = replay(log.slice(0, idx));
    expect(stepOf(s)).toBe('monitoring');
    expect(dueItems(s, '2026-11-10T09:00:00Z', DEFAULT_CALENDAR).find((d) => d.id === 'monitoringCheck')?.dueAt).toBe('2026-12-08T23:00:00.000Z');
  });
});
