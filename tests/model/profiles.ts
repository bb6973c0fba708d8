import type { CaseEvent } from '../../machines/events';
import type { Alphabet, View } from './explore';

/**
 * The events the model offers in each state, by profile. Each profile is small enough to walk whole and aims at
 * some rules; together they offer every trigger answer, every severity level, the categories by the classes
 * the rules tell apart, every kind of record and update, reopening from every step, and closing with every
 * reason. Symmetry (docs/decisions/0004): triggers that the rules treat alike are represented by one of them —
 * T1 for T1 and T5 (the head decides on track A; police or prosecutor), T4 for T4 and T6 (track B only; e-Blagh
 * counts) — with T2 (intimate image), T3 (adult involved, no e-Blagh) and T7 (staff, the AREF) on their own;
 * the represented ones are answered "no". Records whose order no rule reads are offered in one fixed order.
 */
const BY = 'Model';
const DAY = 86_400_000;
const REPRESENTATIVES = ['T1', 'T2', 'T3', 'T4', 'T7'] as const;
const ORDER = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7'] as const;

type Payload = Record<string, unknown>;
function offer(v: View) {
  const out: CaseEvent[] = [];
  const add = (type: string, payload: Payload = {}, days = 0) =>
    out.push({ type, at: new Date(Date.parse(v.next) + days * DAY).toISOString(), by: BY, ...payload } as unknown as CaseEvent);
  return { out, add };
}

const nextTrigger = (v: View) => ORDER.find((t) => !v.ctx.triggers[t]);
const hasParty = (v: View, id: string) => v.ctx.parties.some((p) => p.id === id);
const referral = (v: View, id: string) => v.ctx.referrals.find((r) => r.id === id);
const reopenedAt = (v: View) => v.ctx.reopenings.at(-1)?.seq ?? -1;
const childFamilies = (v: View) =>
  v.ctx.parties.filter((p) => (p.role === 'target' || p.role === 'allegedAuthor') && p.actorKind !== 'adult' && p.actorKind !== 'staff' && p.ageBand !== 'adult');

/**
 * The paperwork of closure, in one order, then every closure reason. Started by the review; from then on
 * nothing else is offered (no rule but closure reads the paperwork, so other orders reach the same outcomes).
 */
function closing(v: View, add: ReturnType<typeof offer>['add']): boolean {
  if (v.step === 'closed' || v.step === 'detected') return false;
  if (!v.ctx.review) {
    add('closure.review', { whatWorked: 'w' });
    return false;
  }
  const undecided = childFamilies(v).find((p) => !v.ctx.families.some((f) => f.partyId === p.id && f.status !== 'notNotified'));
  const informed = childFamilies(v).find((p) => v.ctx.families.some((f) => f.partyId === p.id && f.status === 'notified'));
  const open = v.ctx.referrals.find((r) => r.status === 'made');
  const kept = v.ctx.evidence.find((x) => x.status !== 'disposed');
  if (undecided) add('parent.defer', { partyId: undecided.id, reason: 'risk at home', decidedBy: 'Head' });
  else if (informed) add('parent.shareOutcome', { partyId: informed.id });
  else if (open) add('referral.resolve', { referralId: open.id, status: 'abandoned', reason: 'no answer' });
  else if (kept) add('evidence.dispose', { evidenceId: kept.id, disposition: 'deleted' });
  else if (!v.ctx.prosecutorDecision || v.ctx.prosecutorDecision.seq < reopenedAt(v)) add('prosecutor.decide', { decision: 'report', reason: 'r' });
  for (const reason of ['RESOLVED', 'NOT_BULLYING', 'TRANSFERRED_TO_AUTHORITY', 'TARGET_LEFT_SCHOOL', 'INSUFFICIENT_INFO']) add('case.close', { reason });
  return true;
}

/** The way out of emergency escalation: the police, their acknowledgement, the child safe; then leave. */
function leaveEmergency(v: View, add: ReturnType<typeof offer>['add']) {
  if (!referral(v, 'rp')) add('referral.make', { referralId: 'rp', channel: 'police19' });
  else if (!referral(v, 'rp')!.acknowledgements.some((a) => a.seq > (v.ctx.yesHistory.at(-1)?.seq ?? -1))) add('referral.acknowledge', { referralId: 'rp' });
  if (!(v.ctx.emergency?.safetyConfirmed && v.ctx.emergency.safetyConfirmed.seq > (v.ctx.yesHistory.at(-1)?.seq ?? -1))) add('safety.confirm', { note: 'safe' });
  add('emergency.resolve');
}

