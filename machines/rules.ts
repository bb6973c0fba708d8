import { AUTHORITY_FOR } from '../protocol/authority';
import { CLOSURE_ALLOWED_FROM } from '../protocol/closure';
import type { ClosureReason } from '../protocol/closure';
import { CLOSURE_CODES } from '../protocol/refusals';
import type { Refusal, RefusalCode } from '../protocol/refusals';
import { HEAD_DECIDES_TRACK_A_TRIGGERS } from '../protocol/safety';
import { EMERGENCY_LEVEL } from '../protocol/severity';
import { stepDef } from '../protocol/steps';
import { impliedTriggers } from '../protocol/typology';
import type { CaseContext } from './case-context';
import type { CaseEvent, CaseEventType, EventOf } from './events';
import {
  attachesMedia,
  authorityAcknowledged,
  awaitingAuthority,
  everYes,
  familiesToDecide,
  familyPartyId,
  familyStatus,
  hasFamily,
  hasHardTrigger,
  impliedByParty,
  impliedTriggersOf,
  intimateCopies,
  investigationOpen,
  isAdult,
  isIntimateCase,
  isTrackBOnly,
  latestYes,
  monitoringWindowEnd,
  needsProsecutorDecision,
  prosecutorDecided,
  partyOf,
  referralPending,
  safetyConfirmedSinceYes,
  sinceReopen,
  trackANeedsHead,
  unansweredTriggers,
  unknownTriggers,
} from './facts';
import { evidenceNext, familyNext, isRunning, referralNext, seriesNext } from './records';
import type { MppKind } from './records';

/**
 * The protocol's rules, one per reason the machine may refuse a record (docs/decisions/0010). The machine asks
 * `refusalOf` before accepting any event; the app asks it to say why a button is not offered; the CLI prints
 * the sentence of the code. A rule returns false when it has nothing against the event, true or the values of
 * its sentence's placeholders when it refuses. Rules are tried in order: the first that refuses is the answer.
 */
type Verdict = boolean | Record<string, string>;
export interface Rule {
  code: RefusalCode;
  /** The event types the rule speaks about ('*': every one). */
  events: readonly CaseEventType[] | '*';
  check: (ctx: CaseContext, e: CaseEvent) => Verdict;
}


const EVIDENCE_MOVES = ['evidence.update', 'evidence.preserve', 'evidence.share', 'evidence.retain', 'evidence.dispose'] as const;
const PARENT_MOVES = ['parent.notify', 'parent.defer', 'parent.update', 'parent.shareOutcome'] as const;
const is = <T extends CaseEventType>(e: CaseEvent, ...types: T[]): e is EventOf<T> => (types as string[]).includes(e.type);

export type ClosureRefusal = Refusal & { code: (typeof CLOSURE_CODES)[number] };

/** What still stands between the case and closure for `reason`, in the order a team meets it. Empty: it may close. */
export function closureBlockers(ctx: CaseContext, reason: ClosureReason, at: string): ClosureRefusal[] {
  const out: ClosureRefusal[] = [];
  if (!CLOSURE_ALLOWED_FROM[reason].includes(ctx.step)) out.push({ code: 'reasonNotAllowedHere', params: { reason, step: ctx.step } });
  // Whatever the reason, danger is ruled out before a case closes: every trigger answered ("not yet known"
  // included) once the case has reached triage.
  if (ctx.step !== 'detected' && ctx.step !== 'intake' && unansweredTriggers(ctx).length > 0) out.push({ code: 'closureNeedsAnswers' });
  // A case that ever had a hard trigger never closes without its emergency handled after the latest "yes".
  const yes = latestYes(ctx);
  if (yes) {
    const handled =
      ctx.emergency !== undefined &&
      ctx.emergency.entered.seq >= yes.seq &&
      safetyConfirmedSinceYes(ctx) &&
      everYes(ctx).every((t) => authorityAcknowledged(ctx, t));
    if (!handled) out.push({ code: 'hardTriggerNotHandled' });
  }
  for (const p of familiesToDecide(ctx)) {
    const status = familyStatus(ctx, p.id);
    if (status === 'notNotified') out.push({ code: 'noParentDecision', params: { party: p.id } });
    else if (status === 'notified') out.push({ code: 'outcomeNotShared', params: { party: p.id } });
  }
  if (referralPending(ctx)) out.push({ code: 'referralPending' });
  if (ctx.evidence.some((x) => x.status !== 'disposed')) out.push({ code: 'evidenceNotDisposed' });
  if (!ctx.review) out.push({ code: 'noReview' });
  if (needsProsecutorDecision(ctx) && !prosecutorDecided(ctx)) out.push({ code: 'noProsecutorDecision' });
  if (reason === 'RESOLVED') {
    const from = ctx.monitoringFrom?.seq ?? Number.POSITIVE_INFINITY;
    const checks = ctx.monitoringChecks.filter((c) => c.seq > from);
    const last = checks.at(-1);
    if (!last || checks.some((c) => c.recurrence) || last.targetReport !== 'better') out.push({ code: 'stopNotConfirmed' });
    const end = monitoringWindowEnd(ctx);
    const early = ctx.earlyClosure && ctx.earlyClosure.seq > from;
    if (end !== undefined && !early && Date.parse(at) < Date.parse(end)) out.push({ code: 'monitoringWindowOpen', params: { until: end } });
  }
  return out;
}

