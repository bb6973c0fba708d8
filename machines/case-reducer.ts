import { DEADLINES } from '../protocol/deadlines';
import type { DeadlineDef } from '../protocol/deadlines';
import { screen } from '../protocol/screening';
import type { StepId } from '../protocol/steps';
import { EMERGENCY_LEVEL } from '../protocol/severity';
import type { CaseContext, Clock } from './case-context';
import type { CaseEvent, EventOf } from './events';
import { evidenceMachine } from './evidence-machine';
import { interventionMachine } from './intervention-machine';
import { parentNoticeMachine } from './parent-notice-machine';
import { referralMachine } from './referral-machine';
import { subCan, subNext, subStart } from './sub-machine';

/**
 * How an accepted event changes the case record. The machine decides *whether* an event is accepted and which
 * step follows; this decides *what is written down*. Pure: returns a new context.
 */
export function emptyContext(caseId: string): CaseContext {
  return {
    caseId,
    parties: [],
    triggers: {},
    categories: [],
    severityHistory: [],
    needsRerating: false,
    trackHistory: [],
    interviewers: [],
    supportLog: [],
    evidence: [],
    referrals: [],
    parentNotice: { machine: subStart(parentNoticeMachine), log: [] },
    interviews: [],
    followUps: [],
    measures: [],
    monitoringChecks: [],
    reopenings: [],
    notes: [],
    clocks: {},
  };
}

const stamp = (e: CaseEvent) => ({ at: e.at, by: e.by });

function withClocks(ctx: CaseContext, e: CaseEvent): Record<string, Clock> {
  const clocks = { ...ctx.clocks };
  for (const d of DEADLINES) {
    const started = d.startsOn.some(
      (s) => 'event' in s && s.event === e.type && (!('trackA' in s) || (e.type === 'track.choose' && e.track === 'A')),
    );
    if (started) startClock(clocks, d, e.at);
    const clock = clocks[d.id];
    if (clock && !clock.satisfiedAt && d.satisfiedBy.includes(e.type)) clocks[d.id] = { ...clock, satisfiedAt: e.at };
  }
  return clocks;
}

/**
 * A clock (re)starts when its start condition recurs, so a reopened case gets fresh deadlines; except a clock
 * started by a level threshold, which keeps its first start: the legal-duty decision is owed from the first time.
 */
function startClock(clocks: Record<string, Clock>, d: DeadlineDef, at: string): void {
  const sticky = d.startsOn.some((s) => 'levelAtLeast' in s);
  if (!sticky || !clocks[d.id]) clocks[d.id] = { startedAt: at };
}

export function startStepClocks(ctx: CaseContext, step: StepId, at: string): Record<string, Clock> {
  const clocks = { ...ctx.clocks };
  for (const d of DEADLINES) if (d.startsOn.some((s) => 'enter' in s && s.enter === step)) startClock(clocks, d, at);
  return clocks;
}

function startLevelClocks(clocks: Record<string, Clock>, level: number, at: string): Record<string, Clock> {
  const out = { ...clocks };
  for (const d of DEADLINES) if (d.startsOn.some((s) => 'levelAtLeast' in s && level >= s.levelAtLeast)) startClock(out, d, at);
  return out;
}

function updateItem<T extends { id: string }>(list: T[], id: string, f: (item: T) => T): T[] {
  return list.map((item) => (item.id === id ? f(item) : item));
}

type Reducer<T extends CaseEvent['type']> = (ctx: CaseContext, e: EventOf<T>) => Partial<CaseContext>;
type Reducers = { [T in CaseEvent['type']]: Reducer<T> };

const evidenceStep = (ctx: CaseContext, e: EventOf<'evidence.update' | 'evidence.preserve' | 'evidence.share' | 'evidence.retain' | 'evidence.dispose'>, extra: object = {}) => ({
  evidence: updateItem(ctx.evidence, e.evidenceId, (item) => ({ ...item, ...extra, machine: subNext(evidenceMachine, item.machine, e) })),
});

const referralStep = (ctx: CaseContext, e: EventOf<'referral.acknowledge' | 'referral.resolve'>, extra: object) => ({
  referrals: updateItem(ctx.referrals, e.referralId, (r) => ({ ...r, ...extra, machine: subNext(referralMachine, r.machine, e) })),
});

