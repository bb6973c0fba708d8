import { describe, expect, it } from 'vitest';
import { kit } from '../tests/setup/case-kit';
import { STEP_IDS } from '../protocol/steps';
import { stepDef } from '../protocol/steps';
import { closureBlockers } from './rules';
import type { CaseEvent } from './events';
import { replay, stepOf, whyRefused } from './replay';
import type { CaseSnapshot } from './replay';

const can = (s: CaseSnapshot, e: CaseEvent) => whyRefused(s, e) === null;
const why = (s: CaseSnapshot, e: CaseEvent) => whyRefused(s, e)?.code ?? 'accepted';

describe('case lifecycle: main branches', () => {
  it('report → intake → triage', () => {
    const k = kit();
    const s = replay(k.intake());
    expect(stepOf(s)).toBe('triage');
    expect(s.context.parties.map((p) => p.pseudonym)).toEqual(['Pupil A', 'Pupil B']);
  });

  it('refuses to finish intake without a target', () => {
    const k = kit();
    const s = replay([k.e('case.report', { channel: 'note', reporterRole: 'anonymous' })]);
    expect(can(s, k.e('intake.submit', { narrative: 'x', platforms: [], actorKind: 'unknown' }))).toBe(false);
  });

  it('triage cannot complete until every trigger is answered and the case is rated', () => {
    const k = kit();
    let s = replay([...k.intake(), ...k.answers().slice(0, 6), k.e('category.set', { codes: ['HAR'] })]);
    expect(can(s, k.e('triage.complete', k.bullying))).toBe(false);
    s = replay([...k.intake(), ...k.answers(), k.e('category.set', { codes: ['HAR'] })]);
    expect(can(s, k.e('triage.complete', k.bullying))).toBe(false);
  });

  it('bullying with no trigger goes to assessment', () => {
    expect(stepOf(replay(kit().toAssessment()))).toBe('assessment');
  });

  it('a one-off conflict at level 0 goes to conflict handling', () => {
    const k = kit();
    const s = replay([
      ...k.intake(),
      ...k.answers(),
      k.e('category.set', { codes: ['HAR'] }),
      k.e('severity.rate', { level: 0, rationale: 'one-off' }),
      k.e('triage.complete', { repeated: false, powerImbalance: false, harmful: false, likelyReshared: false }),
    ]);
    expect(stepOf(s)).toBe('conflictHandling');
  });

  it('a single harmful post likely to be re-shared counts as bullying, not a conflict', () => {
    const k = kit();
    const s = replay([
      ...k.intake(),
      ...k.answers(),
      k.e('category.set', { codes: ['IMG'] }),
      k.e('severity.rate', { level: 1, rationale: 'one post' }),
      k.e('triage.complete', { repeated: false, powerImbalance: false, harmful: true, likelyReshared: true }),
    ]);
    expect(stepOf(s)).toBe('assessment');
  });

  it('any hard trigger at triage goes to emergency escalation at once and makes the case critical', () => {
    const k = kit();
    const s = replay([...k.intake(), ...k.answers(['T5'])]);
    expect(stepOf(s)).toBe('emergencyEscalation');
    expect(s.context.level).toBe(4);
    expect(s.context.severityHistory.at(-1)).toMatchObject({ level: 4, cause: 'trigger.answer', by: 'Lead' });
  });

  it('a category that implies a trigger records it "yes" and escalates; a later "no" is refused', () => {
    const k = kit();
    const s = replay([...k.intake(), ...k.answers(), k.e('category.set', { codes: ['NCII'] })]);
    expect(stepOf(s)).toBe('emergencyEscalation');
    expect(s.context.triggers.T2).toMatchObject({ answer: 'yes', cause: 'category.set' });
    expect(why(s, k.e('trigger.answer', { trigger: 'T2', answer: 'no' }))).toBe('yesIsFinal');
  });
});

