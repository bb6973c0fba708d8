import { ALSO_CONTACT, AUTHORITY_FOR } from './authority';
import type { Role } from './roles';
import type { SeverityLevel } from './severity';
import type { TriggerId } from './triggers';
import type { CategoryCode } from './typology';

/** Moroccan channels: kept in the app so they work offline. */
export const CHANNEL_IDS = [
  'samu141',
  'civilProtection15',
  'police19',
  'gendarmerie177',
  'eBlagh',
  'prosecutor',
  'iwfPortal',
  'onde2511',
  'emcHelpline',
  'platformReport',
  'listeningCell',
  'aref',
] as const;
export type ChannelId = (typeof CHANNEL_IDS)[number];

export type ContactKind = 'tel' | 'whatsapp' | 'url' | 'email' | 'inPerson';

export interface Contact {
  kind: ContactKind;
  /** Dialable number, address or e-mail; absent when the address is still to be verified. */
  value?: string;
  /** i18n key for opening hours or a caveat. */
  noteKey?: string;
}

export interface ChannelDef {
  id: ChannelId;
  role: Role;
  contacts: readonly Contact[];
  /** Use it "now" (call) in the emergency screen rather than "submit online". */
  urgent: boolean;
  /**
   * When the channel applies without a hard trigger. With a trigger, the channels are those of
   * protocol/authority.ts (the authority, and who else to contact), so that the list the screen offers and the
   * rule that lets a case leave emergency escalation read the same table.
   */
  appliesWhen: {
    categories?: readonly CategoryCode[];
    minLevel?: SeverityLevel;
  };
  /** What to record when used: i18n keys `record.<field>`. */
  record: readonly string[];
  /** i18n keys `channel.<id>.name`, `channel.<id>.when`, `channel.<id>.note`. */
  textKey: string;
}

const REFERRAL_RECORD = ['at', 'by', 'reference', 'contactPerson', 'whatShared', 'outcome'] as const;

export const CHANNELS: readonly ChannelDef[] = [
  // Health emergencies (T1): listed first for a child in danger. The numbers are the ones in public use and
  // must be confirmed by the school's partners, as the IWF address is.
  {
    id: 'samu141',
    role: 'EXT_HEALTH',
    contacts: [{ kind: 'tel', value: '141', noteKey: 'contact.note.verifyNumber' }],
    urgent: true,
    appliesWhen: {},
    record: REFERRAL_RECORD,
    textKey: 'channel.samu141',
  },
  {
    id: 'civilProtection15',
    role: 'EXT_HEALTH',
    contacts: [{ kind: 'tel', value: '15', noteKey: 'contact.note.verifyNumber' }],
    urgent: true,
    appliesWhen: {},
    record: REFERRAL_RECORD,
    textKey: 'channel.civilProtection15',
  },
  {
    id: 'police19',
    role: 'EXT_POLICE',
    contacts: [{ kind: 'tel', value: '19' }],
    urgent: true,
    appliesWhen: {},
    record: REFERRAL_RECORD,
    textKey: 'channel.police19',
  },
  {
    id: 'gendarmerie177',
    role: 'EXT_POLICE',
    contacts: [{ kind: 'tel', value: '177' }],
    urgent: true,
    appliesWhen: {},
    record: REFERRAL_RECORD,
    textKey: 'channel.gendarmerie177',
  },
  {
    id: 'eBlagh',
    role: 'EXT_POLICE',
    contacts: [{ kind: 'url', value: 'https://www.e-blagh.ma', noteKey: 'contact.note.eBlagh247' }],
    urgent: false,
    appliesWhen: { categories: ['THR', 'SXT', 'HATE', 'NCII', 'GRM'] },
    record: REFERRAL_RECORD,
    textKey: 'channel.eBlagh',
  },
  {
    id: 'prosecutor',
    role: 'EXT_PROSECUTOR',
    contacts: [
      { kind: 'url', value: 'https://www.plaintes.pmp.ma' },
      { kind: 'inPerson', noteKey: 'contact.note.courtCell' },
    ],
    urgent: false,
    appliesWhen: { minLevel: 3 },
    record: REFERRAL_RECORD,
    textKey: 'channel.prosecutor',
  },
  {
    id: 'iwfPortal',
    role: 'EXT_CSAM',
    // The portal's exact address could not be confirmed from public sources: the resource team must verify it.
    contacts: [{ kind: 'url', noteKey: 'contact.note.verifyAddress' }],
    urgent: false,
    appliesWhen: { categories: ['NCII'] },
    record: REFERRAL_RECORD,
    textKey: 'channel.iwfPortal',
  },
  {
    id: 'onde2511',
    role: 'EXT_CHILD',
    contacts: [{ kind: 'tel', value: '2511' }],
    urgent: true,
    appliesWhen: {},
    record: REFERRAL_RECORD,
    textKey: 'channel.onde2511',
  },
  {
    id: 'emcHelpline',
    role: 'EXT_HELPLINE',
    contacts: [
      { kind: 'url', value: 'https://www.cyberconfiance.ma/helpline', noteKey: 'contact.note.anonymousForm' },
      { kind: 'whatsapp', value: '+212624405889', noteKey: 'contact.note.whatsappHours' },
      { kind: 'tel', value: '+212624405889' },
      // Spelling as published in the helpline's press material; verify before relying on it.
      { kind: 'email', value: 'emchelpine@cyberconfiance.ma' },
    ],
    urgent: false,
    appliesWhen: { categories: ['HAR', 'EXC', 'RUM', 'IMP', 'DOX', 'IMG', 'SXH', 'HATE', 'OTHER'], minLevel: 2 },
    record: REFERRAL_RECORD,
    textKey: 'channel.emcHelpline',
  },
  {
    id: 'platformReport',
    role: 'REPORTER',
    contacts: [{ kind: 'inPerson', noteKey: 'contact.note.platformTool' }],
    urgent: false,
    appliesWhen: { categories: ['HAR', 'EXC', 'RUM', 'IMP', 'DOX', 'IMG', 'HATE', 'OTHER'] },
    record: ['at', 'by', 'platform', 'ticket', 'status', 'removedAt'],
    textKey: 'channel.platformReport',
  },
  {
    id: 'listeningCell',
    role: 'LISTENING_CELL',
    contacts: [{ kind: 'inPerson', noteKey: 'contact.note.schoolCell' }],
    urgent: false,
    appliesWhen: { minLevel: 2 },
    record: ['at', 'by', 'contactPerson', 'outcome'],
    textKey: 'channel.listeningCell',
  },
  {
    id: 'aref',
    role: 'HEAD',
    // T7: a staff member targeted or accused goes to the head and the regional academy (AREF), the staff's employer.
    contacts: [{ kind: 'inPerson', noteKey: 'contact.note.arefViaHead' }],
    urgent: false,
    appliesWhen: {},
    record: REFERRAL_RECORD,
    textKey: 'channel.aref',
  },
];

