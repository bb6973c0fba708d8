/** The reasons a closure may be refused for, in the order a team meets them. */
export const CLOSURE_CODES = [
  'reasonNotAllowedHere',
  'closureNeedsAnswers',
  'hardTriggerNotHandled',
  'noParentDecision',
  'outcomeNotShared',
  'referralPending',
  'evidenceNotDisposed',
  'noReview',
  'noProsecutorDecision',
  'stopNotConfirmed',
  'monitoringWindowOpen',
] as const;

/**
 * Why the protocol refuses a record: every refusal of the case machine has one of these codes, shown to the
 * teacher as the sentence `refusal.<code>` of protocol/text (with its {placeholders} filled in) and printed by
 * the CLI. Decision record: docs/decisions/0010-protocol-rules.md.
 */
export const REFUSAL_CODES = [
  // what and where
  'notInThisStep',
  'noSuchRecord',
  'recordExists',
  // intake and triage
  'intakeNeedsTarget',
  'triageIncomplete',
  'yesIsFinal',
  'impliedByCategory',
  'impliedByParty',
  'ratingBelowEmergency',
  'answersBeforeRating',
  // evidence, referrals, families
  'intimateEvidence',
  'intimateCopyHeld',
  'evidenceOrder',
  'referralClosed',
  'abandonNeedsReason',
  'notAFamily',
  'parentOrder',
  // emergency
  'emergencyNeedsAnswers',
  'emergencyNeedsSafety',
  'emergencyNeedsAuthority',
  // tracks and interviews
  'trackBOnly',
  'trackANeedsHead',
  'trackAUnknownTrigger',
  'headDecisionNotNeeded',
  'mppWithAdult',
  'mppOffTrack',
  'interviewWrongParty',
  'notOnTrackB',
  'parallelInvestigation',
  'trackNotBegun',
  'noImprovement',
  'platformTicketOpen',
  'noFollowUpYet',
  'trackBIncomplete',
  ...CLOSURE_CODES,
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

/** A refusal: its code, and what fills the sentence's placeholders (ids: the UI translates them). */
export interface Refusal {
  code: RefusalCode;
  params?: Record<string, string>;
}
