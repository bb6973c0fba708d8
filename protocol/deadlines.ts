import type { Duration } from './calendar';
import type { ChannelId } from './channels';
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

export interface DeadlineDef {
  id: string;
  startsOn: readonly DeadlineStart[];
  satisfiedBy: readonly string[];
  duration: Duration;
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
    satisfiedBy: ['lead.inform'],
    duration: { unit: 'schoolDays', value: 0 },
    kind: 'task',
    activeIn: OPEN,
    textKey: 'deadline.informLeadAndHead',
  },
  {
    id: 'emergencyReferral',
    startsOn: [{ enter: 'emergencyEscalation' }],
    satisfiedBy: ['referral.make'],
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
    satisfiedBy: ['followUp.resolve', 'followUp.fail'],
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
    id: 'monitoringEnd',
    startsOn: [{ enter: 'monitoring' }],
    satisfiedBy: ['case.close'],
    duration: { unit: 'schoolDays', value: 30 },
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
