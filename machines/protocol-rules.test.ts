import { describe, expect, it } from 'vitest';
import { kit } from '../tests/setup/case-kit';
import { dueItems, requiredActions } from './guidance';
import { DEFAULT_CALENDAR } from '../protocol/calendar';
import { channelsFor } from '../protocol/channels';
import type { ChannelId } from '../protocol/channels';
import { describeRefusal } from '../protocol/text';
import type { CaseEvent } from './events';
import { ReplayError, replay, stepOf, whyRefused } from './replay';
import { emergencyBlockers } from './rules';
import { hardTriggers } from './facts';

const hardTriggersOf = (s: CaseSnapshot) => hardTriggers(s.context);
import type { CaseSnapshot } from './replay';

/**
 * The rules the machine enforces after replaying realistic cases (docs/decisions/0010), one block each: the
 * refusal, with its reason, and the path the protocol allows.
 */
const why = (s: CaseSnapshot, e: CaseEvent) => whyRefused(s, e)?.code ?? 'accepted';

/** A case escalated at triage with `yes` triggers, answered for the others, the child's parties added. */
function escalated(yes: Parameters<ReturnType<typeof kit>['answers']>[0], extraParties: CaseEvent[] = []) {
  const k = kit();
  return { k, log: [...k.intake(), ...extraParties, ...k.answers(yes)] };
}

const police = (k: ReturnType<typeof kit>, id = 'r1', channel: ChannelId = 'police19') => [
  k.e('referral.make', { referralId: id, channel }),
  k.e('referral.acknowledge', { referralId: id, reference: `${id}-ref` }),
];

describe('rule 1: each hard trigger has its own authority (protocol/authority.ts)', () => {
  it('the AREF does not take a grooming case (adult author, T3 + T4) out of emergency; the police do', () => {
    const { k, log } = escalated(['T3', 'T4']);
    const base = [...log, k.e('safety.confirm', { note: 'At home with his parents.' })];
    const aref = replay([...base, ...police(k, 'r1', 'aref')]);
    expect(stepOf(aref)).toBe('emergencyEscalation');
    expect(whyRefused(aref, k.e('emergency.resolve', {}))).toEqual({ code: 'emergencyNeedsAuthority', params: { trigger: 'T3', channels: 'police19,gendarmerie177,prosecutor' } });
    const withPolice = replay([...base, ...police(k, 'r1', 'aref'), ...police(k, 'r2', 'police19')]);
    expect(why(withPolice, k.e('emergency.resolve', {}))).toBe('accepted');
  });

  it('everything that keeps a case in emergency is listed, one item per trigger still waiting, the first being the refusal', () => {
    const { k, log } = escalated(['T2', 'T4']);
    const s = replay(log.slice(0, -3)); // three triggers still unanswered
    expect(emergencyBlockers(s.context)).toEqual([
      { code: 'emergencyNeedsAnswers' },
      { code: 'emergencyNeedsSafety' },
      { code: 'emergencyNeedsAuthority', params: { trigger: 'T2', channels: 'police19,gendarmerie177,prosecutor,eBlagh' } },
      { code: 'emergencyNeedsAuthority', params: { trigger: 'T4', channels: 'police19,gendarmerie177,prosecutor,eBlagh' } },
    ]);
    expect(whyRefused(s, k.e('emergency.resolve', {}))).toEqual({ code: 'emergencyNeedsAnswers' });
    const handled = replay([...log, k.e('safety.confirm', { note: 'With her mother.' }), ...police(k)]);
    expect(emergencyBlockers(handled.context)).toEqual([]);
    expect(why(handled, k.e('emergency.resolve', {}))).toBe('accepted');
  });

  it('the AREF is the authority of a staff member targeted or accused (T7 alone)', () => {
    const { k, log } = escalated(['T7']);
    const s = replay([...log, k.e('safety.confirm', { note: 'The teacher is supported by the head.' }), ...police(k, 'r1', 'aref')]);
    expect(why(s, k.e('emergency.resolve', {}))).toBe('accepted');
  });

  it('e-Blagh counts for an intimate image (T2), not for an adult involved (T3)', () => {
    const t2 = escalated(['T2']);
    const s2 = replay([...t2.log, t2.k.e('safety.confirm', { note: 'safe' }), ...police(t2.k, 'r1', 'eBlagh')]);
    expect(why(s2, t2.k.e('emergency.resolve', {}))).toBe('accepted');
    const t3 = escalated(['T3']);
    const s3 = replay([...t3.log, t3.k.e('safety.confirm', { note: 'safe' }), ...police(t3.k, 'r1', 'eBlagh')]);
    expect(why(s3, t3.k.e('emergency.resolve', {}))).toBe('emergencyNeedsAuthority');
  });

  it('with several triggers each needs its own authority: the AREF covers T7, not T5', () => {
    const { k, log } = escalated(['T5', 'T7']);
    const s = replay([...log, k.e('safety.confirm', { note: 'safe' }), ...police(k, 'r1', 'aref')]);
    expect(whyRefused(s, k.e('emergency.resolve', {}))?.params?.trigger).toBe('T5');
  });

  it('the refusal is a sentence in each language, naming the authorities', () => {
    const { k, log } = escalated(['T3']);
    const refusal = whyRefused(replay([...log, k.e('safety.confirm', { note: 'safe' })]), k.e('emergency.resolve', {}));
    expect(refusal).not.toBeNull();
    expect(describeRefusal('en', refusal!)).toBe('T3 needs an acknowledgement from Police 19, Royal Gendarmerie 177, Public prosecutor (Procureur du Roi), recorded after its “yes”.');
    expect(describeRefusal('ar', refusal!)).toContain('الشرطة 19');
  });
});

