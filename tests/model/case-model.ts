import { getAdjacencyMap } from 'xstate/graph';
import { caseMachine } from '../../machines/case-machine';
import { authorityAcknowledged, hasHardTrigger } from '../../machines/case-rules';
import type { CaseEvent } from '../../machines/events';
import type { CaseSnapshot } from '../../machines/replay';
import { stepOf } from '../../machines/replay';
import { CLOSURE_REASONS } from '../../protocol/closure';
import { TRIGGER_IDS } from '../../protocol/triggers';
import type { TriggerAnswer, TriggerId } from '../../protocol/triggers';

/**
 * The model the safety rules are proven on. Events carry concrete payloads (guards read them). Time moves
 * forward one minute per event, derived from the path length so that equal abstract states get equal events.
 *
 * State identity (serializeState) is the state value plus every fact of the context that a guard reads:
 * with the value alone, the many events that stay in one step (answers, records) would be merged and the
 * traversal could not get past triage; with the whole context, ids and timestamps would make it infinite.
 */

const BY = 'Model';
const at = (s: CaseSnapshot) => new Date(Date.parse('2026-11-02T08:00:00Z') + eventCount(s) * 60_000).toISOString();
const eventCount = (s: CaseSnapshot) => {
  const c = s.context;
  return c.severityHistory.length + c.referrals.length * 3 + c.evidence.length * 3 + c.interviews.length + c.followUps.length + c.reopenings.length + c.parentNotice.log.length + Object.keys(c.triggers).length + c.parties.length + c.monitoringChecks.length + c.measures.length + 10;
};

/**
 * Which answers the model tries for each trigger. The machine treats the seven alike (any "yes" is a hard
 * trigger) except that categories imply some; T1 and T2 stand for all, and T2 meets the NCII category.
 */
const ANSWERS: Record<TriggerId, TriggerAnswer[]> = {
  T1: ['no', 'yes'],
  T2: ['no', 'yes', 'unknown'],
  T3: ['no'],
  T4: ['no'],
  T5: ['no'],
  T6: ['no'],
  T7: ['no'],
};

/**
 * Two profiles keep the state space finite and small enough to enumerate on a 2-core CI machine:
 * `flow` tries every step, trigger answer, rating, track and outcome (rules 1, 2, 5); `records` keeps a short
 * flow but tries every evidence, referral and parent-notice move, including the forbidden ones (rules 3, 4).
 * Within a step, records that commute (trigger answers, the closure paperwork) are offered in one fixed order:
 * the order changes no guard, so this removes duplicate paths, never a distinct outcome.
 */
export type Profile = 'flow' | 'records';

