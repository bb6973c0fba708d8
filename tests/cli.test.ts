import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lifecycleMermaid } from '../machines/diagram';
import { stepOf } from '../machines/replay';
import { loadScenario } from '../machines/scenario';

const TSX = join('node_modules', '.bin', 'tsx');
const cli = (...args: string[]) => spawnSync(TSX, ['scripts/protocol-cli.ts', ...args], { encoding: 'utf8' });
const scenarios = readdirSync('protocol/scenarios').filter((f) => f.endsWith('.json'));

describe('scenario library', () => {
  it('has at least the six foundation scenarios', () => {
    expect(scenarios).toEqual(
      expect.arrayContaining([
        'conflict-only.json',
        'shared-concern-resolved.json',
        'shared-concern-fails-track-b.json',
        'sextortion-emergency.json',
        'staff-targeted.json',
        'relapse-reopen.json',
      ]),
    );
  });

  // Where each story ends, as its narration tells it (protocol/scenarios/README.md): step, track, closure reason.
  // The loader refuses a file whose events the machine does not accept, so reaching this end means every event
  // of the file was accepted in order.
  const ENDS: Record<string, [string, string | null, string | null]> = {
    'closed-then-reopened.json': ['supportAndIntervention', 'B', null],
    'coach-grooming-aref.json': ['supportAndIntervention', 'B', null],
    'conflict-only.json': ['closed', null, 'NOT_BULLYING'],
    'game-grooming.json': ['supportAndIntervention', null, null],
    'hate-speech-origin.json': ['monitoring', 'B', null],
    'relapse-reopen.json': ['supportAndIntervention', 'B', null],
    'self-harm-leaves-school.json': ['closed', null, 'TARGET_LEFT_SCHOOL'],
    'sextortion-emergency.json': ['supportAndIntervention', null, null],
    'shared-concern-fails-track-b.json': ['monitoring', 'B', null],
    'shared-concern-resolved.json': ['closed', 'A', 'RESOLVED'],
    'staff-targeted.json': ['monitoring', 'B', null],
    'threat-mid-shared-concern.json': ['followUp', 'B', null],
    'threats-of-violence.json': ['monitoring', 'B', null],
    'tiktok-self-harm.json': ['followUp', 'B', null],
    'two-families.json': ['closed', null, 'NOT_BULLYING'],
  };

  it('every scenario of the library has its ending written down here', () => {
    expect(Object.keys(ENDS).sort()).toEqual([...scenarios].sort());
  });

  it.each(scenarios)('%s replays to the end of its story', (file) => {
    const { snapshot } = loadScenario(JSON.parse(readFileSync(join('protocol/scenarios', file), 'utf8')));
    expect([stepOf(snapshot), snapshot.context.track ?? null, snapshot.context.closure?.reason ?? null]).toEqual(ENDS[file]);
  });
});

describe('protocol CLI', () => {
  it('prints the state of a scenario at a given time as one JSON object', () => {
    const r = cli('replay', 'protocol/scenarios/sextortion-emergency.json', '--at', '2026-11-20T09:00:00Z');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ scenario: 'sextortion-emergency', state: 'supportAndIntervention', severity: 4, track: null });
    expect(out.hardTriggers).toEqual(['T2', 'T4']);
    expect(out.triggers.T3).toBe('unknown');
    expect(out.categories).toEqual(['SXT', 'NCII']);
    expect(out.parties.map((p: { pseudonym: string }) => p.pseudonym)).toEqual(['Pupil K', 'Account X']);
    expect(r.stdout).not.toContain('Karim'); // real names never leave the case
    expect(out.requiredActions).toContain('chooseTrackB');
    expect(out.accepts).toContain('track.choose');
    expect(out.channels[0]).toMatchObject({ id: 'police19', urgent: true });
    // The first follow-up was due 14 days after support started (5 Nov): overdue on 20 Nov.
    expect(out.overdue.map((d: { id: string }) => d.id)).toContain('firstFollowUpLimit');
  });

  it('defaults --at to the time of the last event', () => {
    const out = JSON.parse(cli('replay', 'protocol/scenarios/conflict-only.json').stdout);
    expect(out).toMatchObject({ state: 'closed', at: '2026-11-02T12:15:00Z', due: [], overdue: [] });
  });

  const bad = (name: string, content: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'sanad-'));
    const file = join(dir, name);
    writeFileSync(file, content);
    return { file, r: cli('replay', file) };
  };
  const valid = JSON.parse(readFileSync('protocol/scenarios/conflict-only.json', 'utf8'));
  const withSteps = (f: (steps: { event: Record<string, unknown> }[]) => void) => {
    const copy = structuredClone(valid);
    f(copy.steps);
    return JSON.stringify(copy);
  };

  it.each([
    ['bad JSON', '{ "format": ', /not valid JSON/],
    ['unknown event', withSteps((s) => ((s[3] as { event: Record<string, unknown> }).event.type = 'case.vanish')), /event 4: unknown event type "case.vanish"/],
    ['event not allowed', withSteps((s) => s.splice(1, 0, { event: { type: 'followUp.start', at: '2026-11-02T08:31:00Z', by: 'x' } })), /event 2: "followUp.start": refused — “Follow-up started” is not recorded at the step “Intake”\./],
    ['missing field', withSteps((s) => delete (s[4] as { event: Record<string, unknown> }).event.narrative), /event 5: "intake.submit": missing field "narrative"/],
    ['wrong time order', withSteps((s) => ((s[2] as { event: Record<string, unknown> }).event.at = '2026-11-01T00:00:00Z')), /event 3: "party.add": time .* is before the previous event/],
    ['no steps', JSON.stringify({ ...valid, steps: [] }), /"steps" must be a non-empty list/],
  ])('a malformed file (%s) gets one line naming the file, exit code 2, no stack trace', (_name, content, message) => {
    const { file, r } = bad('case.json', content as string);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a missing file and a bad option are refused the same way', () => {
    expect(cli('replay', 'nope.json').status).toBe(2);
    expect(cli('replay', 'protocol/scenarios/conflict-only.json', '--at', 'soon').stderr).toMatch(/^protocol: --at needs/);
    expect(cli('frobnicate').status).toBe(2);
  });

  it('keeps docs/protocol.mmd equal to the diagram of the machine', () => {
    expect(readFileSync('docs/protocol.mmd', 'utf8')).toBe(lifecycleMermaid());
    expect(execFileSync(TSX, ['scripts/protocol-cli.ts', 'diagram'], { encoding: 'utf8' })).toBe(lifecycleMermaid());
  });
});