/**
 * What still keeps the case in emergency escalation, all of it (the screen lists every item, one per trigger
 * still waiting for its authority); the rules below refuse `emergency.resolve` with the first.
 */
export function emergencyBlockers(ctx: CaseContext): Refusal[] {
  const out: Refusal[] = [];
  if (unansweredTriggers(ctx).length > 0) out.push({ code: 'emergencyNeedsAnswers' });
  if (!safetyConfirmedSinceYes(ctx)) out.push({ code: 'emergencyNeedsSafety' });
  for (const t of awaitingAuthority(ctx)) out.push({ code: 'emergencyNeedsAuthority', params: { trigger: t, channels: AUTHORITY_FOR[t].join(',') } });
  return out;
}
const emergencyBlocker =
  (code: RefusalCode) =>
  (ctx: CaseContext): Verdict => {
    const found = emergencyBlockers(ctx).find((r) => r.code === code);
    return found === undefined ? false : (found.params ?? true);
  };

/** Track A begun: the target met and at least one author; track B: a formal interview since it was chosen. */
export function trackBegun(ctx: CaseContext): boolean {
  if (ctx.track === 'A') return (ctx.intervention?.status === 'authorInterviews' || ctx.intervention?.status === 'followUpMeetings') && (ctx.intervention?.authorInterviews ?? 0) > 0;
  if (ctx.track === 'B') return sinceTrackChoice(ctx, ctx.interviews).some((i) => i.kind === 'formal');
  return false;
}

/** Records since the current track was chosen. */
export function sinceTrackChoice<T extends { seq: number }>(ctx: CaseContext, list: readonly T[]): T[] {
  const chosen = ctx.trackHistory.at(-1)?.seq ?? -1;
  return list.filter((x) => x.seq >= chosen);
}

export type TriageProblem = 'triggersUnanswered' | 'notRated' | 'noCategory';
export function triageProblems(ctx: CaseContext): TriageProblem[] {
  const out: TriageProblem[] = [];
  if (unansweredTriggers(ctx).length > 0) out.push('triggersUnanswered');
  if (ctx.level === undefined || ctx.needsRerating) out.push('notRated');
  if (ctx.categories.length === 0) out.push('noCategory');
  return out;
}