/**
 * "answers": every answer to each representative trigger, at triage and (after the first "yes") in emergency
 * escalation; people who imply triggers (a staff target, an adult author); the categories by class; every level;
 * both screenings; then the way out of emergency and the choice of a track. Rules 3, 5, 7, 8 (evidence kept in an
 * intimate-image case), and the level kept at 4.
 */
export const answers: Alphabet = (v) => {
  const { out, add } = offer(v);
  const answer = (t: string) => ((REPRESENTATIVES as readonly string[]).includes(t) ? ['yes', 'no', 'unknown'] : ['no']);
  switch (v.step) {
    case 'detected':
      add('case.report', { channel: 'oral', reporterRole: 'target' });
      break;
    case 'intake':
      if (!hasParty(v, 'p1')) {
        add('party.add', { partyId: 'p1', role: 'target', pseudonym: 'A', actorKind: 'student' });
        add('party.add', { partyId: 'p1', role: 'target', pseudonym: 'A', actorKind: 'staff' });
      } else if (!hasParty(v, 'p2')) {
        add('party.add', { partyId: 'p2', role: 'allegedAuthor', pseudonym: 'B', actorKind: 'student' });
        if (v.ctx.parties[0]?.actorKind === 'student') {
          add('party.add', { partyId: 'p2', role: 'allegedAuthor', pseudonym: 'B', actorKind: 'adult' });
          // A staff member as author: an adult (T3) and staff (T7).
          add('party.add', { partyId: 'p2', role: 'allegedAuthor', pseudonym: 'B', actorKind: 'staff' });
        }
      } else add('intake.submit', { narrative: 'n', platforms: [], actorKind: v.ctx.parties.find((p) => p.id === 'p2')?.actorKind ?? 'unknown' });
      break;
    case 'triage':
    case 'emergencyEscalation': {
      const t = nextTrigger(v);
      // Before any answer, a screenshot kept with its link (allowed: nothing says yet that it is intimate).
      if (v.step === 'triage' && t === 'T1' && v.ctx.evidence.length === 0) add('evidence.add', { evidenceId: 'e0', kind: 'screenshot', description: 'd', isIntimateImageOfMinor: false, url: 'https://x.example/0' });
      // Once the case is about an intimate image, that copy is deleted, and nothing else is recorded about it.
      const e0 = v.ctx.evidence.find((x) => x.id === 'e0');
      if (v.ref.intimate && e0 && e0.status !== 'disposed') {
        add('evidence.preserve', { evidenceId: 'e0' });
        add('evidence.update', { evidenceId: 'e0', description: 'corrected' });
        add('evidence.dispose', { evidenceId: 'e0', disposition: 'keptInFile' });
        add('evidence.dispose', { evidenceId: 'e0', disposition: 'deleted' });
      }
      if (v.step === 'emergencyEscalation' && !v.ctx.safetyPlan) add('safetyPlan.set', { measures: 'a contact person' });
      if (t) for (const a of answer(t)) add('trigger.answer', { trigger: t, answer: a });
      else if (v.ctx.categories.length === 0) {
        const classes = v.step === 'triage' ? [['HAR'], ['NCII'], ['SXH'], ['STAFF'], ['HATE']] : [['HAR'], ['SXT']];
        for (const codes of classes) add('category.set', { codes });
      } else if (v.step === 'triage' && (v.ctx.level === undefined || v.ctx.needsRerating)) for (const level of [0, 1, 2, 3, 4]) add('severity.rate', { level, rationale: 'r' });
      else if (v.step === 'triage') {
        add('triage.complete', { repeated: true, powerImbalance: true, harmful: true, likelyReshared: false });
        add('triage.complete', { repeated: false, powerImbalance: false, harmful: false, likelyReshared: false });
      } else {
        add('severity.rate', { level: 2, rationale: 'calmer' });
        leaveEmergency(v, add);
      }
      // In an intimate-image case, an attempt to keep a screenshot or a link (refused: it must not be accepted).
      if (v.ref.intimate) add('evidence.add', { evidenceId: 'e1', kind: 'screenshot', description: 'd', isIntimateImageOfMinor: false, url: 'https://x.example/1' });
      // A "no" to a trigger that is "yes" (answered, or meant by a person or a category): refused.
      const yes = ORDER.find((x) => v.ctx.triggers[x]?.answer === 'yes');
      if (yes) add('trigger.answer', { trigger: yes, answer: 'no' });
      break;
    }
    case 'assessment':
    case 'supportAndIntervention':
      if (!v.ctx.track) {
        add('track.choose', { track: 'A', rationale: 'r' });
        add('track.choose', { track: 'B', rationale: 'r' });
        if (!v.ctx.trackAAllowed) add('trackA.allow', { reason: 'the head decided', decidedBy: 'Head' });
      } else if (v.ctx.track === 'A' && v.ctx.interviews.length === 0) add('interview.record', { interviewId: 'i0', partyId: 'p1', kind: 'mppTarget', interviewer: 'X' });
      break;
    default:
      break;
  }
  return out;
};