export function channelDef(id: ChannelId): ChannelDef {
  const found = CHANNELS.find((c) => c.id === id);
  if (!found) throw new Error(`unknown channel ${id}`);
  return found;
}

export function isChannelId(value: unknown): value is ChannelId {
  return typeof value === 'string' && (CHANNEL_IDS as readonly string[]).includes(value);
}

export interface ChannelQuery {
  triggers: readonly TriggerId[];
  categories: readonly CategoryCode[];
  level: SeverityLevel | undefined;
}

/**
 * Channels that apply to a case: the authority of each "yes" trigger and who else to contact for it
 * (protocol/authority.ts); or a matching category at or above the channel's level threshold; or, for channels
 * with no category condition, the level threshold alone. Urgent ones come first, as the emergency screen lists
 * them; with a child in danger (T1), health first; an authority before a service that only helps.
 */
export function channelsFor(q: ChannelQuery): ChannelDef[] {
  const authority = (c: ChannelDef) => q.triggers.some((t) => AUTHORITY_FOR[t].includes(c.id));
  const matches = (c: ChannelDef): boolean => {
    const { categories, minLevel } = c.appliesWhen;
    if (authority(c) || q.triggers.some((t) => ALSO_CONTACT[t].includes(c.id))) return true;
    const levelOk = minLevel === undefined || (q.level !== undefined && q.level >= minLevel);
    if (categories) return levelOk && categories.some((k) => q.categories.includes(k));
    return minLevel !== undefined && levelOk;
  };
  // Health first with a child in danger; then each trigger's authorities in the order of its table (the AREF
  // first for a staff member, the police first otherwise), phones before addresses; then who else to contact.
  const order = (c: ChannelDef) => Math.min(...q.triggers.map((t) => AUTHORITY_FOR[t].indexOf(c.id)).filter((i) => i >= 0), Number.POSITIVE_INFINITY);
  const rank = (c: ChannelDef): number[] => [c.role === 'EXT_HEALTH' && q.triggers.includes('T1') ? 0 : 1, authority(c) ? 0 : 1, order(c), c.urgent ? 0 : 1];
  const compare = (a: ChannelDef, b: ChannelDef) => {
    const [x, y] = [rank(a), rank(b)];
    return x.reduce((d, v, i) => d || (v === y[i] ? 0 : v < (y[i] ?? 0) ? -1 : 1), 0);
  };
  return CHANNELS.filter(matches).sort(compare);
}