describe('rule 2: "call the authority now" is cleared only by a contact with such an authority', () => {
  it('the listening cell or a platform report leaves it due; the police clear it', () => {
    const { k, log } = escalated(['T1']);
    const helped = replay([...log, k.e('referral.make', { referralId: 'r1', channel: 'listeningCell' }), k.e('referral.make', { referralId: 'r2', channel: 'platformReport' })]);
    expect(requiredActions(helped)).toContain('callAuthorityNow');
    expect(dueItems(helped, helped.context.referrals[0]!.at, DEFAULT_CALENDAR).map((d) => d.id)).toContain('emergencyReferral');
    const called = replay([...log, k.e('referral.make', { referralId: 'r1', channel: 'police19' })]);
    expect(requiredActions(called)).not.toContain('callAuthorityNow');
    expect(dueItems(called, called.context.referrals[0]!.at, DEFAULT_CALENDAR).map((d) => d.id)).not.toContain('emergencyReferral');
  });

  it('health services come first for a child in danger (T1), as a call in addition to the police', () => {
    expect(channelsFor({ triggers: ['T1'], categories: [], level: 4 }).map((c) => c.id).slice(0, 3)).toEqual(['samu141', 'civilProtection15', 'police19']);
  });
});

describe('rule 3: no shared concern after a hard trigger', () => {
  const leave = (k: ReturnType<typeof kit>) => [k.e('safety.confirm', { note: 'safe' }), ...police(k), k.e('emergency.resolve', {})];

  it.each(['T2', 'T3', 'T4', 'T6'] as const)('after %s: track B only, for the rest of the case', (t) => {
    const { k, log } = escalated([t]);
    const s = replay([...log, ...leave(k)]);
    expect(stepOf(s)).toBe('supportAndIntervention');
    expect(why(s, k.e('track.choose', { track: 'A', rationale: 'moderate' }))).toBe('trackBOnly');
    expect(why(s, k.e('trackA.allow', { reason: 'the head wants it', decidedBy: 'Head' }))).toBe('trackBOnly');
    expect(why(s, k.e('track.choose', { track: 'B', rationale: 'formal' }))).toBe('accepted');
  });

  it('after T1, T5 or T7 alone: track B by default, track A only by the head’s recorded decision', () => {
    const { k, log } = escalated(['T5']);
    const s = replay([...log, ...leave(k)]);
    expect(whyRefused(s, k.e('track.choose', { track: 'A', rationale: 'moderate' }))).toEqual({ code: 'trackANeedsHead', params: { triggers: 'T5' } });
    const decided = replay([...log, ...leave(k), k.e('trackA.allow', { reason: 'A joke between friends, both families agree', decidedBy: 'M. Alaoui (directeur)' })]);
    expect(why(decided, k.e('track.choose', { track: 'A', rationale: 'the head decided' }))).toBe('accepted');
  });

  it('a hard trigger mid-track-A: emergency at once, the series stops, the 15-day limit stops counting, then a new track choice', () => {
    const k = kit();
    const trackA = [
      ...k.toAssessment(),
      k.e('track.choose', { track: 'A', rationale: 'moderate' }),
      k.e('interview.record', { interviewId: 'i1', partyId: 'p1', kind: 'mppTarget', interviewer: 'X' }),
      k.e('interview.record', { interviewId: 'i2', partyId: 'p2', kind: 'mppAuthor', interviewer: 'Y' }),
    ];
    const s = replay([...trackA, k.e('trigger.answer', { trigger: 'T5', answer: 'yes', note: 'Threatens to hit her tomorrow.' })]);
    expect(stepOf(s)).toBe('emergencyEscalation');
    expect(s.context.track).toBeUndefined();
    expect(s.context.intervention?.status).toBe('stopped');
    expect(s.context.clocks.trackAResults?.satisfiedAt).toBe(s.context.yesHistory.at(-1)?.at);
    const after = replay([...trackA, k.e('trigger.answer', { trigger: 'T5', answer: 'yes' }), ...leave(k)]);
    expect(stepOf(after)).toBe('supportAndIntervention');
    expect(why(after, k.e('interview.record', { interviewId: 'i3', partyId: 'p2', kind: 'mppAuthor', interviewer: 'Y' }))).toBe('mppOffTrack');
    expect(why(after, k.e('track.choose', { track: 'A', rationale: 'go on' }))).toBe('trackANeedsHead');
    expect(requiredActions(after)).toContain('chooseTrackB');
  });
});

