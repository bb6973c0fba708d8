/** Severity scale, 0 (a conflict) to 4 (critical). Level 4 is the emergency level. */
export const SEVERITY_LEVELS = [0, 1, 2, 3, 4] as const;
export type SeverityLevel = (typeof SEVERITY_LEVELS)[number];

export interface SeverityDef {
  level: SeverityLevel;
  /** i18n keys `severity.<level>.label` and `severity.<level>.handling` */
  textKey: string;
  /** Track suggested by default; the case lead may choose otherwise (except that level 4 is always emergency). */
  defaultTrack: 'conflict' | 'internal' | 'A' | 'B' | 'emergency';
}

export const SEVERITY: readonly SeverityDef[] = [
  { level: 0, textKey: 'severity.0', defaultTrack: 'conflict' },
  { level: 1, textKey: 'severity.1', defaultTrack: 'internal' },
  { level: 2, textKey: 'severity.2', defaultTrack: 'A' },
  { level: 3, textKey: 'severity.3', defaultTrack: 'B' },
  { level: 4, textKey: 'severity.4', defaultTrack: 'emergency' },
];

export const EMERGENCY_LEVEL: SeverityLevel = 4;
/** From this level the head must decide and record whether to report to the prosecutor (a public official's duty to report a crime, Code of Criminal Procedure arts. 42-43). */
export const PROSECUTOR_DECISION_LEVEL: SeverityLevel = 3;

export function isSeverityLevel(value: unknown): value is SeverityLevel {
  return typeof value === 'number' && (SEVERITY_LEVELS as readonly number[]).includes(value);
}
