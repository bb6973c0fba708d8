import type { Duration } from './calendar';
import type { ChannelId } from './channels';
import { HEAD_INFORMED_BY, MONITORING_WINDOW } from './safety';
import type { SeverityLevel } from './severity';
import type { StepId } from './steps';

/**
 * Deadlines as data: a partner can change a delay without touching the machine. A clock starts on an event or on entering a step, and stops when one of
 * `satisfiedBy` is recorded. Event names are the machine's `noun.verb` names (a test checks they exist).
 */
export type DeadlineStart =
  | { enter: StepId }
  | { event: string }
  | { event: string; trackA: true }
  | { levelAtLeast: number };

/**
 * What stops a clock: an event of that type; an event whose field has one of the values; or a condition the
 * machine checks on the case after each event (every "yes" trigger has a contact with its authority; the
 * shared-concern series stopped because a hard trigger appeared).
 */
export type DeadlineStop =
  | string
  | { event: string; field: string; values: readonly string[] }
  | { when: 'authorityContactedForEveryYes' | 'trackAStopped' };

export interface DeadlineDef {
  id: string;
  startsOn: readonly DeadlineStart[];
  satisfiedBy: readonly DeadlineStop[];
  duration: Duration;
  /** A longer duration from this severity level (the highest since the case was last opened or reopened). */
  fromLevel?: { level: SeverityLevel; duration: Duration };
  /** `task`: something to do by then; `reminder`: a nudge before a `limit`; `limit`: the protocol's maximum. */
  kind: 'task' | 'reminder' | 'limit';
  /** Only listed while the case is in one of these steps. */
  activeIn: readonly StepId[];
  /** i18n key `deadline.<id>` (what to do) */
  textKey: string;
}

const OPEN: readonly StepId[] = [
  'detected', 'intake', 'triage', 'emergencyEscalation', 'conflictHandling', 'assessment', 'supportAndIntervention', 'followUp', 'escalatedTrackB', 'monitoring',
];

export const DEADLINES: readonly DeadlineDef[] = [
  {
    id: 'informLeadAndHead',
    startsOn: [{ event: 'case.report' }],
    // Telling only the case lead leaves it due: the head holds the duty to report.
    satisfiedBy: [{ event: 'lead.inform', field: 'informed', values: HEAD_INFORMED_BY }],
    duration: { unit: 'schoolDays', value: 0 },
    kind: 'task',
    activeIn: OPEN,
    textKey: 'deadline.informLeadAndHead',
  },
  {
    id: 'emergencyReferral',
    startsOn: [{ enter: 'emergencyEscalation' }],
    // Only a contact with the authority of each "yes" trigger (protocol/authority.ts): a platform report or the
    // listening cell does not clear "call the authority now".
    satisfiedBy: [{ when: 'authorityContactedForEveryYes' }],
    // "Immediately, as a matter of urgency": due the moment the trigger is recorded.
    duration: { unit: 'hours', value: 0 },
    kind: 'task',
    activeIn: ['emergencyEscalation'],
    textKey: 'deadline.emergencyReferral',
  },
  {
    id: 'prosecutorDecision',
    startsOn: [{ levelAtLeast: 3 }, { enter: 'emergencyEscalation' }],
    satisfiedBy: ['prosecutor.decide'],
    duration: { unit: 'schoolDays', value: 1 },
    kind: 'task',
    activeIn: OPEN,
    textKey: 'deadline.prosecutorDecision',
  },
  {
    id: 'firstFollowUpReminder',
    startsOn: [{ enter: 'supportAndIntervention' }],
    satisfiedBy: ['followUp.record'],
    duration: { unit: 'days', value: 7 },
    kind: 'reminder',
    activeIn: ['supportAndIntervention', 'followUp'],
    textKey: 'deadline.firstFollowUpReminder',
  },
  {
    id: 'firstFollowUpLimit',
    startsOn: [{ enter: 'supportAndIntervention' }],
    satisfiedBy: ['followUp.record'],
    duration: { unit: 'days', value: 14 },
    kind: 'limit',
    activeIn: ['supportAndIntervention', 'followUp'],
    textKey: 'deadline.firstFollowUpLimit',
  },
  {
    id: 'trackAResults',
    startsOn: [{ event: 'track.choose', trackA: true }],
    // A hard trigger stops the shared-concern series, and with it this limit.
    satisfiedBy: ['followUp.resolve', 'followUp.fail', { when: 'trackAStopped' }],
    duration: { unit: 'days', value: 15 },
    kind: 'limit',
    activeIn: ['supportAndIntervention', 'followUp'],
    textKey: 'deadline.trackAResults',
  },
  {
    id: 'monitoringCheck',
    startsOn: [{ enter: 'monitoring' }],
    satisfiedBy: ['monitoring.check'],
    duration: { unit: 'schoolDays', value: 20 },
    kind: 'task',
    activeIn: ['monitoring'],
    textKey: 'deadline.monitoringCheck',
  },
  {
    // The monitoring window: a RESOLVED closure waits for it (protocol/safety.ts).
    id: 'monitoringEnd',
    startsOn: [{ enter: 'monitoring' }],
    satisfiedBy: ['case.close'],
    duration: MONITORING_WINDOW.base,
    fromLevel: { level: MONITORING_WINDOW.fromLevel, duration: MONITORING_WINDOW.longer },
    kind: 'task',
    activeIn: ['monitoring'],
    textKey: 'deadline.monitoringEnd',
  },
];

/** Per-referral deadline: a platform that has not removed content in 48 h is escalated to the EMC helpline, which has trusted channels with the platforms. */
export const PLATFORM_TAKEDOWN = {
  id: 'platformTakedown',
  channels: ['platformReport'] as readonly ChannelId[],
  duration: { unit: 'hours', value: 48 } as Duration,
  escalateTo: 'emcHelpline' as ChannelId,
  textKey: 'deadline.platformTakedown',
} as const;