/** Answers that make the case escalate, by class of the rules: one representative, or two with different authorities. */
const YES_PATTERNS: readonly (readonly string[])[] = [['T1'], ['T2'], ['T3'], ['T4'], ['T7'], ['T1', 'T7'], ['T3', 'T7'], ['T2', 'T4']];

/**
 * "authorities": for each pattern of "yes" (above), every contact in emergency escalation — police, e-Blagh, the
 * AREF, the listening cell (not an authority) — each acknowledged or not, the police's agreement to the school's
 * interviews, the child's safety; then tracks, the head's decision, interviews while the police handle the case
 * or after they closed it or agreed, a new "yes" in the middle of track A, and closure attempts. Rules 1, 2, 3,
 * 4, 6 and the way out of emergency.
 */
export const authorities: Alphabet = (v) => {
  const { out, add } = offer(v);
  switch (v.step) {
    case 'detected':
      add('case.report', { channel: 'oral', reporterRole: 'target' });
      break;
    case 'intake':
      if (!hasParty(v, 'p1')) add('party.add', { partyId: 'p1', role: 'target', pseudonym: 'A', actorKind: 'student' });
      else if (!hasParty(v, 'p2')) add('party.add', { partyId: 'p2', role: 'allegedAuthor', pseudonym: 'B', actorKind: 'student' });
      else add('intake.submit', { narrative: 'n', platforms: [], actorKind: 'student' });
      break;
    case 'triage': {
      // The pattern's "yes" first (the first one escalates), then "no" to the rest, in emergency escalation.
      for (const pattern of YES_PATTERNS) add('trigger.answer', { trigger: pattern[0], answer: 'yes', note: pattern.join('+') });
      break;
    }
    case 'emergencyEscalation': {
      // Closure is tried once every contact was made, acknowledged or not, the child's safety confirmed or not.
      if (v.ctx.referrals.length === 4 && closing(v, add) && v.ctx.review) break;
      // The pattern was written on the first "yes".
      const first = v.ctx.yesHistory[0]?.trigger;
      const pattern = ((first && v.ctx.triggers[first]?.note) || '').split('+');
      const t = nextTrigger(v);
      if (t) {
        add('trigger.answer', { trigger: t, answer: pattern.includes(t) ? 'yes' : 'no' });
        break;
      }
      if (!v.ctx.categories.length) {
        add('category.set', { codes: ['HAR'] });
        break;
      }
      // The contacts one after the other, each acknowledged or not (their order is not something a rule reads).
      const contacts = [['rl', 'listeningCell'], ['ra', 'aref'], ['re', 'eBlagh'], ['rp', 'police19']] as const;
      const current = contacts.findIndex(([id]) => !referral(v, id));
      const last = contacts[current === -1 ? contacts.length - 1 : current - 1];
      if (last && referral(v, last[0])?.status === 'made') add('referral.acknowledge', { referralId: last[0] });
      // After a later "yes" (one in the middle of track A), the police acknowledge again.
      const police = referral(v, 'rp');
      if (current === -1 && police?.status === 'acknowledged' && !police.acknowledgements.some((a) => a.seq > (v.ctx.yesHistory.at(-1)?.seq ?? -1))) add('referral.acknowledge', { referralId: 'rp' });
      if (current !== -1) add('referral.make', { referralId: contacts[current]![0], channel: contacts[current]![1] });
      if (!v.ctx.emergency?.safetyConfirmed) add('safety.confirm', { note: 'safe' });
      add('emergency.resolve');
      break;
    }
    case 'supportAndIntervention': {
      if (closing(v, add) && v.ctx.review) break;
      add('track.choose', { track: 'A', rationale: 'r' });
      add('track.choose', { track: 'B', rationale: 'r' });
      if (!v.ctx.trackAAllowed) add('trackA.allow', { reason: 'the head decided', decidedBy: 'Head' });
      const n = v.ctx.interviews.length;
      if (n < 3) {
        add('interview.record', { interviewId: `i${n}`, partyId: 'p1', kind: 'mppTarget', interviewer: 'X' });
        add('interview.record', { interviewId: `i${n}`, partyId: 'p2', kind: 'mppAuthor', interviewer: 'X' });
        add('interview.record', { interviewId: `i${n}`, partyId: 'p2', kind: 'formal', interviewer: 'X' });
        add('interview.record', { interviewId: `i${n}`, partyId: 'p2', kind: 'mppFollowUp', interviewer: 'X' });
      }
      const police = referral(v, 'rp');
      if (police && police.status !== 'closed') {
        if (!police.acknowledgements.some((a) => a.schoolMayInterview)) add('referral.acknowledge', { referralId: 'rp', schoolMayInterview: true });
        add('referral.resolve', { referralId: 'rp', status: 'completed', outcome: 'with the prosecutor' });
      }
      // A new hard trigger in the middle of track A.
      if (v.ctx.track === 'A' && v.ctx.triggers.T5?.answer !== 'yes') add('trigger.answer', { trigger: 'T5', answer: 'yes' });
      add('followUp.start');
      break;
    }
    default:
      closing(v, add);
      break;
  }
  return out;
};

