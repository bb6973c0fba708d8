import type { StepId } from './steps';

/** Closure reasons and the stages each may close from. */
export const CLOSURE_REASONS = ['RESOLVED', 'NOT_BULLYING', 'TRANSFERRED_TO_AUTHORITY', 'TARGET_LEFT_SCHOOL', 'INSUFFICIENT_INFO'] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

const OPEN_AFTER_INTAKE: readonly StepId[] = [
  'triage', 'emergencyEscalation', 'conflictHandling', 'assessment', 'supportAndIntervention', 'followUp', 'escalatedTrackB', 'monitoring',
];

export const CLOSURE_ALLOWED_FROM: Readonly<Record<ClosureReason, readonly StepId[]>> = {
  // Resolved means the target confirmed it stopped: only after the vigilance phase.
  RESOLVED: ['monitoring'],
  NOT_BULLYING: ['triage', 'conflictHandling', 'assessment'],
  TRANSFERRED_TO_AUTHORITY: ['emergencyEscalation', 'supportAndIntervention', 'followUp', 'escalatedTrackB', 'monitoring'],
  TARGET_LEFT_SCHOOL: OPEN_AFTER_INTAKE,
  INSUFFICIENT_INFO: ['intake', 'triage', 'assessment'],
};

export function isClosureReason(value: unknown): value is ClosureReason {
  return typeof value === 'string' && (CLOSURE_REASONS as readonly string[]).includes(value);
}
