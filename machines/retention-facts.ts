import { LEGAL_HOLD_CHANNELS } from '../protocol/retention';
import type { HeadHold, RetentionFacts } from '../protocol/retention';
import type { CaseContext } from './case-context';

/** A document of the case made as a PDF on this device: which, the school's local day, in what language, redacted or not. */
export interface PrintedCopy {
  kind: 'case' | 'referral' | 'parents';
  on: string;
  lang: string;
  redacted: boolean;
}

/** What the head records about a case's retention outside the protocol's events (docs/decisions/0021-retention.md). */
export interface RetentionRecord {
  headHolds: readonly HeadHold[];
  targetLeavesOn?: string;
  /**
   * The print log: what was made as a PDF, so that a purge can tell the school which paper copies to destroy.
   * Kept beside the case, purged with it; its kinds and days go to the deletion log (no names).
   */
  printed?: readonly PrintedCopy[];
}

/**
 * The facts the retention rules read, from a case's replayed record. The prosecutor decision is pending when the
 * case ever called for it (rated 3 or more, or in emergency escalation) and the head never recorded one: a
 * purge must not destroy the file the decision is to be made on.
 */
export function retentionFactsOf(ctx: CaseContext, lastEventAt: string, record: RetentionRecord): RetentionFacts {
  const calledForDecision = ctx.severityHistory.some((s) => s.level >= 3) || ctx.emergency !== undefined;
  return {
    lastEventAt,
    ...(ctx.step === 'closed' && ctx.closure ? { closedAt: ctx.closure.at } : {}),
    ...(record.targetLeavesOn !== undefined ? { targetLeavesOn: record.targetLeavesOn } : {}),
    openLegalReferrals: ctx.referrals.filter((r) => r.status !== 'closed' && LEGAL_HOLD_CHANNELS.includes(r.channel)).map((r) => r.channel),
    prosecutorDecisionPending: calledForDecision && ctx.prosecutorDecision === undefined,
    headHolds: record.headHolds,
  };
}