export function modelEvents(profile: Profile) {
  return (s: CaseSnapshot): CaseEvent[] => {
    const c = s.context;
    const step = stepOf(s);
    const t = at(s);
    const e = (x: Record<string, unknown>) => ({ at: t, by: BY, ...x }) as unknown as CaseEvent;
    const flow = profile === 'flow';
    const out: CaseEvent[] = [];
    const add = (...xs: Record<string, unknown>[]) => xs.forEach((x) => out.push(e(x)));
    const interview = (partyId: string, kind: string) => ({ type: 'interview.record', interviewId: `i${c.interviews.length}`, partyId, kind, interviewer: 'X' });

    // The closure paperwork, in a fixed order, then every closure reason (the guard decides which may close).
    // No guard but closure reads the paperwork, so a path that starts it goes straight on to closing:
    // any other interleaving reaches the same outcomes.
    const closing = !!c.prosecutorDecision || !!c.review || (flow && c.parentNotice.machine.value === 'deferred');
    const paperwork = () => {
      if (c.parentNotice.machine.value === 'notNotified') add({ type: 'parent.defer', reason: 'risk at home' });
      else if (!c.prosecutorDecision) add({ type: 'prosecutor.decide', decision: 'report', reason: 'crime' });
      else if (!c.review) add({ type: 'closure.review', whatWorked: 'w' });
      // What else closure asks for: settle what is still open.
      if (c.parentNotice.machine.value === 'notified') add({ type: 'parent.shareOutcome' });
      for (const r of c.referrals.filter((x) => x.machine.value !== 'closed')) {
        add({ type: 'referral.resolve', referralId: r.id, status: 'abandoned', reason: 'no answer after reminders' });
      }
      for (const x of c.evidence.filter((i) => i.machine.value !== 'disposed')) add({ type: 'evidence.dispose', evidenceId: x.id, disposition: 'deleted' });
      CLOSURE_REASONS.forEach((reason) => add({ type: 'case.close', reason }));
    };
    const newFacts = () => {
      // One reopening, after the vigilance phase, is enough to show its effect: more would only repeat the cycle
      // with a longer history. That every open step accepts a reopening is an example test of the machine.
      if (flow && c.reopenings.length === 0 && step === 'monitoring') add({ type: 'case.reopen', reason: 'relapse', note: 'n' });
      if (flow && c.triggers.T1?.answer !== 'yes') add({ type: 'trigger.answer', trigger: 'T1', answer: 'yes' });
      if (flow) add({ type: 'severity.rate', level: 4, rationale: 'worse' }, { type: 'severity.rate', level: 2, rationale: 'calmer' });
    };
    const records = () => {
      if (flow) return;
      add(
        { type: 'evidence.add', evidenceId: 'e1', kind: 'screenshot', description: 'd', isIntimateImageOfMinor: false, url: 'https://x.example/1' },
        { type: 'evidence.add', evidenceId: 'e2', kind: 'description', description: 'd', isIntimateImageOfMinor: true },
        { type: 'evidence.preserve', evidenceId: 'e2' },
        { type: 'evidence.preserve', evidenceId: 'e1', storageLocation: 'binder' },
        { type: 'evidence.share', evidenceId: 'e2', channel: 'police19' },
        { type: 'evidence.dispose', evidenceId: 'e1', disposition: 'keptInFile' },
        { type: 'evidence.dispose', evidenceId: 'e2', disposition: 'handedToAuthority' },
        { type: 'referral.make', referralId: 'r2', channel: 'platformReport' },
        { type: 'referral.resolve', referralId: 'r2', status: 'completed', outcome: 'removed' },
        { type: 'referral.resolve', referralId: 'r2', status: 'abandoned', reason: '' },
        { type: 'parent.notify', means: 'phone' },
        { type: 'parent.shareOutcome' },
      );
    };

    const attempts = () =>
      flow ||
      add(
        { type: 'evidence.add', evidenceId: 'e3', kind: 'screenshot', description: 'd', isIntimateImageOfMinor: true, file: 'x.jpg' },
        { type: 'evidence.add', evidenceId: 'e4', kind: 'description', description: 'd', isIntimateImageOfMinor: true, sha256: 'ab'.repeat(32) },
        { type: 'evidence.update', evidenceId: 'e2', url: 'https://x.example/2' },
        { type: 'evidence.preserve', evidenceId: 'e2', storageLocation: 'usb key' },
      );
    if (closing && step !== 'closed') {
      paperwork();
      attempts();
      return out;
    }
    attempts();
    switch (step) {
      case 'detected':
        add({ type: 'case.report', channel: 'oral', reporterRole: 'target' });
        break;
      case 'intake':
        // An intake without a target is tried (and refused) before the target is added.
        if (!c.parties.length) add({ type: 'party.add', partyId: 'p2', role: 'allegedAuthor', pseudonym: 'B' });
        else if (c.parties.length === 1) add({ type: 'party.add', partyId: 'p1', role: 'target', pseudonym: 'A' });
        add({ type: 'intake.submit', narrative: 'n', platforms: [], actorKind: 'student' });
        paperwork();
        break;
      case 'triage': {
        const next = TRIGGER_IDS.find((id) => !c.triggers[id]);
        const answers = flow ? ANSWERS : { ...ANSWERS, T1: ['no'], T7: ['no'] };
        if (next) for (const answer of answers[next] as TriggerAnswer[]) add({ type: 'trigger.answer', trigger: next, answer });
        else if (!c.categories.length) add({ type: 'category.set', codes: ['HAR'] }, { type: 'category.set', codes: ['NCII'] });
        else if (c.level === undefined || c.needsRerating) {
          for (const level of flow ? [0, 2, 4] : [2]) add({ type: 'severity.rate', level, rationale: 'r' });
        } else {
          add({ type: 'triage.complete', repeated: true, powerImbalance: true, harmful: true, likelyReshared: false });
          if (flow) add({ type: 'triage.complete', repeated: false, powerImbalance: false, harmful: false, likelyReshared: false });
          records();
        }
        paperwork();
        break;
      }
      case 'emergencyEscalation':
        // Either the police or, to show it unlocks nothing, only the helpline.
        if (!c.referrals.some((r) => r.id === 'r9')) add({ type: 'referral.make', referralId: 'r1', channel: 'police19' });
        if (flow && c.referrals.length === 0) add({ type: 'referral.make', referralId: 'r9', channel: 'emcHelpline' });
        add(
          { type: 'referral.acknowledge', referralId: 'r1', reference: 'P1' },
          { type: 'referral.acknowledge', referralId: 'r9' },
          { type: 'safety.confirm', note: 'safe' },
          { type: 'emergency.resolve' },
          { type: 'track.choose', track: 'A', rationale: 'r' },
        );
        if (!flow) add({ type: 'referral.resolve', referralId: 'r1', status: 'completed' });
        records();
        newFacts();
        paperwork();
        break;
      case 'conflictHandling':
        newFacts();
        paperwork();
        break;
      case 'assessment':
      case 'supportAndIntervention':
        add({ type: 'track.choose', track: 'B', rationale: 'r' });
        if (flow) add({ type: 'track.choose', track: 'A', rationale: 'r' }, interview('p1', 'mppTarget'), interview('p2', 'mppAuthor'));
        add(interview('p2', 'formal'), { type: 'followUp.start' });
        newFacts();
        paperwork();
        break;
      case 'followUp':
        add({ type: 'followUp.record', targetReport: 'better' }, { type: 'followUp.resolve' });
        if (flow) add({ type: 'followUp.record', targetReport: 'worse' }, { type: 'followUp.fail', reason: 'noImprovement' }, interview('p2', 'mppFollowUp'));
        newFacts();
        paperwork();
        break;
      case 'escalatedTrackB':
        add(interview('p2', 'formal'), { type: 'trackB.measure', kind: 'protection', description: 'm' }, { type: 'trackB.resolve' });
        newFacts();
        paperwork();
        break;
      case 'monitoring':
        add({ type: 'monitoring.check', recurrence: false, targetReport: 'better' });
        if (flow) add({ type: 'monitoring.check', recurrence: true, targetReport: 'worse' });
        newFacts();
        paperwork();
        break;
      case 'closed':
        if (flow && c.reopenings.length === 0) add({ type: 'case.reopen', reason: 'relapse', note: 'n' });
        add({ type: 'party.add', partyId: 'p9', role: 'witness', pseudonym: 'W' });
        break;
    }
    return out;
  };
}

