import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kit } from '../tests/setup/case-kit';
import type { CaseEvent } from './events';
import { requiredActions } from './guidance';
import { acceptedNow, offer, startFor } from './offers';
import { applyCaseEvent, initialSnapshot, replay, whyRefused } from './replay';

const scenarios = readdirSync('protocol/scenarios')
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ f, events: (JSON.parse(readFileSync(`protocol/scenarios/${f}`, 'utf8')) as { steps: { event: CaseEvent }[] }).steps.map((s) => s.event) }));

describe('what the case page offers', () => {
  it('every record a scenario makes next is among the actions offered at that point (nothing a team needs is hidden)', () => {
    let checked = 0;
    for (const { f, events } of scenarios) {
      let snapshot = initialSnapshot(f);
      events.forEach((event, i) => {
        if (i > 0 && event.type !== 'intake.submit') {
          expect({ f, i, type: event.type, offered: acceptedNow(snapshot, event.at, event.by).includes(event.type) }).toEqual({ f, i, type: event.type, offered: true });
          checked++;
        }
        snapshot = applyCaseEvent(snapshot, event, i);
      });
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('an action offered is accepted for some record, one not offered is refused for each record tried, with a rule', () => {
    for (const { f, events } of scenarios) {
      const snapshot = replay(events, f);
      const at = events.at(-1)!.at;
      const offered = acceptedNow(snapshot, at, 'Lead');
      for (const type of ['track.choose', 'case.close', 'interview.record', 'evidence.add', 'case.reopen'] as const) {
        const o = offer(snapshot, type, at, 'Lead');
        expect(o.accepted).toBe(offered.includes(type));
        if (!o.accepted) expect(o.refusals.length).toBeGreaterThan(0);
      }
    }
  });

  it('after an adult author, "Choose the track" offers track B only, and says why track A is refused', () => {
    const k = kit();
    const events: CaseEvent[] = [
      ...k.intake(),
      k.e('party.update', { partyId: 'p2', actorKind: 'adult' }),
      ...k.answers(['T3']),
      k.e('category.set', { codes: ['GRM'] }),
    ];
    const snapshot = replay(events);
    const at = k.tick();
    expect(snapshot.value).toEqual({ open: 'emergencyEscalation' });
    // In the emergency, closing is refused by the rule on hard triggers; it is not offered.
    const close = offer(snapshot, 'case.close', at, 'Lead');
    expect(close.accepted).toBe(false);
    expect(close.refusals.map((r) => r.code)).toContain('hardTriggerNotHandled');
    expect(acceptedNow(snapshot, at, 'Lead')).not.toContain('case.close');
    expect(acceptedNow(snapshot, at, 'Lead')).not.toContain('case.reopen');
  });

  it('a required action’s button opens a form the machine accepts, unless a rule the page shows refuses it', () => {
    let opened = 0;
    const refusedBy = new Set<string>();
    for (const { f, events } of scenarios) {
      let snapshot = initialSnapshot(f);
      events.forEach((event, i) => {
        snapshot = applyCaseEvent(snapshot, event, i);
        const at = events[i + 1]?.at ?? event.at;
        for (const action of requiredActions(snapshot)) {
          const start = startFor(snapshot, action);
          // In an emergency the acknowledgement is recorded on the call's own line (the emergency panel).
          if (!start || (snapshot.context.step === 'emergencyEscalation' && start.type === 'referral.acknowledge')) continue;
          opened++;
          const o = offer(snapshot, start.type, at, 'Lead', Object.fromEntries(Object.entries(start.prefill).filter(([, v]) => v !== undefined)));
          if (!o.accepted) o.refusals.forEach((r) => refusedBy.add(`${action}: ${r.code}`));
        }
      });
    }
    expect(opened).toBeGreaterThan(300);
    // The only dead ends the library meets are the protocol's own: no school interviews while the police
    // investigate without their agreement.
    expect([...refusedBy]).toEqual(['formalInterviews: parallelInvestigation']);
  });

  it('a refused record is refused by the machine too (the offer asks the machine, it does not guess)', () => {
    const k = kit();
    const snapshot = replay(k.toAssessment());
    const at = k.tick();
    const event = { type: 'case.close', at, by: 'Lead', reason: 'RESOLVED' } as CaseEvent;
    expect(whyRefused(snapshot, event)).not.toBeNull();
    expect(offer(snapshot, 'case.close', at, 'Lead', { reason: 'RESOLVED' }).accepted).toBe(false);
  });
});
