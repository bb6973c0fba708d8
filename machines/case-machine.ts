import { and, assign, setup } from 'xstate';
import { EMERGENCY_LEVEL } from '../protocol/severity';
import type { StepId } from '../protocol/steps';
import type { CaseContext } from './case-context';
import { applyEvent, emptyContext, startStepClocks } from './case-reducer';
import {
  canResolveFollowUp,
  canResolveTrackB,
  canStartFollowUp,
  authorityAcknowledged,
  closureBlockers,
  contradictedTriggers,
  hasHardTrigger,
  isMppAllowed,
  triageProblems,
} from './case-rules';
import type { CaseEvent } from './events';
import { attachesMedia, evidenceMachine } from './evidence-machine';
import { interventionMachine } from './intervention-machine';
import { parentNoticeMachine } from './parent-notice-machine';
import { referralMachine } from './referral-machine';
import { subCan } from './sub-machine';

/** Bumped whenever states or guards change: a stored snapshot of another version is rebuilt by replay. */
export const CASE_MACHINE_VERSION = 1;

const has = <T extends { id: string }>(list: T[], id: string) => list.some((x) => x.id === id);
const find = <T extends { id: string }>(list: T[], id: string) => list.find((x) => x.id === id);

export const caseMachine = setup({
  types: {
    context: {} as CaseContext,
    events: {} as CaseEvent,
    input: {} as { caseId: string },
  },
  guards: {
    isNewParty: ({ context, event }) => event.type === 'party.add' && !has(context.parties, event.partyId),
    isKnownParty: ({ context, event }) => event.type === 'party.update' && has(context.parties, event.partyId),
    isIntakeComplete: ({ context }) => context.parties.some((p) => p.role === 'target'),
    // A "yes" is never withdrawn: it already forced the emergency route (safety rule 2).
    canAnswerTrigger: ({ context, event }) => event.type === 'trigger.answer' && context.triggers[event.trigger]?.answer !== 'yes',
    isYes: ({ event }) => event.type === 'trigger.answer' && event.answer === 'yes',
    isCriticalRating: ({ event }) => event.type === 'severity.rate' && event.level === EMERGENCY_LEVEL,
    canRate: ({ context, event }) =>
      event.type === 'severity.rate' && !(hasHardTrigger(context) && event.level < EMERGENCY_LEVEL),
    // Outside triage, a category may not imply a trigger that is not recorded: answer the trigger first.
    areCategoriesConsistent: ({ context, event }) => event.type === 'category.set' && contradictedTriggers(context, event.codes).length === 0,
    isTriageReady: ({ context }) => triageProblems(context).length === 0,
    isEmergencyTriage: ({ context }) => hasHardTrigger(context) || context.level === EMERGENCY_LEVEL,
    isConflict: ({ context, event }) =>
      event.type === 'triage.complete' &&
      (context.level ?? 0) <= 1 &&
      !(event.harmful && event.likelyReshared) &&
      !(event.repeated && event.powerImbalance),
    canAddEvidence: ({ context, event }) =>
      event.type === 'evidence.add' &&
      !has(context.evidence, event.evidenceId) &&
      !(event.isIntimateImageOfMinor && (attachesMedia(event) || event.kind !== 'description')),
    evidenceAccepts: ({ context, event }) => {
      if (!('evidenceId' in event) || event.type === 'evidence.add') return false;
      const item = find(context.evidence, event.evidenceId);
      return item !== undefined && subCan(evidenceMachine, item.machine, event as Parameters<typeof subCan<typeof evidenceMachine>>[2]);
    },
    isNewReferral: ({ context, event }) => event.type === 'referral.make' && !has(context.referrals, event.referralId),
    referralAccepts: ({ context, event }) => {
      if (event.type !== 'referral.acknowledge' && event.type !== 'referral.resolve') return false;
      const r = find(context.referrals, event.referralId);
      return r !== undefined && subCan(referralMachine, r.machine, event);
    },
    parentAccepts: ({ context, event }) =>
      (event.type === 'parent.notify' || event.type === 'parent.defer' || event.type === 'parent.update' || event.type === 'parent.shareOutcome') &&
      subCan(parentNoticeMachine, context.parentNotice.machine, event),
    isTrackAllowed: ({ context, event }) => event.type === 'track.choose' && (event.track === 'B' || isMppAllowed(context)),
    // A.9: on track B the head decides protective measures and sanctions as soon as the track is chosen.
    isOnTrackB: ({ context }) => context.track === 'B',
    canRecordInterview: ({ context, event }) => {
      if (event.type !== 'interview.record' || has(context.interviews, event.interviewId) || !has(context.parties, event.partyId)) return false;
      if (event.kind === 'formal') return context.track === 'B';
      return context.track === 'A' && isMppAllowed(context) && context.intervention !== undefined && subCan(interventionMachine, context.intervention, event);
    },
    canResolveEmergency: ({ context }) => context.emergency?.safetyConfirmed !== undefined && authorityAcknowledged(context),
    canStartFollowUp: ({ context }) => canStartFollowUp(context),
    canResolveFollowUp: ({ context }) => canResolveFollowUp(context),
    canFailFollowUp: ({ context }) => context.followUps.length > 0,
    canResolveTrackB: ({ context }) => canResolveTrackB(context),
    canClose: ({ context, event }, params: { step: StepId }) =>
      event.type === 'case.close' && closureBlockers(context, params.step, event.reason).length === 0,
  },
  actions: {
    apply: assign(({ context, event }) => applyEvent(context, event)),
    enterStep: assign(({ context, event }, params: { step: StepId }) => ({
      clocks: startStepClocks(context, params.step, event.at),
      ...(params.step === 'emergencyEscalation' ? { emergency: { enteredAt: event.at } } : {}),
    })),
  },
}).createMachine({
  id: 'case',
  context: ({ input }) => emptyContext(input.caseId),
  initial: 'detected',
  states: {
    detected: {
      meta: { step: 'detected' },
      on: { 'case.report': { target: 'intake', actions: 'apply' } },
    },
    intake: {
      meta: { step: 'intake' },
      entry: { type: 'enterStep', params: { step: 'intake' } },
      on: {
        ...records(),
        'intake.submit': { guard: 'isIntakeComplete', target: 'triage', actions: 'apply' },
        ...closing('intake'),
      },
    },
    // A.3: answers are collected here; completing triage routes the case.
    triage: {
      meta: { step: 'triage' },
      entry: { type: 'enterStep', params: { step: 'triage' } },
      on: {
        ...records(),
        'trigger.answer': { guard: 'canAnswerTrigger', actions: 'apply' },
        'category.set': { actions: 'apply' },
        'severity.rate': { guard: 'canRate', actions: 'apply' },
        'triage.complete': [
          { guard: and(['isTriageReady', 'isEmergencyTriage']), target: 'emergencyEscalation', actions: 'apply' },
          { guard: and(['isTriageReady', 'isConflict']), target: 'conflictHandling', actions: 'apply' },
          { guard: 'isTriageReady', target: 'assessment', actions: 'apply' },
        ],
        ...closing('triage'),
      },
    },
    // A hard trigger: MPP is blocked; the school calls the authorities now and records each contact.
    emergencyEscalation: {
      meta: { step: 'emergencyEscalation' },
      entry: { type: 'enterStep', params: { step: 'emergencyEscalation' } },
      on: {
        ...records(),
        ...rerating(false),
        'safety.confirm': { actions: 'apply' },
        'emergency.resolve': { guard: 'canResolveEmergency', target: 'supportAndIntervention', actions: 'apply' },
        ...closing('emergencyEscalation'),
        ...reopening(),
      },
    },
    conflictHandling: {
      meta: { step: 'conflictHandling' },
      entry: { type: 'enterStep', params: { step: 'conflictHandling' } },
      on: { ...records(), ...rerating(true), ...closing('conflictHandling'), ...reopening() },
    },
    assessment: {
      meta: { step: 'assessment' },
      entry: { type: 'enterStep', params: { step: 'assessment' } },
      on: {
        ...records(),
        ...rerating(true),
        'safetyPlan.set': { actions: 'apply' },
        'track.choose': { guard: 'isTrackAllowed', target: 'supportAndIntervention', actions: 'apply' },
        ...closing('assessment'),
        ...reopening(),
      },
    },
    supportAndIntervention: {
      meta: { step: 'supportAndIntervention' },
      entry: { type: 'enterStep', params: { step: 'supportAndIntervention' } },
      on: {
        ...records(),
        ...rerating(true),
        ...intervening(),
        'track.choose': { guard: 'isTrackAllowed', actions: 'apply' },
        'trackB.measure': { guard: 'isOnTrackB', actions: 'apply' },
        'followUp.start': { guard: 'canStartFollowUp', target: 'followUp', actions: 'apply' },
        ...closing('supportAndIntervention'),
        ...reopening(),
      },
    },
    followUp: {
      meta: { step: 'followUp' },
      entry: { type: 'enterStep', params: { step: 'followUp' } },
      on: {
        ...records(),
        ...rerating(true),
        ...intervening(),
        'followUp.record': { actions: 'apply' },
        'trackB.measure': { guard: 'isOnTrackB', actions: 'apply' },
        'followUp.resolve': { guard: 'canResolveFollowUp', target: 'monitoring', actions: 'apply' },
        'followUp.fail': { guard: 'canFailFollowUp', target: 'escalatedTrackB', actions: 'apply' },
        ...closing('followUp'),
        ...reopening(),
      },
    },
    // A.9 track B: formal interviews, protective measures, sanctions decided by the head.
    escalatedTrackB: {
      meta: { step: 'escalatedTrackB' },
      entry: { type: 'enterStep', params: { step: 'escalatedTrackB' } },
      on: {
        ...records(),
        ...rerating(true),
        ...intervening(),
        'trackB.measure': { actions: 'apply' },
        'trackB.resolve': { guard: 'canResolveTrackB', target: 'monitoring', actions: 'apply' },
        ...closing('escalatedTrackB'),
        ...reopening(),
      },
    },
    monitoring: {
      meta: { step: 'monitoring' },
      entry: { type: 'enterStep', params: { step: 'monitoring' } },
      on: {
        ...records(),
        ...rerating(true),
        'monitoring.check': { actions: 'apply' },
        ...closing('monitoring'),
        ...reopening(),
      },
    },
    // Not an XState final state: a relapse can reopen a closed case, and the case stays linked.
    closed: {
      meta: { step: 'closed' },
      on: { ...reopening(), 'note.add': { actions: 'apply' } },
    },
  },
});

