import { assign } from 'xstate';
import type { AnyStateMachine } from 'xstate';
import { caseMachine } from '../../machines/case-machine';
import type { CaseContext } from '../../machines/case-context';
import { applyEvent } from '../../machines/case-reducer';
import type { CaseEvent } from '../../machines/events';
import { RULES, refusalOf } from '../../machines/rules';
import { AUTHORITY_FOR } from '../../protocol/authority';
import type { ChannelId } from '../../protocol/channels';
import type { RefusalCode } from '../../protocol/refusals';
import { HEAD_INFORMED_BY, IMPLIED_BY_PARTY } from '../../protocol/safety';
import type { TriggerId } from '../../protocol/triggers';
import type { ProfileName } from './profiles';

/**
 * Hand-made faults in the machine, each one a way a change could break a safety rule: a guard dropped, a channel
 * list widened, a reset forgotten on reopening, a "no" let through over an implied trigger. The model checks
 * must find every one (tests/model/mutants.test.ts). A mutant is a variant of the machine (XState's `provide`),
 * or the real machine over protocol data changed for the time of the run.
 */
export interface Mutant {
  name: string;
  /**
   * The profile of the model (tests/model/profiles.ts) whose walk finds it: the one mutation testing walks. Named
   * so each mutant costs one walk to its first counterexample, not full walks of the profiles that miss it.
   */
  on: ProfileName;
  /** The machine to walk, and what to undo afterwards. */
  make: () => { machine: AnyStateMachine; undo?: () => void };
}

const without = (...codes: RefusalCode[]): Mutant['make'] => () => ({
  machine: caseMachine.provide({ guards: { allowed: ({ context, event }: { context: CaseContext; event: CaseEvent }) => refusalOf(context, event, RULES.filter((r) => !codes.includes(r.code))) === null } }),
});

function widen(trigger: TriggerId, channel: ChannelId): Mutant['make'] {
  return () => {
    const table = AUTHORITY_FOR as Record<TriggerId, readonly ChannelId[]>;
    const before = table[trigger];
    table[trigger] = [...before, channel];
    return { machine: caseMachine, undo: () => (table[trigger] = before) };
  };
}

/** The rule `code` judged over a changed view of the case (a fact forgotten), or of the event. */
const ruleOver =
  (code: RefusalCode, view: (c: CaseContext) => CaseContext, eventView: (e: CaseEvent) => CaseEvent = (e) => e): Mutant['make'] =>
  () => ({
    machine: caseMachine.provide({
      guards: {
        allowed: ({ context, event }: { context: CaseContext; event: CaseEvent }) =>
          refusalOf(context, event, RULES.map((r) => (r.code !== code ? r : { ...r, check: (c: CaseContext, e: CaseEvent) => r.check(view(c), eventView(e)) }))) === null,
      },
    }),
  });

const reducer = (type: CaseEvent['type'], change: (ctx: CaseContext, e: CaseEvent) => CaseContext): Mutant['make'] => () => ({
  machine: caseMachine.provide({
    actions: {
      apply: assign(({ context, event }: { context: CaseContext; event: CaseEvent }) => (event.type === type ? change(context, event) : applyEvent(context, event))),
    },
  }),
});

export const MUTANTS: readonly Mutant[] = [
  { name: 'leaving emergency needs no authority', on: 'answers', make: without('emergencyNeedsAuthority') },
  { name: 'leaving emergency needs no safe child', on: 'answers', make: without('emergencyNeedsSafety') },
  { name: 'the AREF counts as the authority for an adult involved (T3)', on: 'authorities', make: widen('T3', 'aref') },
  { name: 'the listening cell counts as the authority for a child in danger (T1)', on: 'authorities', make: widen('T1', 'listeningCell') },
  { name: 'e-Blagh counts for an adult involved (T3)', on: 'authorities', make: widen('T3', 'eBlagh') },
  { name: 'track A after T2/T3/T4/T6', on: 'answers', make: without('trackBOnly') },
  { name: 'track A after T1/T5/T7 without the head', on: 'answers', make: without('trackANeedsHead') },
  { name: 'school interviews during a police investigation', on: 'authorities', make: without('parallelInvestigation') },
  { name: 'shared concern with an adult', on: 'answers', make: without('mppWithAdult') },
  { name: 'a "no" overrides an implied or recorded yes', on: 'answers', make: without('yesIsFinal', 'impliedByParty', 'impliedByCategory') },
  { name: 'closure without the emergency handled', on: 'authorities', make: without('hardTriggerNotHandled') },
  { name: 'closure without a decision for each family', on: 'flow', make: without('noParentDecision') },
  { name: 'a resolved closure inside the monitoring window', on: 'flow', make: without('monitoringWindowOpen') },
  { name: 'intimate images follow the checkbox only', on: 'answers', make: ruleOver('intimateEvidence', (c) => ({ ...c, categoriesEver: [], yesHistory: [] })) },
  { name: 'a copy of an intimate image saved before the case was known as such is kept', on: 'answers', make: without('intimateCopyHeld') },
  { name: 'a case closes with hard triggers never asked', on: 'flow', make: without('closureNeedsAnswers') },
  { name: 'an agreement to interviews covers a later "yes"', on: 'authorities', make: ruleOver('parallelInvestigation', (c) => ({ ...c, yesHistory: [], reopenings: [] })) },
  {
    name: 'follow-up meetings with an author during a police investigation', on: 'flow',
    make: ruleOver('parallelInvestigation', (c) => c, (e) => (e.type === 'interview.record' && e.kind === 'mppFollowUp' ? { ...e, kind: 'mppTarget' } : e)),
  },
  { name: 'the head’s decision on track A survives a reopening', on: 'flow', make: ruleOver('trackANeedsHead', (c) => ({ ...c, reopenings: [] })) },
  { name: 'the decision about the prosecutor survives a reopening', on: 'flow', make: ruleOver('noProsecutorDecision', (c) => ({ ...c, reopenings: [] })) },
  {
    name: 'an adult author who is not staff implies nothing', on: 'answers',
    make: () => {
      const table = IMPLIED_BY_PARTY as unknown as { who: 'adult' | 'staff' }[];
      const before = table[0]!.who;
      table[0]!.who = 'staff';
      return { machine: caseMachine, undo: () => (table[0]!.who = before) };
    },
  },
  { name: 'a yes waits for the end of triage', on: 'answers', make: () => ({ machine: caseMachine.provide({ guards: { escalates: () => false } }) }) },
  {
    name: 'reopening keeps the old answers', on: 'flow',
    make: reducer('case.reopen', (ctx, e) => ({ ...applyEvent(ctx, e), triggers: ctx.triggers })),
  },
  {
    name: 'reopening keeps the families’ decisions', on: 'flow',
    make: reducer('case.reopen', (ctx, e) => ({ ...applyEvent(ctx, e), families: ctx.families })),
  },
  {
    name: 'telling the case lead is enough', on: 'flow',
    make: () => {
      const list = HEAD_INFORMED_BY as string[];
      list.push('caseLead');
      return { machine: caseMachine, undo: () => list.pop() };
    },
  },
  {
    name: 'a stopped track A series goes on after a hard trigger', on: 'authorities',
    make: reducer('trigger.answer', (ctx, e) => {
      const next = applyEvent(ctx, e);
      return ctx.track === 'A' ? { ...next, track: 'A', intervention: ctx.intervention } : next;
    }),
  },
];