describe('rule 4: no parallel investigation', () => {
  it('while the police handle the case, no formal interview of a pupil unless they agreed; support goes on', () => {
    const { k, log } = escalated(['T5']);
    const base = [...log, k.e('safety.confirm', { note: 'safe' }), ...police(k), k.e('emergency.resolve', {}), k.e('track.choose', { track: 'B', rationale: 'hard trigger' })];
    const interview = k.e('interview.record', { interviewId: 'i1', partyId: 'p2', kind: 'formal', interviewer: 'Head' });
    expect(why(replay(base), interview)).toBe('parallelInvestigation');
    expect(why(replay(base), k.e('support.record', { note: 'Listening cell twice a week.' }))).toBe('accepted');
    const agreed = replay([...base, k.e('referral.acknowledge', { referralId: 'r1', note: 'The police agree', schoolMayInterview: true })]);
    expect(why(agreed, interview)).toBe('accepted');
    const closedReferral = replay([...base, k.e('referral.resolve', { referralId: 'r1', status: 'completed', outcome: 'Case with the prosecutor' })]);
    expect(why(closedReferral, interview)).toBe('accepted');
  });

  it('an agreement covers the facts it was given for: a later "yes" needs a new one', () => {
    const { k, log } = escalated(['T5']);
    const agreed = [
      ...log,
      k.e('referral.make', { referralId: 'r1', channel: 'police19' }),
      k.e('referral.acknowledge', { referralId: 'r1', schoolMayInterview: true }),
      k.e('safety.confirm', { note: 'safe' }),
    ];
    const later = [
      ...agreed,
      k.e('trigger.answer', { trigger: 'T4', answer: 'yes' }),
      k.e('referral.acknowledge', { referralId: 'r1', reference: 'extortion added' }),
      k.e('safety.confirm', { note: 'still safe' }),
      k.e('emergency.resolve', {}),
      k.e('track.choose', { track: 'B', rationale: 'extortion' }),
    ];
    const interview = k.e('interview.record', { interviewId: 'i1', partyId: 'p2', kind: 'formal', interviewer: 'Head' });
    expect(why(replay(later), interview)).toBe('parallelInvestigation');
    const again = replay([...later, k.e('referral.acknowledge', { referralId: 'r1', schoolMayInterview: true, note: 'They agree for the extortion too' })]);
    expect(why(again, interview)).toBe('accepted');
  });

  it('a follow-up meeting with an author is an interview about the facts; one with the target is support', () => {
    const k = kit();
    const base = [
      ...k.toAssessment(),
      k.e('track.choose', { track: 'A', rationale: 'moderate' }),
      k.e('interview.record', { interviewId: 'i1', partyId: 'p1', kind: 'mppTarget', interviewer: 'X' }),
      k.e('interview.record', { interviewId: 'i2', partyId: 'p2', kind: 'mppAuthor', interviewer: 'Y' }),
      k.e('severity.rate', { level: 3, rationale: 'threats to share a photo' }),
      k.e('referral.make', { referralId: 'r1', channel: 'prosecutor' }),
    ];
    const s = replay(base);
    expect(why(s, k.e('interview.record', { interviewId: 'i3', partyId: 'p2', kind: 'mppFollowUp', interviewer: 'Y' }))).toBe('parallelInvestigation');
    expect(why(s, k.e('interview.record', { interviewId: 'i3', partyId: 'p1', kind: 'mppFollowUp', interviewer: 'X' }))).toBe('accepted');
  });
});

