import { ACTOR_KINDS, AGE_BANDS, PARTY_ROLES, PLATFORMS, REPORT_CHANNELS, REPORTER_ROLES } from '../protocol/roles';
import type { ActorKind, AgeBand, PartyRole, Platform, ReportChannel, ReporterRole } from '../protocol/roles';
import { TRIGGER_ANSWERS, TRIGGER_IDS } from '../protocol/triggers';
import type { TriggerAnswer, TriggerId } from '../protocol/triggers';
import { CATEGORY_CODES } from '../protocol/typology';
import type { CategoryCode } from '../protocol/typology';
import { SEVERITY_LEVELS } from '../protocol/severity';
import type { SeverityLevel } from '../protocol/severity';
import { CHANNEL_IDS } from '../protocol/channels';
import type { ChannelId } from '../protocol/channels';
import { CLOSURE_REASONS } from '../protocol/closure';
import type { ClosureReason } from '../protocol/closure';

/** Every event carries when it happened and who recorded it: time enters the machines only this way. */
interface Base {
  /** ISO 8601 instant */
  at: string;
  /** Team member who recorded it */
  by: string;
}

export const EVIDENCE_KINDS = ['screenshot', 'recording', 'url', 'handle', 'textNote', 'description'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export const EVIDENCE_DISPOSITIONS = ['deleted', 'handedToAuthority', 'keptInFile'] as const;
export const INTERVIEW_KINDS = ['mppTarget', 'mppAuthor', 'mppWitness', 'mppFollowUp', 'formal'] as const;
export type InterviewKind = (typeof INTERVIEW_KINDS)[number];
export const TARGET_REPORTS = ['better', 'same', 'worse'] as const;
export type TargetReport = (typeof TARGET_REPORTS)[number];
export const PARENT_CONTACT_MEANS = ['phone', 'meeting', 'letter', 'message'] as const;
export const REOPEN_REASONS = ['newFacts', 'relapse', 'triggerAppeared'] as const;
export const MEASURE_KINDS = ['protection', 'sanction'] as const;
export const LEAD_INFORMED = ['caseLead', 'head', 'both'] as const;

export interface PartyFields {
  role: PartyRole;
  pseudonym: string;
  /** The real name stays in the encrypted payload and is never printed in redacted documents. */
  name?: string;
  className?: string;
  ageBand?: AgeBand;
  actorKind?: ActorKind;
}

export type CaseEvent =
  | (Base & { type: 'case.report'; channel: ReportChannel; reporterRole: ReporterRole; summary?: string })
  | (Base & { type: 'party.add'; partyId: string } & PartyFields)
  | (Base & { type: 'party.update'; partyId: string } & Partial<PartyFields>)
  | (Base & { type: 'lead.inform'; informed: (typeof LEAD_INFORMED)[number] })
  | (Base & { type: 'intake.submit'; narrative: string; platforms: Platform[]; firstKnownDate?: string; actorKind: ActorKind })
  | (Base & { type: 'trigger.answer'; trigger: TriggerId; answer: TriggerAnswer; note?: string })
  | (Base & { type: 'category.set'; codes: CategoryCode[] })
  | (Base & { type: 'severity.rate'; level: SeverityLevel; rationale: string })
  | (Base & { type: 'triage.complete'; repeated: boolean; powerImbalance: boolean; harmful: boolean; likelyReshared: boolean })
  | (Base & {
      type: 'evidence.add';
      evidenceId: string;
      kind: EvidenceKind;
      description: string;
      isIntimateImageOfMinor: boolean;
      platform?: Platform;
      url?: string;
      accountHandle?: string;
      contentAt?: string;
      capturedAt?: string;
      storageLocation?: string;
      sha256?: string;
      file?: string;
    })
  | (Base & { type: 'evidence.update'; evidenceId: string; description?: string; url?: string; accountHandle?: string; storageLocation?: string; sha256?: string; file?: string })
  | (Base & { type: 'evidence.preserve'; evidenceId: string; storageLocation?: string; sha256?: string; file?: string })
  | (Base & { type: 'evidence.share'; evidenceId: string; channel: ChannelId; reference?: string })
  | (Base & { type: 'evidence.retain'; evidenceId: string; reason: string })
  | (Base & { type: 'evidence.dispose'; evidenceId: string; disposition: (typeof EVIDENCE_DISPOSITIONS)[number]; note?: string })
  | (Base & { type: 'referral.make'; referralId: string; channel: ChannelId; reference?: string; contactPerson?: string; whatShared?: string; platform?: Platform; ticket?: string })
  | (Base & { type: 'referral.acknowledge'; referralId: string; reference?: string; note?: string; schoolMayInterview?: boolean })
  | (Base & { type: 'referral.resolve'; referralId: string; status: 'completed' | 'abandoned'; outcome?: string; reason?: string })
  | (Base & { type: 'prosecutor.decide'; decision: 'report' | 'noReport'; reason: string })
  | (Base & { type: 'safety.confirm'; note: string })
  | (Base & { type: 'emergency.resolve'; note?: string })
  | (Base & { type: 'parent.notify'; partyId?: string; means: (typeof PARENT_CONTACT_MEANS)[number]; note?: string })
  | (Base & { type: 'parent.defer'; partyId?: string; reason: string; decidedBy?: string })
  | (Base & { type: 'parent.update'; partyId?: string; note: string })
  | (Base & { type: 'parent.shareOutcome'; partyId?: string; note?: string })
  | (Base & { type: 'track.choose'; track: 'A' | 'B'; rationale: string; interviewers?: string[] })
  | (Base & { type: 'trackA.allow'; reason: string; decidedBy: string })
  | (Base & { type: 'safetyPlan.set'; measures: string })
  | (Base & { type: 'support.record'; note: string })
  | (Base & {
      type: 'interview.record';
      interviewId: string;
      partyId: string;
      kind: InterviewKind;
      interviewer: string;
      durationMinutes?: number;
      proposals?: string;
      commitments?: string;
      note?: string;
    })
  | (Base & { type: 'followUp.start' })
  | (Base & { type: 'followUp.record'; targetReport: TargetReport; note?: string })
  | (Base & { type: 'followUp.resolve'; note?: string })
  | (Base & { type: 'followUp.fail'; reason: 'noImprovement' | 'refusal'; note?: string })
  | (Base & { type: 'trackB.measure'; kind: (typeof MEASURE_KINDS)[number]; description: string })
  | (Base & { type: 'trackB.resolve'; note?: string })
  | (Base & { type: 'monitoring.check'; recurrence: boolean; targetReport: TargetReport; note?: string })
  | (Base & { type: 'monitoring.endEarly'; reason: string; decidedBy: string })
  | (Base & { type: 'closure.review'; whatWorked: string; notes?: string })
  | (Base & { type: 'case.close'; reason: ClosureReason; notes?: string })
  | (Base & { type: 'case.reopen'; reason: (typeof REOPEN_REASONS)[number]; note: string })
  | (Base & { type: 'note.add'; text: string });

export type CaseEventType = CaseEvent['type'];
export type EventOf<T extends CaseEventType> = Extract<CaseEvent, { type: T }>;

// ---------------------------------------------------------------------------------------------
// Runtime shape of each event, for files typed by people (scenarios, imports). Kept beside the
// union so that adding an event without its spec fails to compile (the Record below is exhaustive).

export type Field =
  | { t: 'string'; optional?: boolean; nonEmpty?: boolean }
  | { t: 'instant'; optional?: boolean }
  | { t: 'date'; optional?: boolean }
  | { t: 'boolean'; optional?: boolean }
  | { t: 'number'; optional?: boolean }
  | { t: 'enum'; values: readonly (string | number)[]; optional?: boolean }
  | { t: 'enumArray'; values: readonly string[]; optional?: boolean }
  | { t: 'stringArray'; optional?: boolean };

const str = (nonEmpty = false): Field => ({ t: 'string', nonEmpty });
const optStr: Field = { t: 'string', optional: true };
const e = (values: readonly (string | number)[], optional = false): Field => ({ t: 'enum', values, optional });
const bool: Field = { t: 'boolean' };
const id = str(true);
const optId: Field = { t: 'string', optional: true, nonEmpty: true };

const PARTY: Record<string, Field> = {
  role: e(PARTY_ROLES),
  pseudonym: str(true),
  name: optStr,
  className: optStr,
  ageBand: e(AGE_BANDS, true),
  actorKind: e(ACTOR_KINDS, true),
};
const optional = (spec: Record<string, Field>): Record<string, Field> =>
  Object.fromEntries(Object.entries(spec).map(([k, f]) => [k, { ...f, optional: true }]));
const EVIDENCE_ATTACHMENTS: Record<string, Field> = { url: optStr, storageLocation: optStr, sha256: optStr, file: optStr };

/** The field that names the record an event creates: a fresh id, never typed by a teacher nor shown to one. */
export const NEW_RECORD_ID: Readonly<Partial<Record<CaseEventType, string>>> = { 'evidence.add': 'evidenceId', 'referral.make': 'referralId', 'interview.record': 'interviewId', 'party.add': 'partyId' };

export const EVENT_FIELDS: Readonly<Record<CaseEventType, Record<string, Field>>> = {
  'case.report': { channel: e(REPORT_CHANNELS), reporterRole: e(REPORTER_ROLES), summary: optStr },
  'party.add': { partyId: id, ...PARTY },
  'party.update': { partyId: id, ...optional(PARTY) },
  'lead.inform': { informed: e(LEAD_INFORMED) },
  'intake.submit': {
    narrative: str(true),
    platforms: { t: 'enumArray', values: PLATFORMS },
    firstKnownDate: { t: 'date', optional: true },
    actorKind: e(ACTOR_KINDS),
  },
  'trigger.answer': { trigger: e(TRIGGER_IDS), answer: e(TRIGGER_ANSWERS), note: optStr },
  'category.set': { codes: { t: 'enumArray', values: CATEGORY_CODES } },
  'severity.rate': { level: e(SEVERITY_LEVELS), rationale: str(true) },
  'triage.complete': { repeated: bool, powerImbalance: bool, harmful: bool, likelyReshared: bool },
  'evidence.add': {
    evidenceId: id,
    kind: e(EVIDENCE_KINDS),
    description: str(true),
    isIntimateImageOfMinor: bool,
    platform: e(PLATFORMS, true),
    accountHandle: optStr,
    contentAt: { t: 'instant', optional: true },
    capturedAt: { t: 'instant', optional: true },
    ...EVIDENCE_ATTACHMENTS,
  },
  'evidence.update': { evidenceId: id, description: optStr, accountHandle: optStr, ...EVIDENCE_ATTACHMENTS },
  'evidence.preserve': { evidenceId: id, storageLocation: optStr, sha256: optStr, file: optStr },
  'evidence.share': { evidenceId: id, channel: e(CHANNEL_IDS), reference: optStr },
  'evidence.retain': { evidenceId: id, reason: str(true) },
  'evidence.dispose': { evidenceId: id, disposition: e(EVIDENCE_DISPOSITIONS), note: optStr },
  'referral.make': {
    referralId: id,
    channel: e(CHANNEL_IDS),
    reference: optStr,
    contactPerson: optStr,
    whatShared: optStr,
    platform: e(PLATFORMS, true),
    ticket: optStr,
  },
  'referral.acknowledge': { referralId: id, reference: optStr, note: optStr, schoolMayInterview: { t: 'boolean', optional: true } },
  'referral.resolve': { referralId: id, status: e(['completed', 'abandoned']), outcome: optStr, reason: optStr },
  'prosecutor.decide': { decision: e(['report', 'noReport']), reason: str(true) },
  'safety.confirm': { note: str(true) },
  'emergency.resolve': { note: optStr },
  // `partyId` names the child whose family it is; absent (logs from before families), the target's family.
  'parent.notify': { partyId: optId, means: e(PARENT_CONTACT_MEANS), note: optStr },
  'parent.defer': { partyId: optId, reason: str(true), decidedBy: optStr },
  'parent.update': { partyId: optId, note: str(true) },
  'parent.shareOutcome': { partyId: optId, note: optStr },
  'track.choose': { track: e(['A', 'B']), rationale: str(true), interviewers: { t: 'stringArray', optional: true } },
  'trackA.allow': { reason: str(true), decidedBy: str(true) },
  'safetyPlan.set': { measures: str(true) },
  'support.record': { note: str(true) },
  'interview.record': {
    interviewId: id,
    partyId: id,
    kind: e(INTERVIEW_KINDS),
    interviewer: str(true),
    durationMinutes: { t: 'number', optional: true },
    proposals: optStr,
    commitments: optStr,
    note: optStr,
  },
  'followUp.start': {},
  'followUp.record': { targetReport: e(TARGET_REPORTS), note: optStr },
  'followUp.resolve': { note: optStr },
  'followUp.fail': { reason: e(['noImprovement', 'refusal']), note: optStr },
  'trackB.measure': { kind: e(MEASURE_KINDS), description: str(true) },
  'trackB.resolve': { note: optStr },
  'monitoring.check': { recurrence: bool, targetReport: e(TARGET_REPORTS), note: optStr },
  'monitoring.endEarly': { reason: str(true), decidedBy: str(true) },
  'closure.review': { whatWorked: str(true), notes: optStr },
  'case.close': { reason: e(CLOSURE_REASONS), notes: optStr },
  'case.reopen': { reason: e(REOPEN_REASONS), note: str(true) },
  'note.add': { text: str(true) },
};

export const EVENT_TYPES = Object.keys(EVENT_FIELDS) as CaseEventType[];

export function isEventType(value: unknown): value is CaseEventType {
  return typeof value === 'string' && Object.hasOwn(EVENT_FIELDS, value);
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isInstant(value: unknown): value is string {
  return typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value));
}

