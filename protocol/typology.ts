import type { SeverityLevel } from './severity';
import type { TriggerId } from './triggers';

/** Category codes of online violence (after the Council of Europe's grouping and the Moroccan helpline's examples). */
export const CATEGORY_CODES = [
  'HAR', 'EXC', 'RUM', 'IMP', 'DOX', 'IMG', 'NCII', 'SXT', 'GRM', 'SXH', 'THR', 'HATE', 'SELF', 'STAFF', 'OTHER',
] as const;
export type CategoryCode = (typeof CATEGORY_CODES)[number];

export interface CategoryDef {
  code: CategoryCode;
  /** Default level range; a single level when min === max. */
  minLevel: SeverityLevel;
  maxLevel: SeverityLevel;
  /** Triggers this category implies; `conditional` ones are asked, not assumed (HATE incites only sometimes). */
  triggers: readonly TriggerId[];
  conditional?: boolean;
  /** i18n keys `category.<code>.label` and `category.<code>.law` */
  textKey: string;
}

const def = (
  code: CategoryCode,
  minLevel: SeverityLevel,
  maxLevel: SeverityLevel,
  triggers: readonly TriggerId[] = [],
  conditional = false,
): CategoryDef => ({ code, minLevel, maxLevel, triggers, conditional, textKey: `category.${code}` });

export const CATEGORIES: readonly CategoryDef[] = [
  def('HAR', 2, 2),
  def('EXC', 1, 2),
  def('RUM', 2, 2),
  def('IMP', 2, 3),
  def('DOX', 3, 3),
  def('IMG', 3, 3),
  def('NCII', 4, 4, ['T2']),
  def('SXT', 4, 4, ['T4', 'T2']),
  def('GRM', 4, 4, ['T3']),
  def('SXH', 3, 3),
  def('THR', 4, 4, ['T5']),
  def('HATE', 3, 3, ['T5'], true),
  def('SELF', 4, 4, ['T1']),
  def('STAFF', 3, 3, ['T7']),
  def('OTHER', 1, 2),
];

export function categoryDef(code: CategoryCode): CategoryDef {
  const found = CATEGORIES.find((c) => c.code === code);
  if (!found) throw new Error(`unknown category ${code}`);
  return found;
}

export function isCategoryCode(value: unknown): value is CategoryCode {
  return typeof value === 'string' && (CATEGORY_CODES as readonly string[]).includes(value);
}

/** Triggers a set of categories implies without question: what triage must not let a "no" answer contradict. */
export function impliedTriggers(codes: readonly CategoryCode[]): TriggerId[] {
  const out = new Set<TriggerId>();
  for (const code of codes) {
    const c = categoryDef(code);
    if (!c.conditional) c.triggers.forEach((t) => out.add(t));
  }
  return [...out].sort();
}

/** The highest default level among categories: a suggestion shown at triage, never applied silently. */
export function suggestedLevel(codes: readonly CategoryCode[]): SeverityLevel | undefined {
  if (codes.length === 0) return undefined;
  return codes.map((c) => categoryDef(c).maxLevel).reduce((a, b) => (a > b ? a : b));
}