describe('rule 5: an adult or staff alleged author implies the trigger', () => {
  it('an adult author recorded at intake makes T3 "yes": intake goes straight to emergency; a "no" is refused', () => {
    const k = kit();
    const s = replay([
      k.e('case.report', { channel: 'parent', reporterRole: 'parent' }),
      k.e('party.add', { partyId: 'p1', role: 'target', pseudonym: 'Pupil Z', ageBand: '10to12' }),
      k.e('party.add', { partyId: 'p2', role: 'allegedAuthor', pseudonym: 'Player R', actorKind: 'adult' }),
      k.e('intake.submit', { narrative: 'A player asks for photos.', platforms: ['onlineGame'], actorKind: 'adult' }),
    ]);
    expect(stepOf(s)).toBe('emergencyEscalation');
    expect(s.context.triggers.T3).toMatchObject({ answer: 'yes', cause: 'party.add' });
    expect(why(s, k.e('trigger.answer', { trigger: 'T3', answer: 'no' }))).toBe('yesIsFinal');
  });

  it('a staff author recorded after triage escalates at once (T7), and after a reopening a "no" to T7 is refused', () => {
    const k = kit();
    const s = replay([...k.toAssessment(), k.e('party.add', { partyId: 'p3', role: 'allegedAuthor', pseudonym: 'Teacher N', actorKind: 'staff' })]);
    expect(stepOf(s)).toBe('emergencyEscalation');
    expect(s.context.triggers.T7?.answer).toBe('yes');
  });

  it('an author put in the adult age band is an adult, whatever their kind: T3 at once', () => {
    const k = kit();
    const s = replay([...k.toAssessment(), k.e('party.update', { partyId: 'p2', ageBand: 'adult', actorKind: 'student' })]);
    expect(stepOf(s)).toBe('emergencyEscalation');
    expect(s.context.triggers.T3).toMatchObject({ answer: 'yes', cause: 'party.update' });
  });

  it('a staff member as author is an adult as well (T3 and T7): the AREF alone does not take the case out of emergency', () => {
    const k = kit();
    const s = replay([...k.toAssessment(), k.e('party.add', { partyId: 'p3', role: 'allegedAuthor', pseudonym: 'Teacher N', actorKind: 'staff' })]);
    expect(hardTriggersOf(s)).toEqual(['T3', 'T7']);
    const aref = replay([...k.toAssessment(), k.e('party.add', { partyId: 'p3', role: 'allegedAuthor', pseudonym: 'Teacher N', actorKind: 'staff' }), k.e('safety.confirm', { note: 'safe' }), ...police(k, 'r1', 'aref')]);
    expect(whyRefused(aref, k.e('emergency.resolve', {}))).toMatchObject({ code: 'emergencyNeedsAuthority', params: { trigger: 'T3' } });
    // A staff member targeted by pupils: T7 alone, and the AREF is its authority.
    const target = replay([...k.toAssessment(), k.e('party.add', { partyId: 'p4', role: 'target', pseudonym: 'Teacher M', actorKind: 'staff' })]);
    expect(hardTriggersOf(target)).toEqual(['T7']);
  });

  it('shared-concern interviews are never held with an adult', () => {
    const k = kit();
    const s = replay([
      ...k.toAssessment(),
      k.e('party.add', { partyId: 'p3', role: 'witness', pseudonym: 'Coach', ageBand: 'adult' }),
      k.e('track.choose', { track: 'A', rationale: 'moderate' }),
      k.e('interview.record', { interviewId: 'i1', partyId: 'p1', kind: 'mppTarget', interviewer: 'X' }),
    ]);
    expect(why(s, k.e('interview.record', { interviewId: 'i2', partyId: 'p3', kind: 'mppWitness', interviewer: 'X' }))).toBe('mppWithAdult');
  });
});

describe('rule 6: a case that had a hard trigger never closes without its emergency handled', () => {
  const paperwork = (k: ReturnType<typeof kit>) => [
    k.e('parent.notify', { partyId: 'p1', means: 'meeting' }),
    k.e('parent.shareOutcome', { partyId: 'p1' }),
    k.e('parent.defer', { partyId: 'p2', reason: 'Risk of reprisals', decidedBy: 'Head' }),
    k.e('prosecutor.decide', { decision: 'report', reason: 'Danger to life' }),
    k.e('closure.review', { whatWorked: 'Quick call' }),
  ];
  it('a pupil at risk who leaves the school: refused until safety is confirmed and the authority acknowledged', () => {
    const { k, log } = escalated(['T1']);
    const close = k.e('case.close', { reason: 'TARGET_LEFT_SCHOOL' });
    expect(why(replay([...log, ...paperwork(k)]), close)).toBe('hardTriggerNotHandled');
    expect(why(replay([...log, ...paperwork(k), k.e('safety.confirm', { note: 'With her mother' })]), close)).toBe('hardTriggerNotHandled');
    const handled = replay([...log, ...paperwork(k), k.e('safety.confirm', { note: 'With her mother' }), ...police(k), k.e('referral.resolve', { referralId: 'r1', status: 'completed' })]);
    expect(why(handled, close)).toBe('accepted');
  });

  it('a case with a "yes" never closes from triage as not bullying: the "yes" is already an emergency', () => {
    const { k, log } = escalated(['T1']);
    expect(stepOf(replay(log))).toBe('emergencyEscalation');
    expect(why(replay([...log, ...paperwork(k)]), k.e('case.close', { reason: 'NOT_BULLYING' }))).toBe('reasonNotAllowedHere');
  });
});

