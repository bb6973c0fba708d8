/** Institutional roles: who acts in a step of the protocol. */
export const ROLES = [
  'REPORTER',
  'FIRST_RESPONDER',
  'RESOURCE_TEAM',
  'CASE_LEAD',
  'HEAD',
  'LISTENING_CELL',
  'PARENT',
  'EXT_HELPLINE',
  'EXT_POLICE',
  'EXT_PROSECUTOR',
  'EXT_CHILD',
  'EXT_HEALTH',
  'EXT_CSAM',
] as const;
export type Role = (typeof ROLES)[number];

/** The role a person plays in one case (several parties per case). */
export const PARTY_ROLES = ['target', 'allegedAuthor', 'witness', 'reporter'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

/** Who the alleged actor is; an adult or staff member is itself a hard trigger (T3, T7). */
export const ACTOR_KINDS = ['student', 'adult', 'staff', 'unknown'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export const AGE_BANDS = ['under10', '10to12', '13to15', '16to18', 'adult'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** How the school learnt of the incident (recorded at intake). */
export const REPORT_CHANNELS = ['oral', 'note', 'parent', 'helpline', 'anonymous', 'observation'] as const;
export type ReportChannel = (typeof REPORT_CHANNELS)[number];

export const REPORTER_ROLES = ['target', 'witness', 'parent', 'staff', 'ambassador', 'anonymous'] as const;
export type ReporterRole = (typeof REPORTER_ROLES)[number];

export const PLATFORMS = [
  'whatsapp', 'instagram', 'tiktok', 'snapchat', 'facebook', 'messenger', 'youtube', 'telegram', 'discord', 'x', 'onlineGame', 'sms', 'other',
] as const;
export type Platform = (typeof PLATFORMS)[number];
