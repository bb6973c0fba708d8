/** Hard escalation triggers: any "yes" forces emergency escalation and blocks the shared-concern method (MPP). */
export const TRIGGER_IDS = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7'] as const;
export type TriggerId = (typeof TRIGGER_IDS)[number];

export const TRIGGER_ANSWERS = ['yes', 'no', 'unknown'] as const;
export type TriggerAnswer = (typeof TRIGGER_ANSWERS)[number];

export interface TriggerDef {
  id: TriggerId;
  /** i18n keys: `trigger.<id>.label`, `trigger.<id>.question`, `trigger.<id>.why` */
  textKey: string;
}

export const TRIGGERS: readonly TriggerDef[] = TRIGGER_IDS.map((id) => ({ id, textKey: `trigger.${id}` }));

/** Soft escalators raise the level but do not force an external referral. */
export const SOFT_ESCALATORS = [
  'vulnerability',
  'wideAudience',
  'impersonation',
  'doxxing',
  'manyPerpetrators',
  'interventionFailedOnce',
] as const;
export type SoftEscalator = (typeof SOFT_ESCALATORS)[number];

export function isTriggerId(value: unknown): value is TriggerId {
  return typeof value === 'string' && (TRIGGER_IDS as readonly string[]).includes(value);
}
