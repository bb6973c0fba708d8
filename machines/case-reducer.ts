import { DEADLINES } from '../protocol/deadlines';
import type { DeadlineDef, DeadlineStop } from '../protocol/deadlines';
import { HEAD_INFORMED_BY } from '../protocol/safety';
import { screen } from '../protocol/screening';
import { EMERGENCY_LEVEL } from '../protocol/severity';
import type { StepId } from '../protocol/steps';
import type { TriggerId } from '../protocol/triggers';
import type { AnswerCause, CaseContext, Clock, FamilyNotice, Stamp } from './case-context';
import type { CaseEvent, EventOf } from './events';
import { authorityToCall, familyPartyId, hardTriggers } from './facts';
import { evidenceNext, familyNext, isRunning, referralNext, seriesNext } from './records';
import type { MppKind } from './records';
import { newYes } from './rules';

/**
 * How an accepted event changes the case record. The machine decides *whether* an event is accepted and which
 * step follows; this decides *what is written down*. Pure: returns a new context.
 */
export function emptyContext(caseId: string): CaseContext {
  return {
    caseId,
    step: 'detected',
    events: 0,
    parties: [],
    triggers: {},
    yesHistory: [],
    categories: [],
    categoriesEver: [],
    severityHistory: [],
    needsRerating: false,
    trackHistory: [],
    interviewers: [],
    supportLog: [],
    evidence: [],
    referrals: [],
    families: [],
    interviews: [],
    followUps: [],
    measures: [],
    monitoringChecks: [],
    reopenings: [],
    notes: [],
    clocks: {},
  };
}

const stampOf = (ctx: CaseContext, e: CaseEvent): Stamp => ({ at: e.at, by: e.by, seq: ctx.events });

// ---- deadlines as data: clocks started and stopped by what is recorded --------------------------------------

function stops(stop: DeadlineStop, ctx: CaseContext, e: CaseEvent): boolean {
  if (typeof stop === 'string') return stop === e.type;
  if ('event' in stop) return stop.event === e.type && stop.values.includes(String((e as unknown as Record<string, unknown>)[stop.field]));
  if (stop.when === 'authorityContactedForEveryYes') return hardTriggers(ctx).length > 0 && authorityToCall(ctx).length === 0;
  return ctx.intervention?.status === 'stopped';
}

