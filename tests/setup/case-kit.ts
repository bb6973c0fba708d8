import type { CaseEvent } from '../../machines/events';
import { TRIGGER_IDS } from '../../protocol/triggers';
import type { TriggerId } from '../../protocol/triggers';

/** Builders for event logs in tests: a clock that moves forward a minute per event, and common openings. */
export function clock(start = '2026-11-02T08:00:00Z') {
  let t = Date.parse(start);
  return (minutes = 1) => {
    t += minutes * 60_000;
    return new Date(t).toISOString();
  };
}

type Payload<T extends CaseEvent['type']> = Omit<Extract<CaseEvent, { type: T }>, 'type' | 'at' | 'by'>;

export function kit(start?: string) {
  const tick = clock(start);
  const e = <T extends CaseEvent['type']>(type: T, payload: Payload<T>, by = 'Lead'): CaseEvent =>
    ({ type, at: tick(), by, ...payload }) as unknown as CaseEvent;
  const intake = (): CaseEvent[] => [
    e('case.report', { channel: 'oral', reporterRole: 'target' }),
    e('party.add', { partyId: 'p1', role: 'target', pseudonym: 'Pupil A', name: 'Real Name A' }),
    e('party.add', { partyId: 'p2', role: 'allegedAuthor', pseudonym: 'Pupil B' }),
    e('lead.inform', { informed: 'both' }),
    e('intake.submit', { narrative: 'They mock me every day.', platforms: ['whatsapp'], actorKind: 'student' }),
  ];
  const answers = (yes: TriggerId[] = [], unknown: TriggerId[] = []): CaseEvent[] =>
    TRIGGER_IDS.map((t) => e('trigger.answer', { trigger: t, answer: yes.includes(t) ? 'yes' : unknown.includes(t) ? 'unknown' : 'no' }));
  const bullying = { repeated: true, powerImbalance: true, harmful: true, likelyReshared: false };
  const toAssessment = (): CaseEvent[] => [
    ...intake(),
    ...answers(),
    e('category.set', { codes: ['HAR'] }),
    e('severity.rate', { level: 2, rationale: 'Repeated mockery' }),
    e('triage.complete', bullying),
  ];
  return { e, tick, intake, answers, bullying, toAssessment };
}
