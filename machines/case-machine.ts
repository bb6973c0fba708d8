import { and, assign, not, setup } from 'xstate';
import type { StepId } from '../protocol/steps';
import type { CaseContext } from './case-context';
import { applyEvent, emptyContext, enterStep } from './case-reducer';
import type { CaseEvent, CaseEventType } from './events';
import { escalates, refusalOf } from './rules';
import { screen } from '../protocol/screening';

/**
 * The case lifecycle (docs/decisions/0003, 0010). The statechart holds the steps and the moves between them;
 * whether a record is accepted is the protocol's rules (machines/rules.ts), asked by the one guard `allowed`,
 * so that every refusal has its reason. Steps are states of `open`, which holds the records every open step
 * shares once; `closed` is beside it (not final: a relapse reopens a case, which stays linked).
 *
 * Bumped whenever states, guards or the context change: a stored snapshot of another version is rebuilt by replay.
 */
export const CASE_MACHINE_VERSION = 2;

/** Events that only add to the record, in whichever open step accepts them (protocol/steps.ts says which). */
const RECORD_ONLY: readonly CaseEventType[] = [
  'lead.inform',
  'evidence.add',
  'evidence.update',
  'evidence.preserve',
  'evidence.share',
  'evidence.retain',
  'evidence.dispose',
  'referral.make',
  'referral.acknowledge',
  'referral.resolve',
  'parent.notify',
  'parent.defer',
  'parent.update',
  'parent.shareOutcome',
  'prosecutor.decide',
  'support.record',
  'closure.review',
  'note.add',
  'safetyPlan.set',
  'safety.confirm',
  'track.choose',
  'trackA.allow',
  'interview.record',
  'trackB.measure',
  'followUp.record',
  'monitoring.check',
  'monitoring.endEarly',
];
/** Events that may reveal a hard trigger (or make the case critical): the case then goes to emergency at once. */
const REVEALING: readonly CaseEventType[] = ['party.add', 'party.update', 'trigger.answer', 'category.set', 'severity.rate'];

const record = { guard: 'allowed', actions: 'apply' } as const;
const toEmergency = [
  { guard: and(['allowed', 'escalates']), target: '#case.open.emergencyEscalation', reenter: true, actions: 'apply' },
  record,
] as const;
const step = (id: StepId) => ({ meta: { step: id }, entry: { type: 'enterStep', params: { step: id } } }) as const;

export const caseMachine = setup({
  types: {
    context: {} as CaseContext,
    events: {} as CaseEvent,
    input: {} as { caseId: string },
  },
  guards: {
    /** The protocol accepts this record in this case now (machines/rules.ts says why not, when not). */
    allowed: ({ context, event }) => refusalOf(context, event) === null,
    /** It makes a hard trigger "yes" (or the case critical) after intake: the case goes to emergency at once. */
    escalates: ({ context, event }) => context.step !== 'intake' && escalates(context, event),
    /** Intake done with a hard trigger already known (an adult or staff author): straight to emergency. */
    revealedAtIntake: ({ context, event }) => event.type === 'intake.submit' && (escalates(context, event) || Object.values(context.triggers).some((t) => t?.answer === 'yes')),
    /** A one-off conflict, not bullying: level 0 or 1 and the screening says so (a harmful post likely re-shared is bullying). */
    isConflict: ({ context, event }) => event.type === 'triage.complete' && (context.level ?? 0) <= 1 && screen(event) === 'conflict',
  },
  actions: {
    apply: assign(({ context, event }) => applyEvent(context, event)),
    enterStep: assign(({ context, event }, params: { step: StepId }) => enterStep(context, params.step, event)),
  },
}).createMachine({
  id: 'case',
  context: ({ input }) => emptyContext(input.caseId),
  initial: 'detected',
  states: {
    detected: {
      meta: { step: 'detected' },
      on: { 'case.report': { guard: 'allowed', target: 'open.intake', actions: 'apply' } },
    },
    open: {
      initial: 'intake',
      on: {
        ...Object.fromEntries(RECORD_ONLY.map((t) => [t, record])),
        ...Object.fromEntries(REVEALING.map((t) => [t, toEmergency])),
        'case.close': { guard: 'allowed', target: '#case.closed', actions: 'apply' },
        // New facts, a relapse or a new trigger: back to triage, to be asked and rated again.
        'case.reopen': { guard: 'allowed', target: '#case.open.triage', actions: 'apply' },
      },
      states: {
        intake: {
          ...step('intake'),
          on: {
            'intake.submit': [
              { guard: and(['allowed', 'revealedAtIntake']), target: 'emergencyEscalation', actions: 'apply' },
              { guard: 'allowed', target: 'triage', actions: 'apply' },
            ],
          },
        },
        // T1–T7, categories and the level; the first "yes" goes to emergency at once (the machine-wide rule).
        triage: {
          ...step('triage'),
          on: {
            'triage.complete': [
              { guard: and(['allowed', 'isConflict']), target: 'conflictHandling', actions: 'apply' },
              { guard: and(['allowed', not('isConflict')]), target: 'assessment', actions: 'apply' },
            ],
          },
        },
        // A hard trigger: the authorities now, each contact recorded; the shared-concern method is blocked.
        emergencyEscalation: {
          ...step('emergencyEscalation'),
          on: { 'emergency.resolve': { guard: 'allowed', target: 'supportAndIntervention', actions: 'apply' } },
        },
        conflictHandling: step('conflictHandling'),
        assessment: {
          ...step('assessment'),
          on: { 'track.choose': { guard: 'allowed', target: 'supportAndIntervention', actions: 'apply' } },
        },
        supportAndIntervention: {
          ...step('supportAndIntervention'),
          on: { 'followUp.start': { guard: 'allowed', target: 'followUp', actions: 'apply' } },
        },
        followUp: {
          ...step('followUp'),
          on: {
            'followUp.resolve': { guard: 'allowed', target: 'monitoring', actions: 'apply' },
            'followUp.fail': { guard: 'allowed', target: 'escalatedTrackB', actions: 'apply' },
          },
        },
        // Track B after a failed shared concern: formal interviews, protective measures, the head's sanctions.
        escalatedTrackB: {
          ...step('escalatedTrackB'),
          on: { 'trackB.resolve': { guard: 'allowed', target: 'monitoring', actions: 'apply' } },
        },
        monitoring: step('monitoring'),
      },
    },
    closed: {
      ...step('closed'),
      on: {
        'case.reopen': { guard: 'allowed', target: '#case.open.triage', actions: 'apply' },
        'note.add': record,
      },
    },
  },
});

export type CaseMachine = typeof caseMachine;