describe('rule 7: the first "yes" escalates at once', () => {
  it('the other answers, the categories and the level are recorded in emergency escalation', () => {
    const k = kit();
    const s = replay([...k.intake(), k.e('trigger.answer', { trigger: 'T4', answer: 'yes' })]);
    expect(stepOf(s)).toBe('emergencyEscalation');
    expect(why(s, k.e('triage.complete', k.bullying))).toBe('notInThisStep');
    const rest = replay([...k.intake(), k.e('trigger.answer', { trigger: 'T4', answer: 'yes' }), ...k.answers(['T4']).filter((e) => (e as { trigger: string }).trigger !== 'T4'), k.e('category.set', { codes: ['SXT'] })]);
    expect(stepOf(rest)).toBe('emergencyEscalation');
    expect(rest.context.triggers.T2).toMatchObject({ answer: 'yes', cause: 'category.set' });
  });
});

describe('rule 8: intimate images follow the case, not a checkbox', () => {
  it.each([['T2 "yes"', ['T2']], ['category NCII', []]] as const)('with %s, evidence unticked as intimate is still a description only', (_name, yes) => {
    const k = kit();
    const log = [...k.intake(), ...k.answers([...yes]), ...(yes.length ? [] : [k.e('category.set', { codes: ['NCII'] })])];
    const s = replay(log);
    const shot = k.e('evidence.add', { evidenceId: 'e1', kind: 'screenshot', description: 'The message', isIntimateImageOfMinor: false });
    expect(why(s, shot)).toBe('intimateEvidence');
    expect(why(s, { ...k.e('evidence.add', { evidenceId: 'e1', kind: 'description', description: 'The message', isIntimateImageOfMinor: false }), url: 'https://x.example/1' } as CaseEvent)).toBe('intimateEvidence');
    expect(why(s, k.e('evidence.add', { evidenceId: 'e1', kind: 'description', description: 'Told by the pupil: a photo on Snapchat', isIntimateImageOfMinor: false }))).toBe('accepted');
  });

  it('a screenshot kept before the case was known as intimate: deleted first, nothing else recorded about it', () => {
    const k = kit();
    const log = [
      ...k.intake(),
      k.e('evidence.add', { evidenceId: 'e1', kind: 'screenshot', description: 'The post', isIntimateImageOfMinor: false, file: 'IMG_0142.png', sha256: 'ab12' }),
      k.e('trigger.answer', { trigger: 'T2', answer: 'yes' }),
    ];
    const s = replay(log);
    expect(requiredActions(s)).toContain('deleteIntimateCopy');
    for (const move of [
      k.e('evidence.preserve', { evidenceId: 'e1' }),
      k.e('evidence.update', { evidenceId: 'e1', description: 'The post, described' }),
      k.e('evidence.dispose', { evidenceId: 'e1', disposition: 'keptInFile' }),
    ])
      expect(why(s, move)).toBe('intimateCopyHeld');
    const deleted = replay([...log, k.e('evidence.dispose', { evidenceId: 'e1', disposition: 'deleted', note: 'Deleted from the school PC' })]);
    expect(requiredActions(deleted)).not.toContain('deleteIntimateCopy');
    // A link in the account field is a way to reach the image too.
    expect(why(s, k.e('evidence.add', { evidenceId: 'e2', kind: 'description', description: 'd', isIntimateImageOfMinor: false, accountHandle: 'https://cdn.example/img.jpg' }))).toBe('intimateEvidence');
    // With no scheme too: a path is a way to the post, a bare handle is not.
    expect(why(deleted, k.e('evidence.add', { evidenceId: 'e2', kind: 'description', description: 'd', isIntimateImageOfMinor: false, accountHandle: 'instagram.com/p/AbCdEf' }))).toBe('intimateEvidence');
    expect(why(deleted, k.e('evidence.add', { evidenceId: 'e3', kind: 'description', description: 'd', isIntimateImageOfMinor: false, accountHandle: 't.me/+secretInvite' }))).toBe('intimateEvidence');
    expect(why(deleted, k.e('evidence.add', { evidenceId: 'e4', kind: 'description', description: 'The account that sent it', isIntimateImageOfMinor: false, accountHandle: '@lina.2009x' }))).toBe('accepted');
    expect(why(deleted, k.e('evidence.update', { evidenceId: 'e1', accountHandle: 'snapchat.com/add/lina' }))).not.toBe('accepted');
  });

  it('sexual harassment (SXH) without a trigger is an intimate-image case too', () => {
    const k = kit();
    const s = replay([...k.intake(), ...k.answers(), k.e('category.set', { codes: ['SXH'] })]);
    expect(stepOf(s)).toBe('triage');
    expect(why(s, k.e('evidence.add', { evidenceId: 'e1', kind: 'screenshot', description: 'x', isIntimateImageOfMinor: false }))).toBe('intimateEvidence');
  });
});