// Transition tables shared by several steps. Written as functions so each step gets its own objects.

/** Records that may be added in every open step from intake on. */
function records() {
  return {
    'party.add': { guard: 'isNewParty', actions: 'apply' },
    'party.update': { guard: 'isKnownParty', actions: 'apply' },
    'lead.inform': { actions: 'apply' },
    'evidence.add': { guard: 'canAddEvidence', actions: 'apply' },
    'evidence.update': { guard: 'evidenceAccepts', actions: 'apply' },
    'evidence.preserve': { guard: 'evidenceAccepts', actions: 'apply' },
    'evidence.share': { guard: 'evidenceAccepts', actions: 'apply' },
    'evidence.retain': { guard: 'evidenceAccepts', actions: 'apply' },
    'evidence.dispose': { guard: 'evidenceAccepts', actions: 'apply' },
    'referral.make': { guard: 'isNewReferral', actions: 'apply' },
    'referral.acknowledge': { guard: 'referralAccepts', actions: 'apply' },
    'referral.resolve': { guard: 'referralAccepts', actions: 'apply' },
    'parent.notify': { guard: 'parentAccepts', actions: 'apply' },
    'parent.defer': { guard: 'parentAccepts', actions: 'apply' },
    'parent.update': { guard: 'parentAccepts', actions: 'apply' },
    'parent.shareOutcome': { guard: 'parentAccepts', actions: 'apply' },
    'prosecutor.decide': { actions: 'apply' },
    'support.record': { actions: 'apply' },
    'closure.review': { actions: 'apply' },
    'note.add': { actions: 'apply' },
  } as const;
}

