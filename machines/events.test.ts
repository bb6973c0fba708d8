import { describe, expect, it } from 'vitest';
import { DEADLINES } from '../protocol/deadlines';
import { STEP_IDS, STEPS } from '../protocol/steps';
import { LANGUAGES, catalog } from '../protocol/text';
import { caseMachine } from './case-machine';
import { EVENT_TYPES, parseEvent } from './events';

describe('event names', () => {
  it('each has a name in the three languages, for the chronology', () => {
    for (const lang of LANGUAGES) expect(EVENT_TYPES.filter((t) => !catalog(lang)[`event.${t}`])).toEqual([]);
  });

  it('are lowercase noun.verb', () => {
    for (const t of EVENT_TYPES) expect(t).toMatch(/^[a-z][a-zA-Z]*\.[a-z][a-zA-Z]*$/);
  });

  it('every event name used by the deadline data exists', () => {
    const used = DEADLINES.flatMap((d) => [
      ...d.satisfiedBy.flatMap((s) => (typeof s === 'string' ? [s] : 'event' in s ? [s.event] : [])),
      ...d.startsOn.flatMap((s) => ('event' in s ? [s.event] : [])),
    ]);
    expect(used.filter((u) => !(EVENT_TYPES as string[]).includes(u))).toEqual([]);
  });

  it('every event is accepted by at least one step, every event a step lists exists, and every step is a state', () => {
    const accepted = new Set(STEPS.flatMap((s) => s.accepts));
    expect(EVENT_TYPES.filter((t) => !accepted.has(t))).toEqual([]);
    expect([...accepted].filter((t) => !(EVENT_TYPES as string[]).includes(t))).toEqual([]);
    const leaves = (node: { key: string; states: Record<string, unknown> }): string[] =>
      Object.keys(node.states).length === 0 ? [node.key] : Object.values(node.states).flatMap((c) => leaves(c as typeof node));
    expect(leaves(caseMachine.root).sort()).toEqual([...STEP_IDS].sort());
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

describe('required actions', () => {
  it('everything the guidance may ask for has its wording in the three languages', async () => {
    const { REQUIRED_ACTIONS } = await import('./guidance');
    for (const lang of LANGUAGES) expect(REQUIRED_ACTIONS.filter((a) => !catalog(lang)[`action.${a}`])).toEqual([]);
  });

  it('every action the guidance can ask for has its wording in the three languages', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { replay } = await import('./replay');
    const { requiredActions } = await import('./guidance');
    const ids = new Set<string>();
    for (const f of readdirSync('protocol/scenarios').filter((x) => x.endsWith('.json'))) {
      const log = (JSON.parse(readFileSync(`protocol/scenarios/${f}`, 'utf8')) as { steps: { event: unknown }[] }).steps.map((s) => s.event);
      for (let i = 0; i <= log.length; i++) requiredActions(replay(log.slice(0, i))).forEach((a) => ids.add(a));
    }
    expect(ids.size).toBeGreaterThan(15);
    for (const lang of LANGUAGES) expect([...ids].filter((a) => !catalog(lang)[`action.${a}`])).toEqual([]);
  });
});