/** A problem is a stable code plus the field it concerns, so the UI and the CLI can translate it. */
export interface EventProblem {
  code: 'notAnObject' | 'unknownType' | 'missingField' | 'badField' | 'unknownField';
  /** The event's type, when the problem is with one of its fields. */
  eventType?: string;
  field?: string;
  detail?: string;
}

function checkField(value: unknown, f: Field): string | undefined {
  switch (f.t) {
    case 'string':
      if (typeof value !== 'string') return 'expected text';
      return f.nonEmpty && value.trim() === '' ? 'must not be empty' : undefined;
    case 'instant':
      return isInstant(value) ? undefined : 'expected an ISO 8601 time with a zone, e.g. 2026-11-28T10:42:00Z';
    case 'date':
      return typeof value === 'string' && ISO_DATE.test(value) ? undefined : 'expected a date YYYY-MM-DD';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'expected true or false';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? undefined : 'expected a number ≥ 0';
    case 'enum':
      return f.values.includes(value as string | number) ? undefined : `expected one of ${f.values.join(', ')}`;
    case 'enumArray':
      return Array.isArray(value) && value.every((v) => f.values.includes(v as string))
        ? undefined
        : `expected a list of ${f.values.join(', ')}`;
    case 'stringArray':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? undefined : 'expected a list of text';
  }
}

