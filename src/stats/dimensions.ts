import type { ChannelId } from '../../protocol/channels';
import type { CategoryCode } from '../../protocol/typology';

/**
 * The whitelist of what the export may break cases down by. Nothing else about a case ever reaches the counts:
 * a field that is not here cannot leave the school. Sex is absent because the case data has no such field
 * (docs/decisions/0019-statistics-disclosure.md).
 */
export const DIMENSIONS = ['period', 'cycle', 'typologyGroup', 'maxSeverity', 'hardTrigger', 'track', 'outcome', 'referralChannel', 'daysToTriage'] as const;
export type DimensionId = (typeof DIMENSIONS)[number];

/** The values of each dimension, in the order tables list them (`period` takes the year's terms). */
export const DIMENSION_VALUES: Readonly<Record<Exclude<DimensionId, 'period'>, readonly string[]>> = {
  cycle: ['primary', 'lowerSecondary', 'upperSecondary', 'unknown'],
  typologyGroup: ['verbalSocial', 'identityPrivacy', 'sexual', 'threatsHate', 'selfHarm', 'other'],
  maxSeverity: ['0', '1', '2', '3', '4', 'unrated'],
  hardTrigger: ['yes', 'no'],
  track: ['A', 'B', 'none'],
  outcome: ['open', 'RESOLVED', 'NOT_BULLYING', 'TRANSFERRED_TO_AUTHORITY', 'TARGET_LEFT_SCHOOL', 'INSUFFICIENT_INFO'],
  referralChannel: ['lawEnforcement', 'health', 'childProtection', 'education', 'helpline', 'platform', 'none'],
  daysToTriage: ['d0', 'd1', 'd2to5', 'd6plus', 'notTriaged'],
};

/**
 * Fixed merge groups, decided in advance (docs/decisions/0019): when a category has to be merged, it is merged
 * with the whole of its group here, so the label (`3+4`) is the same whichever member holds the cases and says
 * nothing about which one does. Every value is in exactly one group of at least two. `period` (a year's terms)
 * pairs consecutive terms (`mergeGroupsOf`).
 */
export const MERGE_GROUPS: Readonly<Record<Exclude<DimensionId, 'period'>, readonly (readonly string[])[]>> = {
  cycle: [['primary', 'lowerSecondary'], ['upperSecondary', 'unknown']],
  typologyGroup: [['verbalSocial', 'identityPrivacy'], ['sexual', 'threatsHate'], ['selfHarm', 'other']],
  maxSeverity: [['0', 'unrated'], ['1', '2'], ['3', '4']],
  hardTrigger: [['yes', 'no']],
  track: [['A', 'B', 'none']],
  outcome: [['open', 'RESOLVED'], ['NOT_BULLYING', 'INSUFFICIENT_INFO'], ['TRANSFERRED_TO_AUTHORITY', 'TARGET_LEFT_SCHOOL']],
  referralChannel: [['lawEnforcement', 'health'], ['childProtection', 'education'], ['helpline', 'platform', 'none']],
  daysToTriage: [['d0', 'd1'], ['d2to5', 'd6plus', 'notTriaged']],
};

/**
 * The fixed merge groups of a dimension, as indexes into `values` (each sorted). For `period`, consecutive terms
 * in pairs, an odd last term joining the pair before it.
 */
export function mergeGroupsOf(dim: DimensionId, values: readonly string[]): number[][] {
  if (dim === 'period') {
    const groups: number[][] = [];
    for (let i = 0; i < values.length; i += 2) {
      if (i + 1 < values.length) groups.push([i, i + 1]);
      else if (groups.length > 0) groups[groups.length - 1]?.push(i);
      else groups.push([i]);
    }
    return groups;
  }
  const index = new Map(values.map((v, i) => [v, i]));
  return MERGE_GROUPS[dim].map((g) => g.map((v) => index.get(v) ?? -1).filter((i) => i >= 0).sort((a, b) => a - b));
}

/** The two-way tables published (at most two dimensions each); `period` ones only in a school year's export. */
export const TABLE_PAIRS: readonly (readonly [DimensionId, DimensionId])[] = [
  ['typologyGroup', 'maxSeverity'],
  ['typologyGroup', 'hardTrigger'],
  ['cycle', 'typologyGroup'],
  ['track', 'outcome'],
  ['maxSeverity', 'daysToTriage'],
  ['hardTrigger', 'referralChannel'],
  ['period', 'typologyGroup'],
];

/**
 * Six groups of the fifteen categories, in priority order: a case with categories in several groups counts once,
 * in the first group it touches, so every table adds up to the number of cases.
 */
export const TYPOLOGY_GROUPS: readonly { id: string; codes: readonly CategoryCode[] }[] = [
  { id: 'sexual', codes: ['NCII', 'SXT', 'GRM', 'SXH'] },
  { id: 'selfHarm', codes: ['SELF'] },
  { id: 'threatsHate', codes: ['THR', 'HATE'] },
  { id: 'identityPrivacy', codes: ['IMP', 'DOX', 'IMG'] },
  { id: 'verbalSocial', codes: ['HAR', 'EXC', 'RUM'] },
  { id: 'other', codes: ['STAFF', 'OTHER'] },
];

export function typologyGroupOf(codes: readonly CategoryCode[]): string {
  return TYPOLOGY_GROUPS.find((g) => g.codes.some((c) => codes.includes(c)))?.id ?? 'other';
}

/**
 * Channel types, most formal first: a case referred to several channels counts under the most formal one, so
 * the table adds up to the number of cases.
 */
export const CHANNEL_TYPES: readonly { id: string; channels: readonly ChannelId[] }[] = [
  { id: 'lawEnforcement', channels: ['police19', 'gendarmerie177', 'prosecutor', 'eBlagh'] },
  { id: 'health', channels: ['samu141', 'civilProtection15'] },
  { id: 'childProtection', channels: ['onde2511', 'iwfPortal'] },
  { id: 'education', channels: ['aref'] },
  { id: 'helpline', channels: ['emcHelpline', 'listeningCell'] },
  { id: 'platform', channels: ['platformReport'] },
];

export function channelTypeOf(channels: readonly ChannelId[]): string {
  return CHANNEL_TYPES.find((t) => t.channels.some((c) => channels.includes(c)))?.id ?? 'none';
}

/**
 * The cycle from the target's class, read only for its Moroccan level code (6AP, 2AC, TC, 1BAC…): the class
 * name itself never leaves this function. Anything else is `unknown`, never guessed from an age band.
 */
export function cycleOfClass(className: string | undefined): string {
  const c = (className ?? '').trim().toUpperCase();
  if (/^[1-6]\s*AP\b/.test(c)) return 'primary';
  if (/^[1-3]\s*AC\b/.test(c)) return 'lowerSecondary';
  if (/^(TC|[12]\s*BAC)\b/.test(c)) return 'upperSecondary';
  return 'unknown';
}

/** Calendar days from the report to the first severity rating, in bands (undefined: never rated). */
export function triageBand(days: number | undefined): string {
  if (days === undefined) return 'notTriaged';
  if (days <= 0) return 'd0';
  if (days === 1) return 'd1';
  return days <= 5 ? 'd2to5' : 'd6plus';
}