describe('rule 9: "inform the lead and the head" is met only when the head is told', () => {
  it('telling the case lead alone leaves it due', () => {
    const k = kit();
    const report = k.e('case.report', { channel: 'oral', reporterRole: 'target' });
    const lead = replay([report, k.e('lead.inform', { informed: 'caseLead' })]);
    expect(requiredActions(lead)).toContain('informLeadAndHead');
    expect(dueItems(lead, report.at, DEFAULT_CALENDAR).map((d) => d.id)).toContain('informLeadAndHead');
    const head = replay([report, k.e('lead.inform', { informed: 'head' })]);
    expect(requiredActions(head)).not.toContain('informLeadAndHead');
    expect(dueItems(head, report.at, DEFAULT_CALENDAR).map((d) => d.id)).not.toContain('informLeadAndHead');
  });
});

describe('rule 10: monitoring means a window', () => {
  /** A shared-concern case up to monitoring, entered at `resolveAt`. */
  function monitored(level: 2 | 3, resolveAt: string) {
    const k = kit('2026-11-02T08:00:00Z');
    const log = [
      ...k.intake(),
      ...k.answers(),
      k.e('category.set', { codes: ['HAR'] }),
      k.e('severity.rate', { level: 2, rationale: 'moderate' }),
      k.e('triage.complete', k.bullying),
      ...(level === 3 ? [k.e('severity.rate', { level: 3, rationale: 'serious' })] : []),
      k.e('track.choose', { track: 'B', rationale: 'formal' }),
      k.e('interview.record', { interviewId: 'i1', partyId: 'p2', kind: 'formal', interviewer: 'Head' }),
      k.e('followUp.start', {}),
      k.e('followUp.record', { targetReport: 'better' }),
      k.e('parent.notify', { partyId: 'p1', means: 'phone' }),
      k.e('parent.defer', { partyId: 'p2', reason: 'later', decidedBy: 'Head' }),
      { ...k.e('followUp.resolve', {}), at: resolveAt },
    ];
    return { k, log };
  }
  const closing = (at: string, by = 'Lead') => [
    { type: 'monitoring.check', at, by, recurrence: false, targetReport: 'better' },
    { type: 'parent.shareOutcome', at, by, partyId: 'p1' },
    { type: 'prosecutor.decide', at, by, decision: 'noReport', reason: 'no offence' },
    { type: 'closure.review', at, by, whatWorked: 'talks' },
  ] as CaseEvent[];

  it('20 school days for a moderate case: refused before, accepted after; the head may end it early with a reason', () => {
    // Monitoring from Monday 9 November: the 20th school day is 8 December (18 November is a holiday).
    const { log } = monitored(2, '2026-11-09T10:30:00Z');
    const early = replay([...log, ...closing('2026-12-08T09:00:00Z')]);
    expect(stepOf(early)).toBe('monitoring');
    const close = (at: string): CaseEvent => ({ type: 'case.close', at, by: 'Lead', reason: 'RESOLVED' });
    expect(whyRefused(early, close('2026-12-08T10:00:00Z'))).toEqual({ code: 'monitoringWindowOpen', params: { until: '2026-12-08T23:00:00.000Z' } });
    expect(why(early, close('2026-12-09T08:00:00Z'))).toBe('accepted');
    const decided = replay([...log, ...closing('2026-12-01T09:00:00Z'), { type: 'monitoring.endEarly', at: '2026-12-01T09:10:00Z', by: 'Lead', reason: 'The target moved to another town with her family.', decidedBy: 'Head' } as CaseEvent]);
    expect(why(decided, close('2026-12-01T10:00:00Z'))).toBe('accepted');
  });

  it('30 school days from level 3', () => {
    const { log } = monitored(3, '2026-11-09T10:30:00Z');
    const s = replay([...log, ...closing('2026-12-09T09:00:00Z')]);
    expect(whyRefused(s, { type: 'case.close', at: '2026-12-09T10:00:00Z', by: 'Lead', reason: 'RESOLVED' } as CaseEvent)?.code).toBe('monitoringWindowOpen');
  });

  it('a recurrence during the window refuses a resolved closure', () => {
    const { log } = monitored(2, '2026-11-09T10:30:00Z');
    const s = replay([...log, { type: 'monitoring.check', at: '2026-11-20T09:00:00Z', by: 'Lead', recurrence: true, targetReport: 'worse' } as CaseEvent, ...closing('2026-12-10T09:00:00Z')]);
    expect(why(s, { type: 'case.close', at: '2026-12-10T10:00:00Z', by: 'Lead', reason: 'RESOLVED' } as CaseEvent)).toBe('stopNotConfirmed');
  });
});

