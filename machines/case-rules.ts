import { channelDef } from '../protocol/channels';
import { CLOSURE_ALLOWED_FROM } from '../protocol/closure';
import type { ClosureReason } from '../protocol/closure';
import { PROSECUTOR_DECISION_LEVEL } from '../protocol/severity';
import type { StepId } from '../protocol/steps';
import { TRIGGER_IDS } from '../protocol/triggers';
import type { TriggerId } from '../protocol/triggers';
import { impliedTriggers } from '../protocol/typology';
import type { CategoryCode } from '../protocol/typology';
import type { CaseContext } from './case-context';

/** Pure predicates over a case; the machine's guards and the UI's explanations both use them. */

export function hardTriggers(ctx: CaseContext): TriggerId[] {
  return TRIGGER_IDS.filter((t) => ctx.triggers[t]?.answer === 'yes');
}

export function hasHardTrigger(ctx: CaseContext): boolean {
  return hardTriggers(ctx).length > 0;
}

export function unansweredTriggers(ctx: CaseContext): TriggerId[] {
  return TRIGGER_IDS.filter((t) => !ctx.triggers[t]);
}

/** Triggers a category implies but that are not recorded as "yes": triage must not contradict its own categories. */
export function contradictedTriggers(ctx: CaseContext, codes: readonly CategoryCode[] = ctx.categories): TriggerId[] {
  return impliedTriggers(codes).filter((t) => ctx.triggers[t]?.answer !== 'yes');
}

export function authorityAcknowledged(ctx: CaseContext): boolean {
  return ctx.referrals.some((r) => channelDef(r.channel).isAuthority && r.acknowledgedAt !== undefined);
}

/**
 * The shared-concern (MPP) track is refused after a hard trigger unless an authority acknowledged the referral,
 * and while any trigger is still "not yet known" (safety rule 2).
 */
export function isMppAllowed(ctx: CaseContext): boolean {
  if (TRIGGER_IDS.some((t) => ctx.triggers[t]?.answer === 'unknown')) return false;
  if (!hasHardTrigger(ctx)) return true;
  return ctx.emergency !== undefined && authorityAcknowledged(ctx);
}

export type TriageProblem = 'triggersUnanswered' | 'notRated' | 'categoriesContradictTriggers' | 'noCategory';

export function triageProblems(ctx: CaseContext): TriageProblem[] {
  const out: TriageProblem[] = [];
  if (unansweredTriggers(ctx).length > 0) out.push('triggersUnanswered');
  if (ctx.level === undefined || ctx.needsRerating) out.push('notRated');
  if (ctx.categories.length === 0) out.push('noCategory');
  if (contradictedTriggers(ctx).length > 0) out.push('categoriesContradictTriggers');
  return out;
}

export type ClosureBlocker =
  | 'reasonNotAllowedHere'
  | 'noParentDecision'
  | 'outcomeNotShared'
  | 'referralPending'
  | 'evidenceNotDisposed'
  | 'noReview'
  | 'noProsecutorDecision'
  | 'stopNotConfirmed';

/** What still stands between this case and closure (safety rule 3). Empty means it may close. */
export function closureBlockers(ctx: CaseContext, step: StepId, reason: ClosureReason): ClosureBlocker[] {
  const out: ClosureBlocker[] = [];
  if (!CLOSURE_ALLOWED_FROM[reason].includes(step)) out.push('reasonNotAllowedHere');
  const parent = ctx.parentNotice.machine.value;
  if (parent === 'notNotified') out.push('noParentDecision');
  if (parent === 'notified') out.push('outcomeNotShared');
  if (ctx.referrals.some((r) => r.machine.value === 'made')) out.push('referralPending');
  if (ctx.evidence.some((e) => e.machine.value !== 'disposed')) out.push('evidenceNotDisposed');
  if (!ctx.review) out.push('noReview');
  const maxLevel = Math.max(-1, ...ctx.severityHistory.map((s) => s.level));
  if ((maxLevel >= PROSECUTOR_DECISION_LEVEL || hasHardTrigger(ctx)) && !ctx.prosecutorDecision) out.push('noProsecutorDecision');
  if (reason === 'RESOLVED') {
    const last = ctx.monitoringChecks.at(-1);
    if (!last || last.recurrence || last.targetReport !== 'better') out.push('stopNotConfirmed');
  }
  return out;
}

/** Follow-up may start once the chosen track has begun (A: target and at least one author met; B: a formal interview). */
export function canStartFollowUp(ctx: CaseContext): boolean {
  if (ctx.track === 'A') {
    const series = ctx.intervention;
    const begun = series?.value === 'authorInterviews' || series?.value === 'followUpMeetings';
    return begun && (series?.context.authorInterviews as number) > 0;
  }
  if (ctx.track === 'B') return ctx.interviews.some((i) => i.kind === 'formal');
  return false;
}

/** Resolved at follow-up: the target says it improved, and no platform ticket is left open. */
export function canResolveFollowUp(ctx: CaseContext): boolean {
  const last = ctx.followUps.at(-1);
  const openTickets = ctx.referrals.some((r) => r.channel === 'platformReport' && r.machine.value !== 'closed');
  return last?.targetReport === 'better' && !openTickets;
}

export function canResolveTrackB(ctx: CaseContext): boolean {
  return ctx.interviews.some((i) => i.kind === 'formal') && ctx.measures.length > 0;
}
