import { readFileSync, readdirSync } from 'node:fs';
import { initialTransition, transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { caseMachine } from './case-machine';
import { parseEvent } from './events';
import type { CaseEvent } from './events';
import { persist, replay, replayRecorded, whyRefused } from './replay';
import type { CaseSnapshot, Departure } from './replay';

/**
 * The replay steps the chart in one inert scope instead of XState's `transition()`, which builds an actor per
 * step (machines/replay.ts says why). These tests hold it to what `initialTransition`/`transition` give, on every
 * log of the scenario library, as written and in reverse (most of a reversed log is refused by today's rules, so
 * it is applied as recorded, through the lifted chart).
 */
const asRecorded = caseMachine.provide({ guards: { allowed: () => true } });

function referenceRecorded(events: readonly unknown[], caseId: string): { snapshot: CaseSnapshot; departures: Departure[] } {
  let snapshot = initialTransition(caseMachine, { caseId })[0];
  const departures: Departure[] = [];
  events.forEach((raw, index) => {
    const parsed = parseEvent(raw);
    if (!parsed.ok) throw new Error(`event ${index}: ${parsed.problem.code}`);
    const event: CaseEvent = parsed.event;
    const refusal = whyRefused(snapshot, event);
    if (!refusal) {
      snapshot = transition(caseMachine, snapshot, event)[0];
      return;
    }
    departures.push({ index, eventType: event.type, refusal });
    const [next] = transition(asRecorded, asRecorded.resolveState({ value: snapshot.value, context: snapshot.context }), event);
    snapshot = caseMachine.resolveState({ value: next.value, context: next.context });
  });
  return { snapshot, departures };
}

const plain = (s: CaseSnapshot) => ({ value: s.value, context: s.context, status: s.status, persisted: persist(s) });

const library = readdirSync('protocol/scenarios')
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({ name: f, events: (JSON.parse(readFileSync(`protocol/scenarios/${f}`, 'utf8')) as { steps: { event: unknown }[] }).steps.map((s) => s.event) }));

describe('replay steps as XState transition() does', () => {
  it('has a library to compare on', () => {
    expect(library.length).toBeGreaterThanOrEqual(10);
  });

  it.each(library)('$name: the same snapshot after every event, and the same refusals', ({ name, events }) => {
    for (let n = 0; n <= events.length; n++) {
      const log = events.slice(0, n);
      const expected = referenceRecorded(log, name);
      const got = replayRecorded(log, name);
      expect(plain(got.snapshot)).toEqual(plain(expected.snapshot));
      expect(got.departures).toEqual(expected.departures);
      // A log the rules accept replays strictly to the same snapshot.
      if (expected.departures.length === 0) expect(plain(replay(log, name))).toEqual(plain(expected.snapshot));
    }
  });

  it.each(library)('$name reversed: the same departures and the same snapshot as recorded', ({ name, events }) => {
    const reversed = [...events].reverse();
    const expected = referenceRecorded(reversed, name);
    const got = replayRecorded(reversed, name);
    expect(expected.departures.length).toBeGreaterThan(0);
    expect(got.departures).toEqual(expected.departures);
    expect(plain(got.snapshot)).toEqual(plain(expected.snapshot));
  });
});