/**
 * "flow": a case without a hard trigger (or with one after a reopening) through every step: who is told (the
 * lead, the head), every level, both screenings, both tracks, the shared-concern series, follow-up meetings
 * better and worse, success and failure, track B's measures, monitoring checks before and after the window,
 * a recurrence, the head's early end, closure with every reason, and a reopening from every step. Rules 2, 9,
 * 10, 11, 12 (more interviews, more meetings), 13 (closure needs each family).
 */
export const flow: Alphabet = (v) => {
  const { out, add } = offer(v);
  const reopened = v.ctx.reopenings.length > 0;
  const reopen = () => !reopened && add('case.reopen', { reason: 'relapse', note: 'n' });
  const sinceReopen = <T extends { seq: number }>(list: readonly T[]) => list.filter((x) => x.seq > (v.ctx.reopenings.at(-1)?.seq ?? -1));
  if (v.ctx.review && closing(v, add)) return out;
  switch (v.step) {
    case 'detected':
      add('case.report', { channel: 'oral', reporterRole: 'target' });
      break;
    case 'intake':
      if (!hasParty(v, 'p1')) add('party.add', { partyId: 'p1', role: 'target', pseudonym: 'A', actorKind: 'student' });
      else if (!hasParty(v, 'p2')) add('party.add', { partyId: 'p2', role: 'allegedAuthor', pseudonym: 'B', actorKind: 'student' });
      // An adult witness (a coach, a parent): never in a shared-concern interview.
      else if (!hasParty(v, 'p3')) add('party.add', { partyId: 'p3', role: 'witness', pseudonym: 'C', ageBand: 'adult' });
      else {
        if (!v.ctx.leadInformed) add('lead.inform', { informed: 'caseLead' });
        if (!v.ctx.headInformed) add('lead.inform', { informed: 'head' });
        add('intake.submit', { narrative: 'n', platforms: [], actorKind: 'student' });
      }
      add('case.reopen', { reason: 'newFacts', note: 'n' });
      break;
    case 'triage': {
      const t = nextTrigger(v);
      // T3 may be "not yet known"; T1 may be "yes" (a case that goes through emergency, then on).
      const choices = t === 'T3' ? ['no', 'unknown'] : t === 'T1' ? ['no', 'yes'] : ['no'];
      // Reopened, nothing answered again yet: an attempt to close at once (refused: danger is ruled out first).
      if (reopened && t === 'T1') closing(v, add);
      if (t) for (const answer of choices) add('trigger.answer', { trigger: t, answer });
      else if (!v.ctx.categories.length) add('category.set', { codes: ['HAR'] });
      else if (v.ctx.level === undefined || v.ctx.needsRerating) for (const level of reopened ? [2, 3] : [0, 1, 2, 3, 4]) add('severity.rate', { level, rationale: 'r' });
      else {
        add('triage.complete', { repeated: true, powerImbalance: true, harmful: true, likelyReshared: false });
        if (!reopened) add('triage.complete', { repeated: false, powerImbalance: false, harmful: false, likelyReshared: false });
      }
      add('severity.rate', { level: 2, rationale: 'early' });
      add('case.reopen', { reason: 'newFacts', note: 'n' });
      break;
    }
    case 'emergencyEscalation': {
      const t = nextTrigger(v);
      if (t) add('trigger.answer', { trigger: t, answer: 'no' });
      else leaveEmergency(v, add);
      add('case.reopen', { reason: 'newFacts', note: 'n' });
      break;
    }
    case 'conflictHandling':
      reopen();
      closing(v, add);
      break;
    case 'assessment':
      add('track.choose', { track: 'A', rationale: 'r' });
      add('track.choose', { track: 'B', rationale: 'r' });
      if (!v.ctx.trackAAllowed || v.ctx.trackAAllowed.seq < reopenedAt(v)) add('trackA.allow', { reason: 'the head decided', decidedBy: 'Head' });
      reopen();
      break;
    case 'supportAndIntervention': {
      // Ids come from the log's length: unique, and not part of what a state is.
      const id = `i${v.ctx.events}`;
      const n = sinceReopen(v.ctx.interviews).length;
      if (v.ctx.track === 'A' && n < 3) {
        add('interview.record', { interviewId: id, partyId: 'p1', kind: 'mppTarget', interviewer: 'X' });
        add('interview.record', { interviewId: id, partyId: 'p2', kind: 'mppAuthor', interviewer: 'X' });
        add('interview.record', { interviewId: id, partyId: 'p2', kind: 'mppFollowUp', interviewer: 'X' });
        add('interview.record', { interviewId: id, partyId: 'p3', kind: 'mppWitness', interviewer: 'X' });
        // The prosecutor seized once an author was met: from then on no meeting with the author (rule 4).
        if (!referral(v, 'rq') && v.ctx.intervention?.authorInterviews) add('referral.make', { referralId: 'rq', channel: 'prosecutor' });
      } else if (v.ctx.track === 'B') {
        if (n < 1) add('interview.record', { interviewId: id, partyId: 'p2', kind: 'formal', interviewer: 'X' });
        if (!v.ctx.measures.length) add('trackB.measure', { kind: 'protection', description: 'm' });
      } else if (!v.ctx.track) {
        add('track.choose', { track: 'B', rationale: 'r' });
        // After T1 (the emergency path), track A on the head's decision, taken again after a reopening.
        if (v.ctx.yesHistory.length > 0) {
          add('track.choose', { track: 'A', rationale: 'r' });
          if (!v.ctx.trackAAllowed || v.ctx.trackAAllowed.seq < reopenedAt(v)) add('trackA.allow', { reason: 'the head decided', decidedBy: 'Head' });
        }
      }
      add('followUp.start');
      reopen();
      closing(v, add);
      break;
    }
    case 'followUp': {
      const meetings = sinceReopen(v.ctx.followUps);
      if (meetings.length === 0) {
        add('followUp.record', { targetReport: 'better' });
        add('followUp.record', { targetReport: 'worse' });
      } else if (meetings.length === 1 && meetings[0]?.targetReport === 'worse') add('followUp.record', { targetReport: 'better' });
      if (v.ctx.track === 'A' && sinceReopen(v.ctx.interviews).length < 4) add('interview.record', { interviewId: `i${v.ctx.events}`, partyId: 'p2', kind: 'mppFollowUp', interviewer: 'X' });
      if (v.ctx.track === 'B' && v.ctx.measures.length < 2) add('trackB.measure', { kind: 'sanction', description: 's' });
      add('followUp.resolve');
      add('followUp.fail', { reason: 'noImprovement' });
      reopen();
      break;
    }
    case 'escalatedTrackB': {
      if (!v.ctx.interviews.some((i) => i.kind === 'formal' && i.seq >= (v.ctx.trackHistory.at(-1)?.seq ?? 0))) add('interview.record', { interviewId: `i${v.ctx.events}`, partyId: 'p2', kind: 'formal', interviewer: 'X' });
      add('trackB.measure', { kind: 'sanction', description: 's' });
      add('trackB.resolve');
      reopen();
      closing(v, add);
      break;
    }
    case 'monitoring': {
      const checks = v.ctx.monitoringChecks.filter((c) => c.seq > (v.ctx.monitoringFrom?.seq ?? 0));
      // A first check soon (better, or a recurrence), then one ten weeks later (past 20 and 30 school days).
      if (checks.length === 0) {
        add('monitoring.check', { recurrence: false, targetReport: 'better' });
        add('monitoring.check', { recurrence: true, targetReport: 'worse' });
      } else if (checks.length === 1) add('monitoring.check', { recurrence: false, targetReport: 'better' }, 70);
      if (!v.ctx.earlyClosure) add('monitoring.endEarly', { reason: 'moved away', decidedBy: 'Head' });
      reopen();
      closing(v, add);
      break;
    }
    case 'closed':
      reopen();
      add('note.add', { text: 'n' });
      break;
  }
  return out;
};