describe('rule 11: reopen starts fresh', () => {
  it('T1–T7 asked again before re-rating; earlier follow-ups, checks and outcomes no longer count; a new decision per family', () => {
    const k = kit();
    const log = [
      ...k.toAssessment(),
      k.e('track.choose', { track: 'A', rationale: 'moderate' }),
      k.e('interview.record', { interviewId: 'i1', partyId: 'p1', kind: 'mppTarget', interviewer: 'X' }),
      k.e('interview.record', { interviewId: 'i2', partyId: 'p2', kind: 'mppAuthor', interviewer: 'Y' }),
      k.e('parent.notify', { partyId: 'p1', means: 'phone' }),
      k.e('followUp.start', {}),
      k.e('followUp.record', { targetReport: 'better' }),
      k.e('followUp.resolve', {}),
      k.e('monitoring.check', { recurrence: true, targetReport: 'worse' }),
      k.e('case.reopen', { reason: 'relapse', note: 'A fake account posts again.' }),
    ];
    const s = replay(log);
    expect(stepOf(s)).toBe('triage');
    expect(s.context.triggers).toEqual({});
    expect(why(s, k.e('severity.rate', { level: 3, rationale: 'relapse' }))).toBe('answersBeforeRating');
    const again = replay([...log, ...k.answers(), k.e('severity.rate', { level: 2, rationale: 'relapse' }), k.e('triage.complete', k.bullying), k.e('track.choose', { track: 'A', rationale: 'once more' })]);
    expect(again.context.intervention).toEqual({ status: 'targetInterview', authorInterviews: 0 });
    expect(again.context.families.find((f) => f.partyId === 'p1')?.status).toBe('notNotified');
    expect(why(again, k.e('followUp.start', {}))).toBe('trackNotBegun');
  });

  it('the head decides again after a reopening: on track A, and about the prosecutor', () => {
    const { k, log } = escalated(['T5']);
    const handled = [
      ...log,
      k.e('safety.confirm', { note: 'safe' }),
      ...police(k),
      k.e('prosecutor.decide', { decision: 'noReport', reason: 'Police already seized' }),
      k.e('emergency.resolve', {}),
      k.e('trackA.allow', { reason: 'A boast between classmates, police closed it', decidedBy: 'Head' }),
      k.e('track.choose', { track: 'B', rationale: 'kept formal' }),
      k.e('referral.resolve', { referralId: 'r1', status: 'completed' }),
      k.e('interview.record', { interviewId: 'i1', partyId: 'p2', kind: 'formal', interviewer: 'Head' }),
      k.e('trackB.measure', { kind: 'sanction', description: 'Warning' }),
      k.e('followUp.start', {}),
      k.e('followUp.record', { targetReport: 'better' }),
      k.e('followUp.resolve', {}),
      k.e('case.reopen', { reason: 'relapse', note: 'Again' }),
      ...k.answers(),
      k.e('category.set', { codes: ['HAR'] }),
      k.e('severity.rate', { level: 2, rationale: 'mockery' }),
      k.e('triage.complete', k.bullying),
    ];
    const s = replay(handled);
    expect(stepOf(s)).toBe('assessment');
    expect(why(s, k.e('track.choose', { track: 'A', rationale: 'r' }))).toBe('trackANeedsHead');
    expect(requiredActions(s)).toContain('prosecutorDecision');
    const decided = replay([...handled, k.e('trackA.allow', { reason: 'Minor relapse', decidedBy: 'Head' })]);
    expect(why(decided, k.e('track.choose', { track: 'A', rationale: 'r' }))).toBe('accepted');
  });

  it('no reopening during emergency escalation: new facts are recorded there', () => {
    const { k, log } = escalated(['T1']);
    expect(why(replay(log), k.e('case.reopen', { reason: 'newFacts', note: 'n' }))).toBe('notInThisStep');
  });
});