function withClocks(ctx: CaseContext, e: CaseEvent): Record<string, Clock> {
  const clocks = { ...ctx.clocks };
  for (const d of DEADLINES) {
    const started = d.startsOn.some((s) => 'event' in s && s.event === e.type && (!('trackA' in s) || (e.type === 'track.choose' && e.track === 'A')));
    if (started) startClock(clocks, d, e.at);
    const clock = clocks[d.id];
    if (clock && !clock.satisfiedAt && d.satisfiedBy.some((s) => stops(s, ctx, e))) clocks[d.id] = { ...clock, satisfiedAt: e.at };
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

function startStepClocks(clocks: Record<string, Clock>, step: StepId, at: string): Record<string, Clock> {
  const out = { ...clocks };
  for (const d of DEADLINES) if (d.startsOn.some((s) => 'enter' in s && s.enter === step)) startClock(out, d, at);
  return out;
}

function startLevelClocks(clocks: Record<string, Clock>, level: number, at: string): Record<string, Clock> {
  const out = { ...clocks };
  for (const d of DEADLINES) if (d.startsOn.some((s) => 'levelAtLeast' in s && level >= s.levelAtLeast)) startClock(out, d, at);
  return out;
}

/** Entering a step: it is the case's step from now on, its clocks start, emergency and monitoring are dated. */
export function enterStep(ctx: CaseContext, step: StepId, e: CaseEvent): Partial<CaseContext> {
  // The event that moved the case was applied just before: it is the last one in the log.
  const entered: Stamp = { at: e.at, by: e.by, seq: ctx.events - 1 };
  return {
    step,
    clocks: startStepClocks(ctx.clocks, step, e.at),
    // Entering (again) asks for the child's safety to be confirmed again.
    ...(step === 'emergencyEscalation' ? { emergency: { entered } } : {}),
    ...(step === 'monitoring' ? { monitoringFrom: entered } : {}),
  };
}

// ---- records --------------------------------------------------------------------------------------------

function updateItem<T extends { id: string }>(list: T[], id: string, f: (item: T) => T): T[] {
  return list.map((item) => (item.id === id ? f(item) : item));
}

type Reducer<T extends CaseEvent['type']> = (ctx: CaseContext, e: EventOf<T>, stamp: Stamp) => Partial<CaseContext>;
type Reducers = { [T in CaseEvent['type']]: Reducer<T> };

type EvidenceMove = EventOf<'evidence.update' | 'evidence.preserve' | 'evidence.share' | 'evidence.retain' | 'evidence.dispose'>;
const evidenceStep = (ctx: CaseContext, e: EvidenceMove, extra: object = {}) => ({
  evidence: updateItem(ctx.evidence, e.evidenceId, (item) => ({ ...item, ...extra, status: evidenceNext(item.status, e.type) ?? item.status })),
});

const withoutMeta = <T extends { type: string; at: string; by: string }>(e: T) => {
  const { type: _t, at: _a, by: _b, ...fields } = e;
  return fields;
};

type ParentEvent = EventOf<'parent.notify' | 'parent.defer' | 'parent.update' | 'parent.shareOutcome'>;
function familyStep(ctx: CaseContext, e: ParentEvent, stamp: Stamp, action: FamilyNotice['log'][number]['action'], detail?: string, extra: { note?: string; decidedBy?: string } = {}) {
  const partyId = familyPartyId(ctx, e.partyId) ?? '';
  const current = ctx.families.find((f) => f.partyId === partyId) ?? { partyId, status: 'notNotified' as const, log: [] };
  const entry = { ...stamp, action, ...(detail ? { detail } : {}), ...(extra.note ? { note: extra.note } : {}), ...(extra.decidedBy ? { decidedBy: extra.decidedBy } : {}) };
  const next: FamilyNotice = { ...current, status: familyNext(current.status, e.type) ?? current.status, log: [...current.log, entry] };
  return { families: ctx.families.some((f) => f.partyId === partyId) ? ctx.families.map((f) => (f.partyId === partyId ? next : f)) : [...ctx.families, next] };
}

const endSeries = (ctx: CaseContext, status: 'resolved' | 'failed' | 'stopped') =>
  ctx.intervention && isRunning(ctx.intervention.status) ? { intervention: { ...ctx.intervention, status } } : {};

const REDUCERS: Reducers = {
  'case.report': (_c, e, s) => ({ report: { ...s, channel: e.channel, reporterRole: e.reporterRole, ...(e.summary ? { summary: e.summary } : {}) } }),
  'party.add': (c, e) => {
    const { partyId, ...fields } = withoutMeta(e);
    return { parties: [...c.parties, { id: partyId, ...fields }] };
  },
  'party.update': (c, e) => {
    const { partyId, ...fields } = withoutMeta(e);
    return { parties: updateItem(c.parties, partyId, (p) => ({ ...p, ...fields })) };
  },
  'lead.inform': (c, e, s) => ({
    leadInformed: { ...s, informed: e.informed },
    ...(HEAD_INFORMED_BY.includes(e.informed) && !c.headInformed ? { headInformed: s } : {}),
  }),
  'intake.submit': (_c, e, s) => ({
    intake: { ...s, narrative: e.narrative, platforms: [...e.platforms], actorKind: e.actorKind, ...(e.firstKnownDate ? { firstKnownDate: e.firstKnownDate } : {}) },
  }),
  'trigger.answer': (c, e, s) => ({ triggers: { ...c.triggers, [e.trigger]: { ...s, answer: e.answer, cause: 'trigger.answer', ...(e.note ? { note: e.note } : {}) } } }),
  'category.set': (c, e) => ({ categories: [...new Set(e.codes)], categoriesEver: [...new Set([...c.categoriesEver, ...e.codes])] }),
  'severity.rate': (c, e, s) => ({
    level: e.level,
    needsRerating: false,
    severityHistory: [...c.severityHistory, { ...s, level: e.level, rationale: e.rationale, cause: 'severity.rate' }],
    clocks: startLevelClocks(c.clocks, e.level, e.at),
  }),
  'triage.complete': (_c, e, s) => {
    const { repeated, powerImbalance, harmful, likelyReshared } = e;
    const answers = { repeated, powerImbalance, harmful, likelyReshared };
    return { screening: { ...s, ...answers, result: screen(answers) } };
  },
  'evidence.add': (c, e, s) => {
    const { evidenceId, ...fields } = withoutMeta(e);
    return { evidence: [...c.evidence, { ...s, id: evidenceId, ...fields, sharedWith: [], status: 'capturing' }] };
  },
  'evidence.update': (c, e) => {
    const { evidenceId: _i, ...fields } = withoutMeta(e);
    return evidenceStep(c, e, fields);
  },
  'evidence.preserve': (c, e) => {
    const { evidenceId: _i, ...fields } = withoutMeta(e);
    return evidenceStep(c, e, fields);
  },
  'evidence.share': (c, e) => {
    const item = c.evidence.find((i) => i.id === e.evidenceId);
    const entry = { channel: e.channel, at: e.at, ...(e.reference ? { reference: e.reference } : {}) };
    return evidenceStep(c, e, { sharedWith: [...(item?.sharedWith ?? []), entry] });
  },
  'evidence.retain': (c, e) => evidenceStep(c, e),
  'evidence.dispose': (c, e) => evidenceStep(c, e, { disposition: e.disposition }),
  'referral.make': (c, e, s) => {
    const { referralId, ...fields } = withoutMeta(e);
    return { referrals: [...c.referrals, { ...s, id: referralId, ...fields, status: 'made', acknowledgements: [] }] };
  },
  'referral.acknowledge': (c, e, s) => ({
    referrals: updateItem(c.referrals, e.referralId, (r) => ({
      ...r,
      status: referralNext(r.status, e.type) ?? r.status,
      ...(e.reference ? { reference: e.reference } : {}),
      acknowledgements: [
        ...r.acknowledgements,
        { ...s, ...(e.reference ? { reference: e.reference } : {}), ...(e.note ? { note: e.note } : {}), ...(e.schoolMayInterview ? { schoolMayInterview: true } : {}) },
      ],
    })),
  }),
  'referral.resolve': (c, e) => ({
    referrals: updateItem(c.referrals, e.referralId, (r) => ({
      ...r,
      status: referralNext(r.status, e.type) ?? r.status,
      closedAt: e.at,
      result: e.status,
      ...(e.outcome ? { outcome: e.outcome } : {}),
      ...(e.reason ? { reason: e.reason } : {}),
    })),
  }),
  'prosecutor.decide': (_c, e, s) => ({ prosecutorDecision: { ...s, decision: e.decision, reason: e.reason } }),
  'safety.confirm': (c, e, s) => ({ emergency: { entered: c.emergency?.entered ?? s, safetyConfirmed: { ...s, note: e.note } } }),
  'emergency.resolve': (c, e) => (c.emergency ? { emergency: { ...c.emergency, resolvedAt: e.at } } : {}),
  'parent.notify': (c, e, s) => familyStep(c, e, s, 'notify', e.means, { note: e.note }),
  'parent.defer': (c, e, s) => familyStep(c, e, s, 'defer', e.reason, { decidedBy: e.decidedBy ?? e.by }),
  'parent.update': (c, e, s) => familyStep(c, e, s, 'update', e.note),
  'parent.shareOutcome': (c, e, s) => familyStep(c, e, s, 'shareOutcome', e.note),
  'track.choose': (c, e, s) => ({
    track: e.track,
    trackHistory: [...c.trackHistory, { ...s, track: e.track, rationale: e.rationale }],
    interviewers: e.interviewers ? [...e.interviewers] : c.interviewers,
    // Track A starts a shared-concern series (anew after a reopening); choosing B stops a running one.
    ...(e.track === 'A'
      ? { intervention: c.intervention && isRunning(c.intervention.status) ? c.intervention : { status: 'targetInterview', authorInterviews: 0 } }
      : endSeries(c, 'stopped')),
  }),
  'trackA.allow': (_c, e, s) => ({ trackAAllowed: { ...s, reason: e.reason, decidedBy: e.decidedBy } }),
  'safetyPlan.set': (_c, e, s) => ({ safetyPlan: { ...s, measures: e.measures } }),
  'support.record': (c, e, s) => ({ supportLog: [...c.supportLog, { ...s, note: e.note }] }),
  'interview.record': (c, e, s) => {
    const { interviewId, ...fields } = withoutMeta(e);
    const series = c.intervention;
    const moved =
      e.kind !== 'formal' && series && isRunning(series.status)
        ? {
            intervention: {
              status: seriesNext(series.status, e.kind as MppKind, series.authorInterviews > 0) ?? series.status,
              authorInterviews: series.authorInterviews + (e.kind === 'mppAuthor' ? 1 : 0),
            },
          }
        : {};
    return { interviews: [...c.interviews, { ...s, id: interviewId, ...fields }], ...moved };
  },
  'followUp.start': () => ({}),
  'followUp.record': (c, e, s) => ({ followUps: [...c.followUps, { ...s, targetReport: e.targetReport, ...(e.note ? { note: e.note } : {}) }] }),
  'followUp.resolve': (c) => endSeries(c, 'resolved'),
  'followUp.fail': (c, e, s) => ({
    ...endSeries(c, 'failed'),
    failure: { ...s, reason: e.reason },
    // A failed shared concern moves to track B; on track B already, the track goes on as it was.
    track: 'B',
    trackHistory: c.track === 'B' ? c.trackHistory : [...c.trackHistory, { ...s, track: 'B', rationale: `followUp.fail:${e.reason}` }],
  }),
  'trackB.measure': (c, e, s) => ({ measures: [...c.measures, { ...s, kind: e.kind, description: e.description }] }),
  'trackB.resolve': () => ({}),
  'monitoring.check': (c, e, s) => ({
    monitoringChecks: [...c.monitoringChecks, { ...s, recurrence: e.recurrence, targetReport: e.targetReport, ...(e.note ? { note: e.note } : {}) }],
  }),
  'monitoring.endEarly': (_c, e, s) => ({ earlyClosure: { ...s, reason: e.reason, decidedBy: e.decidedBy } }),
  'closure.review': (_c, e, s) => ({ review: { ...s, whatWorked: e.whatWorked, ...(e.notes ? { notes: e.notes } : {}) } }),
  'case.close': (_c, e, s) => ({ closure: { ...s, reason: e.reason, ...(e.notes ? { notes: e.notes } : {}) } }),
  'case.reopen': (c, e, s) => ({
    // A reopened case starts fresh: T1–T7 asked again, re-rated, a new track and a new decision for each
    // family; earlier follow-up, monitoring and outcome records no longer count (the rules read what comes
    // after the reopening). The event log keeps everything.
    reopenings: [...c.reopenings, { ...s, reason: e.reason, note: e.note }],
    triggers: {},
    needsRerating: true,
    screening: undefined,
    track: undefined,
    trackHistory: c.track ? [...c.trackHistory, { ...s, track: 'none', rationale: 'case.reopen' }] : c.trackHistory,
    intervention: undefined,
    families: c.families.map((f) => ({ ...f, status: 'notNotified' })),
    monitoringFrom: undefined,
    earlyClosure: undefined,
    review: undefined,
    closure: undefined,
  }),
  'note.add': (c, e, s) => ({ notes: [...c.notes, { ...s, text: e.text }] }),
};

const CAUSE: Partial<Record<CaseEvent['type'], AnswerCause>> = {
  'trigger.answer': 'trigger.answer',
  'category.set': 'category.set',
  'party.add': 'party.add',
  'party.update': 'party.update',
  'intake.submit': 'intake.submit',
};

/**
 * A hard trigger made "yes" (answered, or implied by a category or a party): kept for the rest of the case,
 * the case becomes critical (the change logged with this event's author, time and reason), and a running
 * shared-concern series stops, with the track: after the emergency a track is chosen again under the rules.
 */
function recordYes(ctx: CaseContext, triggers: TriggerId[], e: CaseEvent, s: Stamp): Partial<CaseContext> {
  if (triggers.length === 0) return {};
  const cause = CAUSE[e.type] ?? 'trigger.answer';
  const note = e.type === 'trigger.answer' ? e.note : undefined;
  const answers = { ...ctx.triggers };
  for (const t of triggers) answers[t] = { ...s, answer: 'yes', cause, ...(cause === 'trigger.answer' ? (note ? { note } : {}) : { note: e.type }) };
  const rationale = `trigger:${triggers.join('+')}${note ? ` — ${note}` : ''}`;
  const critical =
    ctx.level === EMERGENCY_LEVEL
      ? {}
      : {
          level: EMERGENCY_LEVEL,
          severityHistory: [...ctx.severityHistory, { ...s, level: EMERGENCY_LEVEL, rationale, cause }],
          clocks: startLevelClocks(ctx.clocks, EMERGENCY_LEVEL, e.at),
        };
  const stopA =
    ctx.track === 'A'
      ? { track: undefined, trackHistory: [...ctx.trackHistory, { ...s, track: 'none' as const, rationale }], ...endSeries(ctx, 'stopped') }
      : {};
  return { triggers: answers, yesHistory: [...ctx.yesHistory, ...triggers.map((trigger) => ({ ...s, trigger, cause }))], ...critical, ...stopA };
}

export function applyEvent(ctx: CaseContext, e: CaseEvent, reducers: Readonly<Reducers> = REDUCERS): CaseContext {
  const s = stampOf(ctx, e);
  const yes = newYes(ctx, e);
  const reducer = reducers[e.type] as (c: CaseContext, ev: CaseEvent, st: Stamp) => Partial<CaseContext>;
  const applied = { ...ctx, ...reducer(ctx, e, s) };
  const next = { ...applied, ...recordYes(applied, yes, e, s), events: ctx.events + 1 };
  return { ...next, clocks: withClocks(next, e) };
}