export const RULES: readonly Rule[] = [
  { code: 'notInThisStep', events: '*', check: (ctx, e) => !stepDef(ctx.step).accepts.includes(e.type) && { event: e.type, step: ctx.step } },

  // ---- records referring to others ---------------------------------------------------------------------
  {
    code: 'recordExists',
    events: ['party.add', 'evidence.add', 'referral.make', 'interview.record'],
    check: (ctx, e) =>
      (is(e, 'party.add') && !!partyOf(ctx, e.partyId)) ||
      (is(e, 'evidence.add') && ctx.evidence.some((x) => x.id === e.evidenceId)) ||
      (is(e, 'referral.make') && ctx.referrals.some((r) => r.id === e.referralId)) ||
      (is(e, 'interview.record') && ctx.interviews.some((i) => i.id === e.interviewId)),
  },
  {
    code: 'noSuchRecord',
    events: ['party.update', ...EVIDENCE_MOVES, 'referral.acknowledge', 'referral.resolve', 'interview.record', ...PARENT_MOVES],
    check: (ctx, e) =>
      (is(e, 'party.update') && !partyOf(ctx, e.partyId)) ||
      (is(e, ...EVIDENCE_MOVES) && !ctx.evidence.some((x) => x.id === e.evidenceId)) ||
      (is(e, 'referral.acknowledge', 'referral.resolve') && !ctx.referrals.some((r) => r.id === e.referralId)) ||
      (is(e, 'interview.record') && !partyOf(ctx, e.partyId)) ||
      (is(e, ...PARENT_MOVES) && !partyOf(ctx, familyPartyId(ctx, e.partyId))),
  },

  // ---- intake and triage ------------------------------------------------------------------------------
  { code: 'intakeNeedsTarget', events: ['intake.submit'], check: (ctx) => !ctx.parties.some((p) => p.role === 'target') },
  {
    code: 'yesIsFinal',
    events: ['trigger.answer'],
    check: (ctx, e) => is(e, 'trigger.answer') && e.answer !== 'yes' && ctx.triggers[e.trigger]?.answer === 'yes' && { trigger: e.trigger },
  },
  {
    code: 'impliedByCategory',
    events: ['trigger.answer'],
    check: (ctx, e) => {
      if (!is(e, 'trigger.answer') || e.answer === 'yes') return false;
      const code = ctx.categories.find((c) => impliedTriggers([c]).includes(e.trigger));
      return code !== undefined && { trigger: e.trigger, category: code };
    },
  },
  {
    code: 'impliedByParty',
    events: ['trigger.answer'],
    check: (ctx, e) => is(e, 'trigger.answer') && e.answer !== 'yes' && impliedTriggersOf(ctx).some((x) => x.by === 'party' && x.trigger === e.trigger) && { trigger: e.trigger },
  },
  {
    code: 'answersBeforeRating',
    events: ['severity.rate'],
    check: (ctx) => ctx.needsRerating && unansweredTriggers(ctx).length > 0,
  },
  {
    code: 'ratingBelowEmergency',
    events: ['severity.rate'],
    check: (ctx, e) => is(e, 'severity.rate') && e.level < EMERGENCY_LEVEL && hasHardTrigger(ctx),
  },
  {
    code: 'triageIncomplete',
    events: ['triage.complete'],
    check: (ctx) => {
      const problems = triageProblems(ctx);
      return problems.length > 0 && { missing: problems.join(',') };
    },
  },

  // ---- evidence ----------------------------------------------------------------------------------------
  {
    // An intimate image of a minor is never on the device, nor a way to reach it: in such a case (T2, or an
    // intimate-image category) every item is a description, whatever the item's own flag says.
    code: 'intimateEvidence',
    events: ['evidence.add', 'evidence.update', 'evidence.preserve'],
    check: (ctx, e) => {
      if (is(e, 'evidence.add')) return (isIntimateCase(ctx) || e.isIntimateImageOfMinor) && (attachesMedia(e) || e.kind !== 'description');
      if (!is(e, 'evidence.update', 'evidence.preserve')) return false;
      const item = ctx.evidence.find((x) => x.id === e.evidenceId);
      return (isIntimateCase(ctx) || !!item?.isIntimateImageOfMinor) && attachesMedia(e);
    },
  },
  {
    code: 'intimateCopyHeld',
    events: EVIDENCE_MOVES,
    check: (ctx, e) => {
      if (!is(e, ...EVIDENCE_MOVES) || !intimateCopies(ctx).some((x) => x.id === e.evidenceId)) return false;
      return !is(e, 'evidence.dispose') || e.disposition === 'keptInFile';
    },
  },
  {
    code: 'evidenceOrder',
    events: EVIDENCE_MOVES,
    check: (ctx, e) => {
      if (!is(e, ...EVIDENCE_MOVES)) return false;
      const item = ctx.evidence.find((x) => x.id === e.evidenceId);
      return item !== undefined && evidenceNext(item.status, e.type) === undefined;
    },
  },

  // ---- referrals ----------------------------------------------------------------------------------------
  {
    code: 'referralClosed',
    events: ['referral.acknowledge', 'referral.resolve'],
    check: (ctx, e) => {
      if (!is(e, 'referral.acknowledge', 'referral.resolve')) return false;
      const r = ctx.referrals.find((x) => x.id === e.referralId);
      return r !== undefined && referralNext(r.status, e.type) === undefined;
    },
  },
  {
    code: 'abandonNeedsReason',
    events: ['referral.resolve'],
    check: (_ctx, e) => is(e, 'referral.resolve') && e.status === 'abandoned' && (e.reason ?? '').trim() === '',
  },

  // ---- families -----------------------------------------------------------------------------------------
  {
    code: 'notAFamily',
    events: PARENT_MOVES,
    check: (ctx, e) => {
      if (!is(e, ...PARENT_MOVES)) return false;
      const p = partyOf(ctx, familyPartyId(ctx, e.partyId));
      return p !== undefined && !hasFamily(p);
    },
  },
  {
    code: 'parentOrder',
    events: PARENT_MOVES,
    check: (ctx, e) => {
      if (!is(e, ...PARENT_MOVES)) return false;
      const id = familyPartyId(ctx, e.partyId);
      return id !== undefined && familyNext(familyStatus(ctx, id), e.type) === undefined;
    },
  },

  // ---- emergency ----------------------------------------------------------------------------------------
  { code: 'emergencyNeedsAnswers', events: ['emergency.resolve'], check: emergencyBlocker('emergencyNeedsAnswers') },
  { code: 'emergencyNeedsSafety', events: ['emergency.resolve'], check: emergencyBlocker('emergencyNeedsSafety') },
  { code: 'emergencyNeedsAuthority', events: ['emergency.resolve'], check: emergencyBlocker('emergencyNeedsAuthority') },

  // ---- tracks --------------------------------------------------------------------------------------------
  {
    code: 'trackBOnly',
    events: ['track.choose', 'trackA.allow', 'interview.record'],
    check: (ctx, e) => (is(e, 'track.choose') ? e.track === 'A' : is(e, 'interview.record') ? e.kind !== 'formal' : true) && isTrackBOnly(ctx),
  },
  {
    code: 'headDecisionNotNeeded',
    events: ['trackA.allow'],
    check: (ctx) => !everYes(ctx).some((t) => HEAD_DECIDES_TRACK_A_TRIGGERS.includes(t)),
  },
  {
    code: 'trackAUnknownTrigger',
    events: ['track.choose'],
    check: (ctx, e) => is(e, 'track.choose') && e.track === 'A' && unknownTriggers(ctx).length > 0 && { triggers: unknownTriggers(ctx).join(',') },
  },
  {
    code: 'trackANeedsHead',
    events: ['track.choose'],
    check: (ctx, e) => is(e, 'track.choose') && e.track === 'A' && trackANeedsHead(ctx).length > 0 && { triggers: trackANeedsHead(ctx).join(',') },
  },

  // ---- interviews ------------------------------------------------------------------------------------------
  {
    code: 'mppWithAdult',
    events: ['interview.record'],
    check: (ctx, e) => {
      if (!is(e, 'interview.record') || e.kind === 'formal') return false;
      const p = partyOf(ctx, e.partyId);
      return p !== undefined && isAdult(p);
    },
  },
  {
    code: 'interviewWrongParty',
    events: ['interview.record'],
    check: (ctx, e) => {
      if (!is(e, 'interview.record')) return false;
      const role = partyOf(ctx, e.partyId)?.role;
      const wanted = { mppTarget: 'target', mppAuthor: 'allegedAuthor', mppWitness: 'witness' }[e.kind as string];
      return role !== undefined && wanted !== undefined && role !== wanted;
    },
  },
  {
    code: 'mppOffTrack',
    events: ['interview.record'],
    check: (ctx, e) => {
      if (!is(e, 'interview.record') || e.kind === 'formal') return false;
      const series = ctx.intervention;
      return ctx.track !== 'A' || !series || !isRunning(series.status) || seriesNext(series.status, e.kind as MppKind, series.authorInterviews > 0) === undefined;
    },
  },
  { code: 'notOnTrackB', events: ['interview.record', 'trackB.measure'], check: (ctx, e) => (is(e, 'interview.record') ? e.kind === 'formal' : true) && ctx.track !== 'B' },
  {
    // While the police, the gendarmerie or the prosecutor handle the case, the school does not question pupils
    // about the facts (support for the target goes on: the target's own shared-concern interview is support).
    code: 'parallelInvestigation',
    events: ['interview.record'],
    // Any interview about the facts with a pupil other than the target: support for the target continues.
    check: (ctx, e) =>
      is(e, 'interview.record') &&
      (e.kind === 'formal' || e.kind === 'mppAuthor' || e.kind === 'mppWitness' || (e.kind === 'mppFollowUp' && partyOf(ctx, e.partyId)?.role !== 'target')) &&
      investigationOpen(ctx),
  },

  // ---- follow-up ---------------------------------------------------------------------------------------------
  { code: 'trackNotBegun', events: ['followUp.start'], check: (ctx) => !trackBegun(ctx) },
  { code: 'noFollowUpYet', events: ['followUp.fail', 'followUp.resolve'], check: (ctx) => sinceReopen(ctx, ctx.followUps).length === 0 },
  { code: 'noImprovement', events: ['followUp.resolve'], check: (ctx) => sinceReopen(ctx, ctx.followUps).at(-1)?.targetReport !== 'better' },
  {
    code: 'platformTicketOpen',
    events: ['followUp.resolve'],
    check: (ctx) => ctx.referrals.some((r) => r.channel === 'platformReport' && r.status !== 'closed'),
  },
  {
    code: 'trackBIncomplete',
    events: ['trackB.resolve'],
    check: (ctx) => !(sinceTrackChoice(ctx, ctx.interviews).some((i) => i.kind === 'formal') && sinceTrackChoice(ctx, ctx.measures).length > 0),
  },

  // ---- closure: each blocker is its own reason --------------------------------------------------------------
  ...CLOSURE_CODES.map(
    (code): Rule => ({
      code,
      events: ['case.close'],
      check: (ctx, e) => {
        if (!is(e, 'case.close')) return false;
        const found = closureBlockers(ctx, e.reason, e.at).find((b) => b.code === code);
        return found ? (found.params ?? true) : false;
      },
    }),
  ),
];

