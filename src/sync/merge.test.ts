import { array, assert as fcAssert, constantFrom, nat, property } from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stepOf } from '../../machines/replay';
import type { CaseEvent } from '../../machines/events';
import { kit } from '../../tests/setup/case-kit';
import { mergeCase, mergeOrder } from './merge';
import type { SyncedEvent } from './sync-doc';

const A = 'AAAA-AAAA-AAAA-AAAA';
const B = 'BBBB-BBBB-BBBB-BBBB';
const C = 'CCCC-CCCC-CCCC-CCCC';

/** Wraps events recorded by one device: its fingerprint and its own counter. */
const by = (author: string, events: CaseEvent[], firstSeq = 0, prefix = author.slice(0, 1)): SyncedEvent[] =>
  events.map((event, i) => ({ caseId: 'case-1', eventId: `${prefix}${firstSeq + i}`, author, seq: firstSeq + i, event }));

describe('merging a case by event id', () => {
  it('adds what is new, in time order, and applying the same events again changes nothing', () => {
    const k = kit();
    const base = by(A, k.toAssessment());
    const fromB = by(B, [k.e('note.add', { text: 'seen by B' })]);
    const fromA = by(A, [k.e('note.add', { text: 'seen by A' })], base.length);
    const first = mergeCase('case-1', [...base, ...fromA], [...base, ...fromB]);
    expect(first.status).toBe('ok');
    expect(first.added).toEqual(['B0']);
    expect(first.events.map((e) => e.eventId).slice(-2)).toEqual(['B0', `A${base.length}`]);
    const again = mergeCase('case-1', first.events, [...fromB, ...base, ...fromB]);
    expect(again.added).toEqual([]);
    expect(again.events).toEqual(first.events);
    expect(stepOf(again.snapshot)).toBe('assessment');
  });

  it('keeps each device in its own order even when its clock went backwards', () => {
    const k = kit();
    const base = by(A, k.toAssessment());
    const later = k.e('note.add', { text: 'first written' });
    const earlier = { ...k.e('note.add', { text: 'second written' }), at: base[0]!.event.at };
    const merged = mergeCase('case-1', base, by(B, [later, earlier]));
    const ids = merged.events.map((e) => e.eventId);
    expect(ids.indexOf('B0')).toBeLessThan(ids.indexOf('B1'));
  });

  // The closing log of a case with nothing found (machines/case-machine.test.ts): ready to close.
  const readyToClose = (k: ReturnType<typeof kit>) => [
    ...k.intake(),
    ...k.answers(),
    k.e('parent.defer', { partyId: 'p1', reason: 'x' }),
    k.e('parent.defer', { partyId: 'p2', reason: 'x' }),
    k.e('closure.review', { whatWorked: 'x' }),
  ];

  it('a closure that raced a new trigger: needs review, both kept, with the reason, the same on both devices', () => {
    const k = kit();
    const base = by(A, readyToClose(k));
    const close = by(A, [k.e('case.close', { reason: 'INSUFFICIENT_INFO' })], base.length);
    const trigger = by(B, [k.e('trigger.answer', { trigger: 'T1', answer: 'yes', note: 'a threat came in' })]);
    const onA = mergeCase('case-1', [...base, ...close], [...base, ...trigger]);
    expect(onA.status).toBe('needsReview');
    expect(onA.events).toHaveLength(base.length + 2);
    expect(onA.reviews).toHaveLength(1);
    const [review] = onA.reviews;
    expect(review!.refused).toEqual(trigger[0]);
    expect(review!.raced).toEqual(close[0]);
    expect(review!.refusal.code).toBe('notInThisStep');
    // The other device merges the same pair into the same log and the same review.
    const onB = mergeCase('case-1', [...base, ...trigger], [...base, ...close]);
    expect(onB.events).toEqual(onA.events);
    expect(onB.reviews).toEqual(onA.reviews);
    expect(onB.snapshot.context).toEqual(onA.snapshot.context);
    // Merging again is a no-op that still shows the review.
    expect(mergeCase('case-1', onA.events, trigger).added).toEqual([]);
  });

  it('events that commute (notes on both sides) merge without review', () => {
    const k = kit();
    const base = by(A, k.toAssessment());
    const merged = mergeCase('case-1', [...base, ...by(A, [k.e('note.add', { text: 'a' })], base.length)], [...base, ...by(B, [k.e('note.add', { text: 'b' })])]);
    expect(merged.status).toBe('ok');
    expect(merged.events).toHaveLength(base.length + 2);
  });

  it('a departure the local log already had is not a new review', () => {
    const k = kit();
    const base = by(A, readyToClose(k));
    const held = by(A, [k.e('case.close', { reason: 'INSUFFICIENT_INFO' }), k.e('trigger.answer', { trigger: 'T1', answer: 'yes' })], base.length);
    const merged = mergeCase('case-1', [...base, ...held], by(B, [k.e('note.add', { text: 'later' })]));
    expect(merged.departures).toHaveLength(1);
    expect(merged.status).toBe('ok');
  });

  it('an id held twice with different contents is reported, the held copy kept', () => {
    const k = kit();
    const base = by(A, k.toAssessment());
    const forged = { ...base[1]!, event: { ...base[1]!.event, by: 'Someone else' } };
    const merged = mergeCase('case-1', base, [forged]);
    expect(merged.collisions).toHaveLength(1);
    expect(merged.events[1]).toEqual(base[1]);
    expect(merged.added).toEqual([]);
  });

  it('refuses events of another case', () => {
    const k = kit();
    const wrong = { ...by(B, [k.e('note.add', { text: 'x' })])[0]!, caseId: 'case-2' };
    expect(() => mergeCase('case-1', [], [wrong])).toThrow(RangeError);
  });

  it('property: any split of the events over three devices, in any arrival order, gives one log', () => {
    const k = kit();
    const base = by(A, k.toAssessment());
    const notes = Array.from({ length: 9 }, (_, i) => k.e('note.add', { text: `note ${i}` }));
    fcAssert(
      property(array(constantFrom(A, B, C), { minLength: 9, maxLength: 9 }), array(nat(), { minLength: 12, maxLength: 12 }), (owners, shuffle) => {
        const seqs: Record<string, number> = { [A]: base.length, [B]: 0, [C]: 0 };
        const extra = notes.map((event, i): SyncedEvent => {
          const author = owners[i]!;
          const seq = seqs[author]!;
          seqs[author] = seq + 1;
          return { caseId: 'case-1', eventId: `${author.slice(0, 1)}${seq}`, author, seq, event };
        });
        const all = [...base, ...extra];
        const arrived = [...all].sort((x, y) => (shuffle[all.indexOf(x) % 12]! - shuffle[all.indexOf(y) % 12]!) || 0);
        const half = Math.floor(arrived.length / 2);
        const one = mergeCase('case-1', arrived.slice(0, half), arrived.slice(half));
        const other = mergeCase('case-1', base, [...extra].reverse());
        expect(one.events).toEqual(other.events);
        expect(one.events).toEqual(mergeOrder(all));
        expect(mergeCase('case-1', one.events, arrived).added).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});
