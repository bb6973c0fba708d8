import type { ChannelId } from './channels';
import type { TriggerId } from './triggers';

/**
 * Who counts as "the authority" for each hard trigger: an acknowledgement from one of these channels, recorded
 * after the trigger's latest "yes", is what lets a case leave emergency escalation (each trigger answered "yes"
 * needs its own). A platform report, the listening cell, ONDE or the EMC helpline never counts: they help, they
 * do not investigate. The AREF counts only for a staff member targeted or accused (T7), which is why it is
 * listed for T7 alone. Decision record: docs/decisions/0010-protocol-rules.md.
 */
const POLICE_OR_PROSECUTOR: readonly ChannelId[] = ['police19', 'gendarmerie177', 'prosecutor'];

export const AUTHORITY_FOR: Readonly<Record<TriggerId, readonly ChannelId[]>> = {
  T1: POLICE_OR_PROSECUTOR,
  T2: [...POLICE_OR_PROSECUTOR, 'eBlagh'],
  T3: POLICE_OR_PROSECUTOR,
  T4: [...POLICE_OR_PROSECUTOR, 'eBlagh'],
  T5: POLICE_OR_PROSECUTOR,
  T6: [...POLICE_OR_PROSECUTOR, 'eBlagh'],
  T7: ['aref', ...POLICE_OR_PROSECUTOR],
};

/** Also contacted for a trigger, in addition to the authority, never instead of it. */
export const ALSO_CONTACT: Readonly<Record<TriggerId, readonly ChannelId[]>> = {
  T1: ['samu141', 'civilProtection15', 'onde2511'],
  T2: ['iwfPortal', 'emcHelpline'],
  T3: [],
  T4: ['platformReport'],
  T5: [],
  T6: ['iwfPortal'],
  T7: [],
};

/**
 * While a referral to one of these is open, the school holds no formal interview of pupils about the facts
 * (the judicial investigation must not be spoiled), unless the authority's agreement is recorded.
 */
export const INVESTIGATING_AUTHORITIES: readonly ChannelId[] = POLICE_OR_PROSECUTOR;

export function isAuthorityFor(channel: ChannelId, trigger: TriggerId): boolean {
  return AUTHORITY_FOR[trigger].includes(channel);
}