describe('track B', () => {
  it('measures and sanctions are recorded as soon as track B is chosen, and never on track A', () => {
    const k = kit();
    const measure = k.e('trackB.measure', { kind: 'protection', description: 'Separate seating' });
    const onB = replay([...k.toAssessment(), k.e('track.choose', { track: 'B', rationale: 'Serious facts' })]);
    expect(stepOf(onB)).toBe('supportAndIntervention');
    expect(can(onB, measure)).toBe(true);
    const onA = replay([...k.toAssessment(), k.e('track.choose', { track: 'A', rationale: 'Moderate facts', interviewers: ['M. H'] })]);
    expect(can(onA, measure)).toBe(false);
  });
});

describe('forbidden transitions (child safety)', () => {
  const emergency = () => {
    const k = kit();
    const log = [...k.intake(), ...k.answers(['T2', 'T4']), k.e('category.set', { codes: ['SXT'] })];
    return { k, log };
  };

  it('leaving emergency needs both an authority acknowledgement and a safe child', () => {
    const { k, log } = emergency();
    let s = replay([...log, k.e('referral.make', { referralId: 'r1', channel: 'police19' }), k.e('safety.confirm', { note: 'with the counsellor' })]);
    expect(why(s, k.e('emergency.resolve', {}))).toBe('emergencyNeedsAuthority');
    s = replay([...log, k.e('referral.make', { referralId: 'r1', channel: 'police19' }), k.e('referral.acknowledge', { referralId: 'r1', reference: 'X1' })]);
    expect(why(s, k.e('emergency.resolve', {}))).toBe('emergencyNeedsSafety');
  });

  it('an acknowledgement from a non-authority (helpline) does not unlock anything', () => {
    const { k, log } = emergency();
    const s = replay([
      ...log,
      k.e('referral.make', { referralId: 'r1', channel: 'emcHelpline' }),
      k.e('referral.acknowledge', { referralId: 'r1' }),
      k.e('safety.confirm', { note: 'safe' }),
    ]);
    expect(why(s, k.e('emergency.resolve', {}))).toBe('emergencyNeedsAuthority');
  });

  it('refuses track A while a trigger is still "not yet known"', () => {
    const k = kit();
    const log = [...k.intake(), ...k.answers([], ['T3']), k.e('category.set', { codes: ['HAR'] }), k.e('severity.rate', { level: 2, rationale: 'x' }), k.e('triage.complete', k.bullying)];
    const s = replay(log);
    expect(stepOf(s)).toBe('assessment');
    expect(why(s, k.e('track.choose', { track: 'A', rationale: 'x' }))).toBe('trackAUnknownTrigger');
    expect(can(s, k.e('track.choose', { track: 'B', rationale: 'x' }))).toBe(true);
  });

  it('a hard trigger, once recorded, cannot be withdrawn', () => {
    const k = kit();
    const s = replay([...k.intake(), k.e('trigger.answer', { trigger: 'T1', answer: 'yes' })]);
    expect(why(s, k.e('trigger.answer', { trigger: 'T1', answer: 'no' }))).toBe('yesIsFinal');
  });

  it('refuses to lower the level below 4 while a hard trigger stands', () => {
    const { k, log } = emergency();
    expect(why(replay(log), k.e('severity.rate', { level: 2, rationale: 'calmer now' }))).toBe('ratingBelowEmergency');
  });

  it('an intimate image of a minor is only ever described', () => {
    const k = kit();
    const s = replay(k.intake());
    const add = (extra: object, kind: 'description' | 'screenshot' = 'description') =>
      ({ ...k.e('evidence.add', { evidenceId: 'e1', kind, description: 'photo threatened', isIntimateImageOfMinor: true }), ...extra }) as CaseEvent;
    expect(can(s, add({}))).toBe(true);
    for (const bad of [add({}, 'screenshot'), add({ url: 'https://x.example/p' }), add({ sha256: 'ab'.repeat(32) }), add({ file: 'img.jpg' })]) expect(why(s, bad)).toBe('intimateEvidence');
    const withItem = replay([...k.intake(), add({})]);
    expect(why(withItem, k.e('evidence.update', { evidenceId: 'e1', url: 'https://x.example' }))).toBe('intimateEvidence');
    expect(why(withItem, k.e('evidence.preserve', { evidenceId: 'e1', storageLocation: 'USB key' }))).toBe('intimateEvidence');
    expect(can(withItem, k.e('evidence.preserve', { evidenceId: 'e1' }))).toBe(true);
  });

  it('a parent deferral needs a reason', () => {
    const k = kit();
    const s = replay(k.intake());
    expect(() => replay([...k.intake(), { ...k.e('parent.defer', { reason: '' }) }])).toThrow(/"parent.defer": field "reason"/);
    expect(can(s, k.e('parent.defer', { reason: 'Family violence risk' }))).toBe(true);
  });
});