const sub = (x: { machine: { value: string } }) => x.machine.value;

/** Everything a guard can read, and nothing else (see the header comment). */
export function abstractState(s: CaseSnapshot): string {
  const c = s.context;
  return JSON.stringify([
    s.value,
    TRIGGER_IDS.map((t) => c.triggers[t]?.answer[0] ?? '-').join(''),
    c.categories,
    c.level ?? null,
    c.needsRerating,
    c.parties.map((p) => p.id),
    !!c.intake,
    c.emergency ? [!!c.emergency.safetyConfirmed, !!c.emergency.resolvedAt] : null,
    c.referrals.map((r) => `${r.id}:${sub(r)}:${r.acknowledgedAt ? 'ack' : ''}`),
    c.evidence.map((x) => `${x.id}:${sub(x)}`),
    c.parentNotice.machine.value,
    !!c.prosecutorDecision,
    c.track ?? null,
    c.intervention ? [c.intervention.value, (c.intervention.context.authorInterviews as number) > 0] : null,
    c.interviews.some((i) => i.kind === 'formal'),
    c.followUps.at(-1)?.targetReport ?? null,
    c.followUps.length > 0,
    c.measures.length > 0,
    c.monitoringChecks.at(-1) ? [c.monitoringChecks.at(-1)?.recurrence, c.monitoringChecks.at(-1)?.targetReport] : null,
    !!c.review,
    c.closure?.reason ?? null,
    // Path facts the safety rules speak about, kept in the context by the machine itself:
    Math.max(-1, ...c.severityHistory.map((h) => h.level)),
    hasHardTrigger(c) && c.emergency ? Date.parse(c.emergency.enteredAt) >= firstYesAt(s) : null,
    authorityAcknowledged(c),
  ]);
}

export function firstYesAt(s: CaseSnapshot): number {
  const times = TRIGGER_IDS.map((t) => s.context.triggers[t]).filter((r) => r?.answer === 'yes').map((r) => Date.parse(r?.at ?? ''));
  return times.length ? Math.min(...times) : Number.POSITIVE_INFINITY;
}

export function buildModel(profile: Profile) {
  return getAdjacencyMap(caseMachine, {
    input: { caseId: 'model' },
    events: modelEvents(profile),
    serializeState: (s) => abstractState(s as CaseSnapshot),
    serializeEvent: (e) => JSON.stringify({ ...e, at: undefined }),
  });
}

export { stepOf };