/**
 * Checks the shape of an untrusted event and returns a clean copy (only known fields, so `__proto__`
 * or stray keys never reach the machine).
 */
export function parseEvent(raw: unknown): { ok: true; event: CaseEvent } | { ok: false; problem: EventProblem } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, problem: { code: 'notAnObject' } };
  const rec = raw as Record<string, unknown>;
  if (!isEventType(rec.type)) return { ok: false, problem: { code: 'unknownType', detail: String(rec.type) } };
  const spec: Record<string, Field> = { at: { t: 'instant' }, by: str(true), ...EVENT_FIELDS[rec.type] };
  const clean: Record<string, unknown> = { type: rec.type };
  for (const key of Object.keys(rec)) {
    if (key !== 'type' && !Object.hasOwn(spec, key)) return { ok: false, problem: { code: 'unknownField', eventType: rec.type, field: key } };
  }
  for (const [key, f] of Object.entries(spec)) {
    const value = Object.hasOwn(rec, key) ? rec[key] : undefined;
    if (value === undefined) {
      if (!f.optional) return { ok: false, problem: { code: 'missingField', eventType: rec.type, field: key } };
      continue;
    }
    const bad = checkField(value, f);
    if (bad) return { ok: false, problem: { code: 'badField', eventType: rec.type, field: key, detail: bad } };
    clean[key] = Array.isArray(value) ? [...value] : value;
  }
  return { ok: true, event: clean as unknown as CaseEvent };
}