/**
 * New facts after triage. A hard trigger or a level-4 rating moves the case to emergency at once;
 * in the emergency step itself a level-4 rating is only recorded.
 */
function rerating(escalates: boolean) {
  const toEmergency = escalates ? { target: 'emergencyEscalation' } : {};
  return {
    'trigger.answer': [
      // In emergency, a new trigger re-enters the step: the child's safety must be confirmed again.
      { guard: and(['canAnswerTrigger', 'isYes']), target: '#case.emergencyEscalation', reenter: true, actions: 'apply' },
      { guard: 'canAnswerTrigger', actions: 'apply' },
    ],
    'severity.rate': [
      { guard: and(['canRate', 'isCriticalRating']), ...toEmergency, actions: 'apply' },
      { guard: 'canRate', actions: 'apply' },
    ],
    'category.set': { guard: 'areCategoriesConsistent', actions: 'apply' },
  } as const;
}

function intervening() {
  return {
    'interview.record': { guard: 'canRecordInterview', actions: 'apply' },
    'safetyPlan.set': { actions: 'apply' },
  } as const;
}

function closing(step: StepId) {
  return { 'case.close': { guard: { type: 'canClose', params: { step } }, target: '#case.closed', actions: 'apply' } } as const;
}

/** New facts, a relapse or a new trigger send the case back to triage to be re-rated. */
function reopening() {
  return { 'case.reopen': { target: '#case.triage', actions: 'apply' } } as const;
}

export type CaseMachine = typeof caseMachine;
