import type { ClosureReason } from '../protocol/closure';
import type { ChannelId } from '../protocol/channels';
import type { ActorKind, Platform, ReportChannel, ReporterRole } from '../protocol/roles';
import type { ScreeningAnswers, ScreeningResult } from '../protocol/screening';
import type { SeverityLevel } from '../protocol/severity';
import type { TriggerAnswer, TriggerId } from '../protocol/triggers';
import type { CategoryCode } from '../protocol/typology';
import type { EventOf, InterviewKind, PartyFields, TargetReport } from './events';
import type { SubState } from './sub-machine';

/** Who did it and when: every record in a case carries this. */
export interface Stamp {
  at: string;
  by: string;
}

export interface Party extends PartyFields {
  id: string;
}

export interface TriggerRecord extends Stamp {
  answer: TriggerAnswer;
  note?: string;
}

export interface SeverityChange extends Stamp {
  level: SeverityLevel;
  rationale: string;
  /** The event type that changed it: `severity.rate`, or `trigger.answer` when a hard trigger forced level 4. */
  cause: 'severity.rate' | 'trigger.answer';
}

/** The fields an item was recorded with are those of the event that added it. */
type Recorded<T extends 'evidence.add' | 'referral.make', Id extends string> = Omit<EventOf<T>, 'type' | 'at' | 'by' | Id>;

export interface EvidenceItem extends Stamp, Recorded<'evidence.add', 'evidenceId'> {
  id: string;
  sharedWith: { channel: ChannelId; at: string; reference?: string }[];
  disposition?: string;
  machine: SubState;
}

export interface Referral extends Stamp, Recorded<'referral.make', 'referralId'> {
  id: string;
  acknowledgedAt?: string;
  closedAt?: string;
  status?: 'completed' | 'abandoned';
  outcome?: string;
  reason?: string;
  machine: SubState;
}

export interface ParentNotice {
  machine: SubState;
  log: (Stamp & { action: 'notify' | 'defer' | 'update' | 'shareOutcome'; detail?: string })[];
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

export interface Clock {
  startedAt: string;
  satisfiedAt?: string;
}

export interface CaseContext {
  caseId: string;
  report?: Stamp & { channel: ReportChannel; reporterRole: ReporterRole; summary?: string };
  leadInformed?: Stamp;
  parties: Party[];
  intake?: Stamp & { narrative: string; platforms: Platform[]; firstKnownDate?: string; actorKind: ActorKind };
  triggers: Partial<Record<TriggerId, TriggerRecord>>;
  categories: CategoryCode[];
  level?: SeverityLevel;
  severityHistory: SeverityChange[];
  /** Set by reopening: triage cannot complete until the case is re-rated. */
  needsRerating: boolean;
  screening?: Stamp & ScreeningAnswers & { result: ScreeningResult };
  emergency?: { enteredAt: string; safetyConfirmed?: Stamp & { note: string }; resolvedAt?: string };
  prosecutorDecision?: Stamp & { decision: 'report' | 'noReport'; reason: string };
  track?: 'A' | 'B';
  trackHistory: (Stamp & { track: 'A' | 'B'; rationale: string })[];
  interviewers: string[];
  safetyPlan?: Stamp & { measures: string };
  supportLog: (Stamp & { note: string })[];
  evidence: EvidenceItem[];
  referrals: Referral[];
  parentNotice: ParentNotice;
  intervention?: SubState;
  interviews: Interview[];
  followUps: (Stamp & { targetReport: TargetReport; note?: string })[];
  failure?: Stamp & { reason: 'noImprovement' | 'refusal' };
  measures: (Stamp & { kind: 'protection' | 'sanction'; description: string })[];
  monitoringChecks: (Stamp & { recurrence: boolean; targetReport: TargetReport; note?: string })[];
  review?: Stamp & { whatWorked: string; notes?: string };
  closure?: Stamp & { reason: ClosureReason; notes?: string };
  reopenings: (Stamp & { reason: string; note: string })[];
  notes: (Stamp & { text: string })[];
  clocks: Record<string, Clock>;
}