describe('rule 12: updates the protocol allows are accepted', () => {
  const k = kit();
  const base = [
    ...k.toAssessment(),
    k.e('party.add', { partyId: 'p3', role: 'witness', pseudonym: 'Pupil W' }),
    k.e('evidence.add', { evidenceId: 'e1', kind: 'description', description: 'A photo, as told', isIntimateImageOfMinor: true }),
    k.e('evidence.preserve', { evidenceId: 'e1' }),
    k.e('evidence.share', { evidenceId: 'e1', channel: 'police19' }),
    k.e('parent.notify', { partyId: 'p1', means: 'phone' }),
    k.e('parent.defer', { partyId: 'p2', reason: 'Family violence risk', decidedBy: 'Head' }),
    k.e('track.choose', { track: 'A', rationale: 'moderate' }),
    k.e('interview.record', { interviewId: 'i1', partyId: 'p1', kind: 'mppTarget', interviewer: 'X' }),
  ];
  const s = replay(base);
  it.each([
    ['a text-only correction of an intimate-image description', k.e('evidence.update', { evidenceId: 'e1', description: 'A photo on Snapchat, as told by the pupil' })],
    ['a second share of evidence with another authority', k.e('evidence.share', { evidenceId: 'e1', channel: 'prosecutor' })],
    ['news for parents already informed', k.e('parent.update', { partyId: 'p1', note: 'Interviews started' })],
    ['a deferral decided again', k.e('parent.defer', { partyId: 'p2', reason: 'Still a risk', decidedBy: 'Head' })],
    ['a repeat target interview', k.e('interview.record', { interviewId: 'i2', partyId: 'p1', kind: 'mppTarget', interviewer: 'X' })],
    ['a witness interview', k.e('interview.record', { interviewId: 'i3', partyId: 'p3', kind: 'mppWitness', interviewer: 'X' })],
  ] as const)('%s', (_name, event) => {
    expect(why(s, event)).toBe('accepted');
  });

  it('more than one follow-up meeting', () => {
    const later = replay([
      ...base,
      k.e('interview.record', { interviewId: 'i4', partyId: 'p2', kind: 'mppAuthor', interviewer: 'Y' }),
      k.e('interview.record', { interviewId: 'i5', partyId: 'p2', kind: 'mppFollowUp', interviewer: 'Y' }),
    ]);
    expect(why(later, k.e('interview.record', { interviewId: 'i6', partyId: 'p1', kind: 'mppFollowUp', interviewer: 'Y' }))).toBe('accepted');
  });
});

describe('rule 13: parents per family', () => {
  it('closure needs a decision for the target’s family and for each author’s; an adult author has none', () => {
    const k = kit();
    const log = [
      ...k.intake(),
      k.e('party.add', { partyId: 'p3', role: 'allegedAuthor', pseudonym: 'Pupil C' }),
      ...k.answers(),
      k.e('category.set', { codes: ['HAR'] }),
      k.e('severity.rate', { level: 0, rationale: 'one-off' }),
      k.e('triage.complete', { repeated: false, powerImbalance: false, harmful: false, likelyReshared: false }),
      k.e('parent.notify', { partyId: 'p1', means: 'phone' }),
      k.e('parent.shareOutcome', { partyId: 'p1' }),
      k.e('parent.notify', { partyId: 'p2', means: 'meeting' }),
      k.e('parent.shareOutcome', { partyId: 'p2' }),
      k.e('closure.review', { whatWorked: 'talk' }),
    ];
    const close = k.e('case.close', { reason: 'NOT_BULLYING' });
    expect(whyRefused(replay(log), close)).toEqual({ code: 'noParentDecision', params: { party: 'p3' } });
    expect(why(replay([...log, k.e('parent.defer', { partyId: 'p3', reason: 'Reprisal risk at home', decidedBy: 'Head' })]), close)).toBe('accepted');
  });

  it('an adult has no family notice', () => {
    const k = kit();
    const s = replay([...k.intake(), k.e('party.add', { partyId: 'p3', role: 'witness', pseudonym: 'Coach', ageBand: 'adult' })]);
    expect(why(s, k.e('parent.notify', { partyId: 'p3', means: 'phone' }))).toBe('notAFamily');
  });
});

describe('refusals in files name the event, its type and the rule, counting from 1', () => {
  it('a track A after an intimate image, in a replayed log', () => {
    const { k, log } = escalated(['T2']);
    const bad = [...log, k.e('safety.confirm', { note: 'safe' }), ...police(k), k.e('emergency.resolve', {}), k.e('track.choose', { track: 'A', rationale: 'moderate' })];
    try {
      replay(bad);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ReplayError);
      expect((err as Error).message).toBe(
        `event ${bad.length}: "track.choose": refused — After T2, T3, T4 or T6, or with an adult or staff alleged author, the case stays on track B: the shared-concern method is never used.`,
      );
    }
  });
});
