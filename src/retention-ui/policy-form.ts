import { DEFAULT_RETENTION, RETENTION_BOUNDS, SUMMARY_YEARS_MAX, checkPolicy } from '../../protocol/retention';
import type { PolicyProblem, RetentionPolicy } from '../../protocol/retention';

/** The periods typed as whole numbers, in the order the form shows them. */
export type NumberField = keyof typeof RETENTION_BOUNDS;
export const NUMBER_FIELDS: readonly NumberField[] = ['openReviewDays', 'closedSchoolYears', 'ceilingSchoolYears', 'draftDays', 'backupDays'];

/**
 * The retention form as typed: strings, so a value half-typed or out of bounds stays as the head typed it when
 * a save is refused (and the policy saved before stays in force).
 */
export interface PolicyForm {
  openReviewDays: string;
  closedSchoolYears: string;
  ceilingSchoolYears: string;
  draftDays: string;
  backupDays: string;
  /** The last day of the school year, as two parts: "MM" and "DD". */
  lastMonth: string;
  lastDay: string;
  /** The closure summary is kept for a number of years after the purge (else folded into the statistics). */
  summaryKept: boolean;
  summaryYears: string;
}

export function formOf(policy: RetentionPolicy): PolicyForm {
  const [lastMonth = '', lastDay = ''] = policy.schoolYearLastDay.split('-');
  return {
    openReviewDays: String(policy.openReviewDays),
    closedSchoolYears: String(policy.closedSchoolYears),
    ceilingSchoolYears: String(policy.ceilingSchoolYears),
    draftDays: String(policy.draftDays),
    backupDays: String(policy.backupDays),
    lastMonth,
    lastDay,
    summaryKept: policy.summaryYears !== null,
    summaryYears: policy.summaryYears === null ? '' : String(policy.summaryYears),
  };
}

/** A whole number as typed (Western or Arabic-Indic digits), or NaN: checkPolicy then names the field. */
export function wholeNumber(typed: string): number {
  const latin = typed.trim().replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660));
  return /^\d{1,6}$/.test(latin) ? Number(latin) : Number.NaN;
}

export function policyOf(form: PolicyForm): RetentionPolicy {
  return {
    openReviewDays: wholeNumber(form.openReviewDays),
    closedSchoolYears: wholeNumber(form.closedSchoolYears),
    ceilingSchoolYears: wholeNumber(form.ceilingSchoolYears),
    draftDays: wholeNumber(form.draftDays),
    backupDays: wholeNumber(form.backupDays),
    schoolYearLastDay: `${form.lastMonth}-${form.lastDay}`,
    summaryYears: form.summaryKept ? wholeNumber(form.summaryYears) : null,
  };
}

/** The id of the control that fixes a field (the month, for the last day of the school year). */
export const fieldId = (field: keyof RetentionPolicy) => `retention-${field}`;

/** What the form says of one problem: its message key, the field it names, and the bounds. */
export interface ProblemText {
  key: PolicyProblem['key'];
  field: keyof RetentionPolicy;
  vars: { min?: number; max?: number };
}

/** Every problem of the typed form, in the order of the fields, one per field (the first one found). */
export function formProblems(form: PolicyForm): ProblemText[] {
  const problems = checkPolicy(policyOf(form));
  const order: (keyof RetentionPolicy)[] = [...NUMBER_FIELDS.slice(0, 3), 'schoolYearLastDay', 'summaryYears', ...NUMBER_FIELDS.slice(3)];
  const out: ProblemText[] = [];
  for (const field of order) {
    const p = problems.find((x) => x.field === field);
    if (p) out.push({ key: p.key, field, vars: { ...(p.min !== undefined ? { min: p.min } : {}), ...(p.max !== undefined ? { max: p.max } : {}) } });
  }
  return out;
}

/** The default and the bounds shown beside a field. */
export function boundsOf(field: NumberField | 'summaryYears'): { value: number | null; min: number; max: number } {
  if (field === 'summaryYears') return { value: DEFAULT_RETENTION.summaryYears, min: 1, max: SUMMARY_YEARS_MAX };
  const [min, max] = RETENTION_BOUNDS[field];
  return { value: DEFAULT_RETENTION[field], min, max };
}