/**
 * "records": people of every kind (a child witness, an adult witness, an author who turns out to be an adult),
 * evidence (a screenshot with a link; an intimate image, described; attempts to attach media), referrals (a
 * platform; the police, acknowledged, agreeing to the school's interviews), a notice for each family with every
 * move and update, in an ordinary case and in one with an intimate-image category; then closure. Each record is
 * taken through its moves before the next is started. Rules 5, 8, 12, 13 and closure's paperwork.
 */
export const records: Alphabet = (v) => {
  const { out, add } = offer(v);
  if (v.ctx.review && closing(v, add)) return out;
  switch (v.step) {
    case 'detected':
      add('case.report', { channel: 'oral', reporterRole: 'target' });
      return out;
    case 'intake': {
      const people: Payload[] = [
        { partyId: 'p1', role: 'target', pseudonym: 'A', actorKind: 'student' },
        { partyId: 'p2', role: 'allegedAuthor', pseudonym: 'B', actorKind: 'student' },
        { partyId: 'p3', role: 'witness', pseudonym: 'C', actorKind: 'student' },
        { partyId: 'p4', role: 'witness', pseudonym: 'D', ageBand: 'adult' },
      ];
      const next = people.find((p) => !hasParty(v, p.partyId as string));
      if (next) add('party.add', next);
      else add('intake.submit', { narrative: 'n', platforms: [], actorKind: 'student' });
      return out;
    }
    case 'triage': {
      const t = nextTrigger(v);
      if (t) add('trigger.answer', { trigger: t, answer: 'no' });
      else if (!v.ctx.categories.length) for (const codes of [['HAR'], ['SXH']]) add('category.set', { codes });
      else if (v.ctx.level === undefined) add('severity.rate', { level: 2, rationale: 'r' });
      else add('triage.complete', { repeated: true, powerImbalance: true, harmful: true, likelyReshared: false });
      return out;
    }
    case 'emergencyEscalation': {
      const t = nextTrigger(v);
      if (t) add('trigger.answer', { trigger: t, answer: 'no' });
      else leaveEmergency(v, add);
      return out;
    }
    case 'closed':
      return out;
    default:
      break;
  }
  // Evidence: a screenshot with its link, then an intimate image (described), each through its moves.
  const e1 = v.ctx.evidence.find((x) => x.id === 'e1');
  const e2 = v.ctx.evidence.find((x) => x.id === 'e2');
  const evidence = (x: typeof e1, id: string) => {
    if (!x) return false;
    if (x.status === 'disposed') return false;
    add('evidence.update', { evidenceId: id, description: 'corrected' });
    add('evidence.update', { evidenceId: id, url: 'https://x.example/2' });
    if (x.status === 'capturing') {
      add('evidence.preserve', { evidenceId: id });
      add('evidence.preserve', { evidenceId: id, storageLocation: 'binder' });
    }
    if (x.status === 'preserved') add('evidence.retain', { evidenceId: id, reason: 'kept for the file' });
    if (x.status === 'preserved' || x.status === 'retained' || x.status === 'sharedWithAuthority') {
      add('evidence.share', { evidenceId: id, channel: 'police19' });
      add('evidence.share', { evidenceId: id, channel: 'prosecutor' });
    }
    add('evidence.dispose', { evidenceId: id, disposition: 'keptInFile' });
    return true;
  };
  if (!e1) {
    add('evidence.add', { evidenceId: 'e1', kind: 'screenshot', description: 'd', isIntimateImageOfMinor: false, url: 'https://x.example/1' });
    add('evidence.add', { evidenceId: 'e1', kind: 'description', description: 'd', isIntimateImageOfMinor: false });
    return out;
  }
  if (evidence(e1, 'e1')) return out;
  if (!e2) {
    add('evidence.add', { evidenceId: 'e2', kind: 'description', description: 'described only', isIntimateImageOfMinor: true });
    add('evidence.add', { evidenceId: 'e2', kind: 'screenshot', description: 'd', isIntimateImageOfMinor: true, file: 'x.jpg' });
    return out;
  }
  if (evidence(e2, 'e2')) return out;
  // Referrals: a platform report, then the police.
  const r1 = referral(v, 'r1');
  const r2 = referral(v, 'r2');
  if (!r1) {
    add('referral.make', { referralId: 'r1', channel: 'platformReport', platform: 'instagram' });
    return out;
  }
  if (r1.status !== 'closed') {
    add('referral.resolve', { referralId: 'r1', status: 'abandoned', reason: '' });
    add('referral.resolve', { referralId: 'r1', status: 'completed', outcome: 'removed' });
    return out;
  }
  if (!r2) {
    add('referral.make', { referralId: 'r2', channel: 'police19' });
    return out;
  }
  if (r2.status !== 'closed') {
    if (r2.acknowledgements.length < 2) {
      add('referral.acknowledge', { referralId: 'r2', reference: 'P' });
      add('referral.acknowledge', { referralId: 'r2', schoolMayInterview: true });
    }
    add('referral.resolve', { referralId: 'r2', status: 'completed' });
    return out;
  }
  // A notice for each family, with every move; an adult has none (tried, refused, every time).
  add('parent.notify', { partyId: 'p4', means: 'phone' });
  for (const id of ['p1', 'p2', 'p3']) {
    const f = v.ctx.families.find((x) => x.partyId === id);
    // Done once told the outcome, or deferred (a further deferral or update is tried from there too).
    if (f && (f.status === 'outcomeShared' || f.status === 'deferred') && id !== 'p3') continue;
    if (f && f.status === 'outcomeShared') continue;
    add('parent.notify', { partyId: id, means: 'phone' });
    add('parent.defer', { partyId: id, reason: 'risk', decidedBy: 'Head' });
    add('parent.update', { partyId: id, note: 'news' });
    add('parent.shareOutcome', { partyId: id });
    return out;
  }
  // The author turns out to be an adult: T3, emergency at once.
  if (!v.ctx.parties.some((p) => p.id === 'p2' && (p.actorKind === 'adult' || p.ageBand === 'adult'))) {
    add('party.update', { partyId: 'p2', actorKind: 'adult' });
    // Or only the age band says so: an adult all the same.
    add('party.update', { partyId: 'p2', ageBand: 'adult' });
  }
  if (!v.ctx.headInformed) add('lead.inform', { informed: 'head' });
  closing(v, add);
  return out;
};

/** The profiles by name. */
export const PROFILES = { answers, authorities, records, flow } as const;
export type ProfileName = keyof typeof PROFILES;
