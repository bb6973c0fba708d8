import type { ClosureReason } from '../protocol/closure';
import type { ChannelId } from '../protocol/channels';
import type { ActorKind, Platform, ReportChannel, ReporterRole } from '../protocol/roles';
import type { ScreeningAnswers, ScreeningResult } from '../protocol/screening';
import type { SeverityLevel } from '../protocol/severity';
import type { StepId } from '../protocol/steps';
import type { TriggerAnswer, TriggerId } from '../protocol/triggers';
import type { CategoryCode } from '../protocol/typology';
import type { EventOf, InterviewKind, PartyFields, TargetReport } from './events';
import type { EvidenceStatus, FamilyStatus, InterventionStatus, ReferralStatus } from './records';

/**
 * Who did it, when, and where it stands in the log. `seq` (the event's position, from 0) orders records that
 * share a time, which the events of one form do: "after the latest yes" is decided on it.
 */
export interface Stamp {
  at: string;
  by: string;
  seq: number;
}

export interface Party extends PartyFields {
  id: string;
}

/** How an answer came: asked at triage, or implied by a category or a party that was recorded. */
export type AnswerCause = 'trigger.answer' | 'category.set' | 'party.add' | 'party.update' | 'intake.submit';

export interface TriggerRecord extends Stamp {
  answer: TriggerAnswer;
  note?: string;
  cause: AnswerCause;
}

export interface SeverityChange extends Stamp {
  level: SeverityLevel;
  rationale: string;
  /** The event type that changed it: `severity.rate`, or the record that made a hard trigger "yes". */
  cause: 'severity.rate' | AnswerCause;
}

/** The fields an item was recorded with are those of the event that added it. */
type Recorded<T extends 'evidence.add' | 'referral.make', Id extends string> = Omit<EventOf<T>, 'type' | 'at' | 'by' | Id>;

export interface EvidenceItem extends Stamp, Recorded<'evidence.add', 'evidenceId'> {
  id: string;
  status: EvidenceStatus;
  sharedWith: { channel: ChannelId; at: string; reference?: string }[];
  disposition?: string;
}

export interface Acknowledgement extends Stamp {
  reference?: string;
  note?: string;
  /** The authority agrees that the school holds its own interviews of pupils. */
  schoolMayInterview?: boolean;
}

export interface Referral extends Stamp, Recorded<'referral.make', 'referralId'> {
  id: string;
  status: ReferralStatus;
  acknowledgements: Acknowledgement[];
  closedAt?: string;
  outcome?: string;
  reason?: string;
  result?: 'completed' | 'abandoned';
}

/** One family's notice: the parents of one child involved. */
export interface FamilyNotice {
  partyId: string;
  status: FamilyStatus;
  /** `detail`: the means of contact (a code) for a notification, else the reason or the note; `note` with a notification. */
  log: (Stamp & { action: 'notify' | 'defer' | 'update' | 'shareOutcome'; detail?: string; note?: string; decidedBy?: string })[];
}

export interface Interview extends Stamp {
  id: string;
  partyId: string;
  kind: InterviewKind;
  interviewer: string;
  durationMinutes?: number;
  proposals?: string;
  commitments?: string;
  note?: string;
}

export interface Intervention {
  status: InterventionStatus;
  authorInterviews: number;
}

export interface Clock {
  startedAt: string;
  satisfiedAt?: string;
}

export interface CaseContext {
  caseId: string;
  /** The step the case is in (the machine's state, kept here so that the rules can read it). */
  step: StepId;
  /** How many events the case has accepted: the next event's `seq`. */
  events: number;
  report?: Stamp & { channel: ReportChannel; reporterRole: ReporterRole; summary?: string };
  leadInformed?: Stamp & { informed: string };
  /** When the head was first told (the same-day duty). */
  headInformed?: Stamp;
  parties: Party[];
  intake?: Stamp & { narrative: string; platforms: Platform[]; firstKnownDate?: string; actorKind: ActorKind };
  /** The current answers; a reopening clears them, to be asked again. */
  triggers: Partial<Record<TriggerId, TriggerRecord>>;
  /** Every "yes" the case ever had, in order, reopenings included: what stays true for the rest of the case. */
  yesHistory: (Stamp & { trigger: TriggerId; cause: AnswerCause })[];
  categories: CategoryCode[];
  /** Every category the case was ever given: an intimate-image category keeps its effect if later removed. */
  categoriesEver: CategoryCode[];
  level?: SeverityLevel;
  severityHistory: SeverityChange[];
  /** Set by reopening: the case is rated again after fresh answers. */
  needsRerating: boolean;
  screening?: Stamp & ScreeningAnswers & { result: ScreeningResult };
  emergency?: { entered: Stamp; safetyConfirmed?: Stamp & { note: string }; resolvedAt?: string };
  prosecutorDecision?: Stamp & { decision: 'report' | 'noReport'; reason: string };
  track?: 'A' | 'B';
  trackHistory: (Stamp & { track: 'A' | 'B' | 'none'; rationale: string })[];
  /** The head's decision that track A may be used after T1, T5 or T7 alone. */
  trackAAllowed?: Stamp & { reason: string; decidedBy: string };
  interviewers: string[];
  safetyPlan?: Stamp & { measures: string };
  supportLog: (Stamp & { note: string })[];
  evidence: EvidenceItem[];
  referrals: Referral[];
  families: FamilyNotice[];
  intervention?: Intervention;
  interviews: Interview[];
  followUps: (Stamp & { targetReport: TargetReport; note?: string })[];
  failure?: Stamp & { reason: 'noImprovement' | 'refusal' };
  measures: (Stamp & { kind: 'protection' | 'sanction'; description: string })[];
  /** When the case entered monitoring (the window starts there). */
  monitoringFrom?: Stamp;
  monitoringChecks: (Stamp & { recurrence: boolean; targetReport: TargetReport; note?: string })[];
  /** The head's early end of monitoring, with the reason. */
  earlyClosure?: Stamp & { reason: string; decidedBy: string };
  review?: Stamp & { whatWorked: string; notes?: string };
  closure?: Stamp & { reason: ClosureReason; notes?: string };
  reopenings: (Stamp & { reason: string; note: string })[];
  notes: (Stamp & { text: string })[];
  clocks: Record<string, Clock>;
}
