import type { InterviewKind } from './events';

/**
 * The life of each record inside a case, as typed statuses and transition tables (decision 0010): an evidence
 * item, a referral, a family's notice, the shared-concern interview series. `next` gives the status an event
 * leads to, or undefined when the record is not at a stage where that event can be recorded.
 */

// ---- evidence: captured, preserved, shared with an authority or kept, disposed -----------------------------

export type EvidenceStatus = 'capturing' | 'preserved' | 'sharedWithAuthority' | 'retained' | 'disposed';
export type EvidenceMove = 'evidence.update' | 'evidence.preserve' | 'evidence.share' | 'evidence.retain' | 'evidence.dispose';

const EVIDENCE: Record<EvidenceStatus, Partial<Record<EvidenceMove, EvidenceStatus>>> = {
  // A correction (a typo in a description) is allowed until the item is disposed of.
  capturing: { 'evidence.update': 'capturing', 'evidence.preserve': 'preserved', 'evidence.dispose': 'disposed' },
  preserved: { 'evidence.update': 'preserved', 'evidence.share': 'sharedWithAuthority', 'evidence.retain': 'retained', 'evidence.dispose': 'disposed' },
  // Shared with one authority, it may be shared with another (the police, then the prosecutor).
  sharedWithAuthority: { 'evidence.update': 'sharedWithAuthority', 'evidence.share': 'sharedWithAuthority', 'evidence.dispose': 'disposed' },
  retained: { 'evidence.update': 'retained', 'evidence.share': 'sharedWithAuthority', 'evidence.dispose': 'disposed' },
  disposed: {},
};

export const evidenceNext = (status: EvidenceStatus, move: EvidenceMove): EvidenceStatus | undefined => EVIDENCE[status][move];

// ---- referral: made, acknowledged by the service, closed ----------------------------------------------------

export type ReferralStatus = 'made' | 'acknowledged' | 'closed';
export type ReferralMove = 'referral.acknowledge' | 'referral.resolve';

const REFERRAL: Record<ReferralStatus, Partial<Record<ReferralMove, ReferralStatus>>> = {
  made: { 'referral.acknowledge': 'acknowledged', 'referral.resolve': 'closed' },
  // A second acknowledgement records what the authority said later (a reference, its agreement to interviews).
  acknowledged: { 'referral.acknowledge': 'acknowledged', 'referral.resolve': 'closed' },
  closed: {},
};

export const referralNext = (status: ReferralStatus, move: ReferralMove): ReferralStatus | undefined => REFERRAL[status][move];

// ---- a family's notice: decided (notified, or deferred with a reason), updated, told the outcome ----------

export type FamilyStatus = 'notNotified' | 'notified' | 'deferred' | 'outcomeShared';
export type FamilyMove = 'parent.notify' | 'parent.defer' | 'parent.update' | 'parent.shareOutcome';

const FAMILY: Record<FamilyStatus, Partial<Record<FamilyMove, FamilyStatus>>> = {
  notNotified: { 'parent.notify': 'notified', 'parent.defer': 'deferred' },
  // A deferral can be decided again (a new reason) and lifted by notifying.
  deferred: { 'parent.defer': 'deferred', 'parent.notify': 'notified' },
  notified: { 'parent.update': 'notified', 'parent.shareOutcome': 'outcomeShared' },
  outcomeShared: { 'parent.update': 'outcomeShared', 'parent.shareOutcome': 'outcomeShared' },
};

export const familyNext = (status: FamilyStatus, move: FamilyMove): FamilyStatus | undefined => FAMILY[status][move];

// ---- the shared-concern series (track A): the target first, then each alleged author, then follow-ups ------

export type InterventionStatus = 'targetInterview' | 'authorInterviews' | 'followUpMeetings' | 'resolved' | 'failed' | 'stopped';
export type MppKind = Exclude<InterviewKind, 'formal'>;

const SERIES: Record<InterventionStatus, Partial<Record<MppKind, InterventionStatus>>> = {
  targetInterview: { mppTarget: 'authorInterviews' },
  // Authors, witnesses and the target again, as often as needed; follow-up meetings once an author was met.
  authorInterviews: { mppAuthor: 'authorInterviews', mppWitness: 'authorInterviews', mppTarget: 'authorInterviews', mppFollowUp: 'followUpMeetings' },
  followUpMeetings: { mppAuthor: 'followUpMeetings', mppWitness: 'followUpMeetings', mppTarget: 'followUpMeetings', mppFollowUp: 'followUpMeetings' },
  resolved: {},
  failed: {},
  stopped: {},
};

/** The series after an interview of this kind; `metAnAuthor` guards the first follow-up meeting. */
export function seriesNext(status: InterventionStatus, kind: MppKind, metAnAuthor: boolean): InterventionStatus | undefined {
  if (kind === 'mppFollowUp' && !metAnAuthor) return undefined;
  return SERIES[status][kind];
}

export const isRunning = (status: InterventionStatus | undefined) => status === 'targetInterview' || status === 'authorInterviews' || status === 'followUpMeetings';