/** Why the protocol refuses `e` for this case now, or null when it accepts it. */
export function refusalOf(ctx: CaseContext, e: CaseEvent, rules: readonly Rule[] = RULES): Refusal | null {
  for (const rule of rules) {
    if (rule.events !== '*' && !rule.events.includes(e.type)) continue;
    const verdict = rule.check(ctx, e);
    if (verdict) return verdict === true ? { code: rule.code } : { code: rule.code, params: verdict };
  }
  return null;
}

/** Does accepting `e` make a new hard trigger "yes", or the case critical? Then the case goes to emergency at once. */
export function escalates(ctx: CaseContext, e: CaseEvent): boolean {
  if (is(e, 'severity.rate')) return e.level === EMERGENCY_LEVEL && ctx.level !== EMERGENCY_LEVEL;
  return newYes(ctx, e).length > 0;
}

/** The triggers `e` makes "yes" that are not "yes" now: answered, or implied by a category or a party. */
export function newYes(ctx: CaseContext, e: CaseEvent): EventOf<'trigger.answer'>['trigger'][] {
  const now = (t: string) => ctx.triggers[t as keyof typeof ctx.triggers]?.answer === 'yes';
  if (is(e, 'trigger.answer')) return e.answer === 'yes' && !now(e.trigger) ? [e.trigger] : [];
  if (is(e, 'category.set')) return impliedTriggers(e.codes).filter((t) => !now(t));
  if (is(e, 'party.add')) return impliedByParty(e).filter((t) => !now(t));
  if (is(e, 'party.update')) {
    const before = partyOf(ctx, e.partyId);
    if (!before) return [];
    const { type: _t, at: _a, by: _b, partyId: _p, ...fields } = e;
    return impliedByParty({ ...before, ...fields }).filter((t) => !now(t));
  }
  if (is(e, 'intake.submit')) return impliedByParty({ actorKind: e.actorKind, role: 'allegedAuthor' }).filter((t) => !now(t));
  return [];
}