const parentStep = (ctx: CaseContext, e: EventOf<'parent.notify' | 'parent.defer' | 'parent.update' | 'parent.shareOutcome'>, action: 'notify' | 'defer' | 'update' | 'shareOutcome', detail?: string) => ({
  parentNotice: {
    machine: subNext(parentNoticeMachine, ctx.parentNotice.machine, e),
    log: [...ctx.parentNotice.log, { ...stamp(e), action, ...(detail ? { detail } : {}) }],
  },
});

const interventionStep = (ctx: CaseContext, e: EventOf<'interview.record' | 'followUp.resolve' | 'followUp.fail'>) =>
  ctx.intervention && subCan(interventionMachine, ctx.intervention, e) ? { intervention: subNext(interventionMachine, ctx.intervention, e) } : {};

const REDUCERS: Reducers = {
  'case.report': (_c, e) => ({ report: { ...stamp(e), channel: e.channel, reporterRole: e.reporterRole, ...(e.summary ? { summary: e.summary } : {}) } }),
  'party.add': (c, e) => {
    const { type: _t, at: _a, by: _b, partyId, ...fields } = e;
    return { parties: [...c.parties, { id: partyId, ...fields }] };
  },
  'party.update': (c, e) => {
    const { type: _t, at: _a, by: _b, partyId, ...fields } = e;
    return { parties: updateItem(c.parties, partyId, (p) => ({ ...p, ...fields })) };
  },
  'lead.inform': (_c, e) => ({ leadInformed: stamp(e) }),
  'intake.submit': (_c, e) => ({
    intake: { ...stamp(e), narrative: e.narrative, platforms: [...e.platforms], actorKind: e.actorKind, ...(e.firstKnownDate ? { firstKnownDate: e.firstKnownDate } : {}) },
  }),
  'trigger.answer': (c, e) => {
    const triggers = { ...c.triggers, [e.trigger]: { ...stamp(e), answer: e.answer, ...(e.note ? { note: e.note } : {}) } };
    if (e.answer !== 'yes' || c.level === EMERGENCY_LEVEL) return { triggers };
    // A hard trigger makes the case critical; the change is logged with this event's author, time and reason.
    const rationale = `trigger:${e.trigger}${e.note ? ` — ${e.note}` : ''}`;
    return {
      triggers,
      level: EMERGENCY_LEVEL,
      severityHistory: [...c.severityHistory, { ...stamp(e), level: EMERGENCY_LEVEL, rationale, cause: 'trigger.answer' }],
      clocks: startLevelClocks(c.clocks, EMERGENCY_LEVEL, e.at),
    };
  },
  'category.set': (_c, e) => ({ categories: [...new Set(e.codes)] }),
  'severity.rate': (c, e) => ({
    level: e.level,
    needsRerating: false,
    severityHistory: [...c.severityHistory, { ...stamp(e), level: e.level, rationale: e.rationale, cause: 'severity.rate' }],
    clocks: startLevelClocks(c.clocks, e.level, e.at),
  }),
  'triage.complete': (_c, e) => {
    const { repeated, powerImbalance, harmful, likelyReshared } = e;
    const answers = { repeated, powerImbalance, harmful, likelyReshared };
    return { screening: { ...stamp(e), ...answers, result: screen(answers) } };
  },
  'evidence.add': (c, e) => {
    const { type: _t, at: _a, by: _b, evidenceId, ...fields } = e;
    return {
      evidence: [
        ...c.evidence,
        { ...stamp(e), id: evidenceId, ...fields, sharedWith: [], machine: subStart(evidenceMachine, { intimate: e.isIntimateImageOfMinor }) },
      ],
    };
  },
  'evidence.update': (c, e) => {
    const { type: _t, at: _a, by: _b, evidenceId: _i, ...fields } = e;
    return evidenceStep(c, e, fields);
  },
  'evidence.preserve': (c, e) => {
    const { type: _t, at: _a, by: _b, evidenceId: _i, ...fields } = e;
    return evidenceStep(c, e, fields);
  },
  'evidence.share': (c, e) => {
    const item = c.evidence.find((i) => i.id === e.evidenceId);
    const entry = { channel: e.channel, at: e.at, ...(e.reference ? { reference: e.reference } : {}) };
    return evidenceStep(c, e, { sharedWith: [...(item?.sharedWith ?? []), entry] });
  },
  'evidence.retain': (c, e) => evidenceStep(c, e),
  'evidence.dispose': (c, e) => evidenceStep(c, e, { disposition: e.disposition }),
  'referral.make': (c, e) => {
    const { type: _t, at: _a, by: _b, referralId, ...fields } = e;
    return { referrals: [...c.referrals, { ...stamp(e), id: referralId, ...fields, machine: subStart(referralMachine) }] };
  },
  'referral.acknowledge': (c, e) => referralStep(c, e, { acknowledgedAt: e.at, ...(e.reference ? { reference: e.reference } : {}) }),
  'referral.resolve': (c, e) =>
    referralStep(c, e, { closedAt: e.at, status: e.status, ...(e.outcome ? { outcome: e.outcome } : {}), ...(e.reason ? { reason: e.reason } : {}) }),
  'prosecutor.decide': (_c, e) => ({ prosecutorDecision: { ...stamp(e), decision: e.decision, reason: e.reason } }),
  'safety.confirm': (c, e) => ({ emergency: { enteredAt: c.emergency?.enteredAt ?? e.at, safetyConfirmed: { ...stamp(e), note: e.note } } }),
  'emergency.resolve': (c, e) => (c.emergency ? { emergency: { ...c.emergency, resolvedAt: e.at } } : {}),
  'parent.notify': (c, e) => parentStep(c, e, 'notify', e.means),
  'parent.defer': (c, e) => parentStep(c, e, 'defer', e.reason),
  'parent.update': (c, e) => parentStep(c, e, 'update', e.note),
  'parent.shareOutcome': (c, e) => parentStep(c, e, 'shareOutcome', e.note),
  'track.choose': (c, e) => ({
    track: e.track,
    trackHistory: [...c.trackHistory, { ...stamp(e), track: e.track, rationale: e.rationale }],
    interviewers: e.interviewers ? [...e.interviewers] : c.interviewers,
    intervention: e.track === 'A' ? (c.intervention ?? subStart(interventionMachine, { authorInterviews: 0 })) : c.intervention,
  }),
  'safetyPlan.set': (_c, e) => ({ safetyPlan: { ...stamp(e), measures: e.measures } }),
  'support.record': (c, e) => ({ supportLog: [...c.supportLog, { ...stamp(e), note: e.note }] }),
  'interview.record': (c, e) => {
    const { type: _t, at: _a, by: _b, interviewId, ...fields } = e;
    return { interviews: [...c.interviews, { ...stamp(e), id: interviewId, ...fields }], ...interventionStep(c, e) };
  },
  'followUp.start': () => ({}),
  'followUp.record': (c, e) => ({ followUps: [...c.followUps, { ...stamp(e), targetReport: e.targetReport, ...(e.note ? { note: e.note } : {}) }] }),
  'followUp.resolve': (c, e) => interventionStep(c, e),
  'followUp.fail': (c, e) => ({
    ...interventionStep(c, e),
    failure: { ...stamp(e), reason: e.reason },
    track: 'B',
    trackHistory: [...c.trackHistory, { ...stamp(e), track: 'B', rationale: `followUp.fail:${e.reason}` }],
  }),
  'trackB.measure': (c, e) => ({ measures: [...c.measures, { ...stamp(e), kind: e.kind, description: e.description }] }),
  'trackB.resolve': () => ({}),
  'monitoring.check': (c, e) => ({
    monitoringChecks: [...c.monitoringChecks, { ...stamp(e), recurrence: e.recurrence, targetReport: e.targetReport, ...(e.note ? { note: e.note } : {}) }],
  }),
  'closure.review': (_c, e) => ({ review: { ...stamp(e), whatWorked: e.whatWorked, ...(e.notes ? { notes: e.notes } : {}) } }),
  'case.close': (_c, e) => ({ closure: { ...stamp(e), reason: e.reason, ...(e.notes ? { notes: e.notes } : {}) } }),
  'case.reopen': (c, e) => {
    const { closure: _closure, review: _review, ...rest } = c;
    // A reopened case is re-rated and reviewed again; the old closure stays in the event log.
    return { ...rest, closure: undefined, review: undefined, needsRerating: true, reopenings: [...c.reopenings, { ...stamp(e), reason: e.reason, note: e.note }] };
  },
  'note.add': (c, e) => ({ notes: [...c.notes, { ...stamp(e), text: e.text }] }),
};

export function applyEvent(ctx: CaseContext, e: CaseEvent): CaseContext {
  const reducer = REDUCERS[e.type] as (c: CaseContext, ev: CaseEvent) => Partial<CaseContext>;
  const next = { ...ctx, ...reducer(ctx, e) };
  return { ...next, clocks: withClocks(next, e) };
}