describe('shared concern, follow-up, track B and closure', () => {
  const trackA = () => {
    const k = kit();
    const log = [
      ...k.toAssessment(),
      k.e('track.choose', { track: 'A', rationale: 'moderate' }),
      k.e('interview.record', { interviewId: 'i1', partyId: 'p1', kind: 'mppTarget', interviewer: 'T1' }),
    ];
    return { k, log };
  };

  it('follow-up needs the target met and at least one author interviewed', () => {
    const { k, log } = trackA();
    expect(why(replay(log), k.e('followUp.start', {}))).toBe('trackNotBegun');
    const s = replay([...log, k.e('interview.record', { interviewId: 'i2', partyId: 'p2', kind: 'mppAuthor', interviewer: 'T2' })]);
    expect(can(s, k.e('followUp.start', {}))).toBe(true);
  });

  it('MPP interviews start with the target', () => {
    const k = kit();
    const s = replay([...k.toAssessment(), k.e('track.choose', { track: 'A', rationale: 'moderate' })]);
    expect(why(s, k.e('interview.record', { interviewId: 'i1', partyId: 'p2', kind: 'mppAuthor', interviewer: 'T' }))).toBe('mppOffTrack');
  });

  it('a failing follow-up switches to track B', () => {
    const { k, log } = trackA();
    const s = replay([
      ...log,
      k.e('interview.record', { interviewId: 'i2', partyId: 'p2', kind: 'mppAuthor', interviewer: 'T2' }),
      k.e('followUp.start', {}),
      k.e('followUp.record', { targetReport: 'worse' }),
      k.e('followUp.fail', { reason: 'refusal' }),
    ]);
    expect(stepOf(s)).toBe('escalatedTrackB');
    expect(s.context.track).toBe('B');
    expect(s.context.intervention?.status).toBe('failed');
    expect(why(s, k.e('trackB.resolve', {}))).toBe('trackBIncomplete');
  });

  it('follow-up cannot resolve while the target does not report an improvement or a platform ticket is open', () => {
    const { k, log } = trackA();
    const base = [
      ...log,
      k.e('interview.record', { interviewId: 'i2', partyId: 'p2', kind: 'mppAuthor', interviewer: 'T2' }),
      k.e('referral.make', { referralId: 'r1', channel: 'platformReport', platform: 'instagram' }),
      k.e('followUp.start', {}),
    ];
    expect(why(replay([...base, k.e('followUp.record', { targetReport: 'same' })]), k.e('followUp.resolve', {}))).toBe('noImprovement');
    expect(why(replay([...base, k.e('followUp.record', { targetReport: 'better' })]), k.e('followUp.resolve', {}))).toBe('platformTicketOpen');
    const ok = replay([
      ...base,
      k.e('followUp.record', { targetReport: 'better' }),
      k.e('referral.resolve', { referralId: 'r1', status: 'completed', outcome: 'removed' }),
    ]);
    expect(can(ok, k.e('followUp.resolve', {}))).toBe(true);
  });

  it('closure lists everything missing, then closes', () => {
    const k = kit();
    const log = [...k.intake(), k.e('evidence.add', { evidenceId: 'e1', kind: 'textNote', description: 'note', isIntimateImageOfMinor: false })];
    const s = replay(log);
    expect(closureBlockers(s.context, 'RESOLVED', s.context.report?.at ?? '').map((b) => b.code)).toEqual([
      'reasonNotAllowedHere',
      'closureNeedsAnswers',
      'noParentDecision',
      'noParentDecision',
      'evidenceNotDisposed',
      'noReview',
      'stopNotConfirmed',
    ]);
    const paperwork = [
      ...log,
      k.e('evidence.dispose', { evidenceId: 'e1', disposition: 'deleted' }),
      k.e('parent.defer', { partyId: 'p1', reason: 'Reporter withdrew, no pupil identified', decidedBy: 'Head' }),
      k.e('parent.defer', { partyId: 'p2', reason: 'No pupil identified', decidedBy: 'Head' }),
      k.e('closure.review', { whatWorked: 'n/a' }),
    ];
    // Danger is ruled out first, whatever the reason: "not yet known" is an answer, silence is not.
    expect(why(replay(paperwork), k.e('case.close', { reason: 'INSUFFICIENT_INFO' }))).toBe('closureNeedsAnswers');
    const closed = replay([...paperwork, ...k.answers([], ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7']), k.e('case.close', { reason: 'INSUFFICIENT_INFO' })]);
    expect(stepOf(closed)).toBe('closed');
  });

  it('a closed case reopens to triage and must be re-rated', () => {
    const k = kit();
    const log = [
      ...k.intake(),
      ...k.answers(),
      k.e('category.set', { codes: ['HAR'] }),
      k.e('severity.rate', { level: 0, rationale: 'one-off' }),
      k.e('triage.complete', { repeated: false, powerImbalance: false, harmful: false, likelyReshared: false }),
      k.e('parent.defer', { partyId: 'p1', reason: 'Conflict settled' }),
      k.e('parent.defer', { partyId: 'p2', reason: 'Conflict settled' }),
      k.e('closure.review', { whatWorked: 'talk' }),
      k.e('case.close', { reason: 'NOT_BULLYING' }),
      k.e('case.reopen', { reason: 'relapse', note: 'again' }),
    ];
    const s = replay(log);
    expect(stepOf(s)).toBe('triage');
    expect(s.context.closure).toBeUndefined();
    expect(why(s, k.e('triage.complete', k.bullying))).toBe('triageIncomplete');
    expect(why(s, k.e('severity.rate', { level: 2, rationale: 'relapse' }))).toBe('answersBeforeRating');
    expect(stepOf(replay([...log, ...k.answers(), k.e('severity.rate', { level: 2, rationale: 'relapse' }), k.e('triage.complete', k.bullying)]))).toBe('assessment');
  });

  it('a closed case accepts nothing but a reopening or a note', () => {
    const k = kit();
    const s = replay([
      ...k.intake(),
      ...k.answers(),
      k.e('parent.defer', { partyId: 'p1', reason: 'x' }),
      k.e('parent.defer', { partyId: 'p2', reason: 'x' }),
      k.e('closure.review', { whatWorked: 'x' }),
      k.e('case.close', { reason: 'INSUFFICIENT_INFO' }),
    ]);
    expect(why(s, k.e('party.add', { partyId: 'p9', role: 'witness', pseudonym: 'W' }))).toBe('notInThisStep');
    expect(why(s, k.e('trigger.answer', { trigger: 'T1', answer: 'yes' }))).toBe('notInThisStep');
  });
});

describe('reopening', () => {
  it('every step after triage but emergency escalation accepts a reopening, and the reopening goes back to triage', () => {
    const withReopen = STEP_IDS.filter((id) => stepDef(id).accepts.includes('case.reopen'));
    expect(withReopen).toEqual(['conflictHandling', 'assessment', 'supportAndIntervention', 'followUp', 'escalatedTrackB', 'monitoring', 'closed']);
    const k = kit();
    expect(stepOf(replay([...k.toAssessment(), k.e('case.reopen', { reason: 'newFacts', note: 'n' })]))).toBe('triage');
  });
});
