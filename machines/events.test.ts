import { describe, expect, it } from 'vitest';
import { DEADLINES } from '../protocol/deadlines';
import { STEP_IDS } from '../protocol/steps';
import { caseMachine } from './case-machine';
import { EVENT_TYPES, parseEvent } from './events';

describe('event names', () => {
  it('are lowercase noun.verb', () => {
    for (const t of EVENT_TYPES) expect(t).toMatch(/^[a-z][a-zA-Z]*\.[a-z][a-zA-Z]*$/);
  });

  it('every event name used by the deadline data exists', () => {
    const used = DEADLINES.flatMap((d) => [...d.satisfiedBy, ...d.startsOn.flatMap((s) => ('event' in s ? [s.event] : []))]);
    expect(used.filter((u) => !(EVENT_TYPES as string[]).includes(u))).toEqual([]);
  });

  it('every event is accepted by at least one step, and every step of the protocol is a state', () => {
    const accepted = new Set(STEP_IDS.flatMap((id) => Object.keys(caseMachine.getStateNodeById(`case.${id}`).on)));
    expect(EVENT_TYPES.filter((t) => !accepted.has(t))).toEqual([]);
    expect(Object.keys(caseMachine.root.states).sort()).toEqual([...STEP_IDS].sort());
  });

  it('parseEvent keeps only known fields and refuses wrong types', () => {
    const ok = parseEvent({ type: 'note.add', at: '2026-11-02T10:00:00+01:00', by: 'A', text: 'hello' });
    expect(ok).toEqual({ ok: true, event: { type: 'note.add', at: '2026-11-02T10:00:00+01:00', by: 'A', text: 'hello' } });
    expect(parseEvent({ type: 'severity.rate', at: '2026-11-02T10:00:00Z', by: 'A', level: 5, rationale: 'x' })).toMatchObject({ ok: false, problem: { code: 'badField', field: 'level' } });
    expect(parseEvent({ type: 'severity.rate', at: '2026-11-02T10:00:00Z', by: 'A', level: 2, rationale: '  ' })).toMatchObject({ ok: false, problem: { field: 'rationale' } });
    expect(parseEvent(['note.add'])).toMatchObject({ ok: false, problem: { code: 'notAnObject' } });
    expect(parseEvent({ type: 'note.add', at: '2026-13-40T10:00:00Z', by: 'A', text: 'x' })).toMatchObject({ ok: false, problem: { field: 'at' } });
  });
});
