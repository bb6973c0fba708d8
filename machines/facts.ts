import { AUTHORITY_FOR, INVESTIGATING_AUTHORITIES } from '../protocol/authority';
import { DEFAULT_CALENDAR, addDuration } from '../protocol/calendar';
import {
  FAMILY_DECISION_ROLES,
  FAMILY_OPTIONAL_ROLES,
  HEAD_DECIDES_TRACK_A_TRIGGERS,
  IMPLIED_BY_PARTY,
  INTIMATE_CATEGORIES,
  INTIMATE_TRIGGERS,
  MONITORING_WINDOW,
  TRACK_B_ONLY_TRIGGERS,
} from '../protocol/safety';
import { PROSECUTOR_DECISION_LEVEL } from '../protocol/severity';
import { TRIGGER_IDS } from '../protocol/triggers';
import type { TriggerId } from '../protocol/triggers';
import { impliedTriggers } from '../protocol/typology';
import type { CategoryCode } from '../protocol/typology';
import type { CaseContext, EvidenceItem, Party, Stamp } from './case-context';

/**
 * What a case's record says, as the rules, the guidance and the documents need it. Pure functions of the
 * context; "after" compares `seq`, the position in the log.
 */

/** Triggers answered "yes" now (a reopening asks them again). */
export const hardTriggers = (ctx: CaseContext): TriggerId[] => TRIGGER_IDS.filter((t) => ctx.triggers[t]?.answer === 'yes');
export const hasHardTrigger = (ctx: CaseContext): boolean => hardTriggers(ctx).length > 0;
export const unansweredTriggers = (ctx: CaseContext): TriggerId[] => TRIGGER_IDS.filter((t) => !ctx.triggers[t]);
export const unknownTriggers = (ctx: CaseContext): TriggerId[] => TRIGGER_IDS.filter((t) => ctx.triggers[t]?.answer === 'unknown');

/** Triggers the case ever had as "yes", reopenings included. */
export const everYes = (ctx: CaseContext): TriggerId[] => TRIGGER_IDS.filter((t) => ctx.yesHistory.some((y) => y.trigger === t));
export const latestYes = (ctx: CaseContext, trigger?: TriggerId): Stamp | undefined =>
  ctx.yesHistory.filter((y) => trigger === undefined || y.trigger === trigger).at(-1);

/** The latest reopening's position, or -1: records before it no longer count towards resolution or closure. */
export const reopenedAt = (ctx: CaseContext): number => ctx.reopenings.at(-1)?.seq ?? -1;
export const sinceReopen = <T extends Stamp>(ctx: CaseContext, list: readonly T[]): T[] => list.filter((x) => x.seq > reopenedAt(ctx));

// ---- people ----------------------------------------------------------------------------------------------

export const partyOf = (ctx: CaseContext, id: string | undefined): Party | undefined => ctx.parties.find((p) => p.id === id);
export const isAdult = (p: Pick<Party, 'actorKind' | 'ageBand'>): boolean => p.actorKind === 'adult' || p.actorKind === 'staff' || p.ageBand === 'adult';
export const targetOf = (ctx: CaseContext): Party | undefined => ctx.parties.find((p) => p.role === 'target');

/** Triggers a party implies by what it is and the role it plays (protocol/safety.ts). */
export function impliedByParty(p: Pick<Party, 'actorKind' | 'role' | 'ageBand'>): TriggerId[] {
  const is = { adult: isAdult(p), staff: p.actorKind === 'staff' };
  return IMPLIED_BY_PARTY.filter((r) => is[r.who] && r.roles.includes(p.role)).map((r) => r.trigger);
}

/** What the intake says the alleged author is implies the same as such a party. */
export const impliedByIntake = (ctx: CaseContext): TriggerId[] => (ctx.intake ? impliedByParty({ actorKind: ctx.intake.actorKind, role: 'allegedAuthor' }) : []);

/** Every trigger the recorded parties, the intake and the categories imply. */
export function impliedTriggersOf(ctx: CaseContext): { trigger: TriggerId; by: 'party' | 'category' }[] {
  const out: { trigger: TriggerId; by: 'party' | 'category' }[] = [];
  for (const t of [...ctx.parties.flatMap(impliedByParty), ...impliedByIntake(ctx)]) if (!out.some((x) => x.trigger === t)) out.push({ trigger: t, by: 'party' });
  for (const t of impliedTriggers(ctx.categories)) if (!out.some((x) => x.trigger === t)) out.push({ trigger: t, by: 'category' });
  return out;
}

/** An alleged author who is an adult or a staff member (recorded as a party, or said at intake). */
export const hasAdultAuthor = (ctx: CaseContext): boolean =>
  ctx.parties.some((p) => p.role === 'allegedAuthor' && isAdult(p)) || ctx.intake?.actorKind === 'adult' || ctx.intake?.actorKind === 'staff';

// ---- safety facts --------------------------------------------------------------------------------------

/** Track B only, for the rest of the case: after T2, T3, T4 or T6, or with an adult or staff alleged author. */
export const isTrackBOnly = (ctx: CaseContext): boolean => everYes(ctx).some((t) => TRACK_B_ONLY_TRIGGERS.includes(t)) || hasAdultAuthor(ctx);

/** After T1, T5 or T7 alone, track A needs the head's decision, recorded after the latest such "yes". */
export function trackANeedsHead(ctx: CaseContext): TriggerId[] {
  const needs = everYes(ctx).filter((t) => HEAD_DECIDES_TRACK_A_TRIGGERS.includes(t));
  const latest = Math.max(-1, ...ctx.yesHistory.filter((y) => needs.includes(y.trigger)).map((y) => y.seq));
  // A decision made before a reopening was about the case as it was then: the head decides again.
  const since = Math.max(latest, reopenedAt(ctx));
  return needs.length > 0 && !(ctx.trackAAllowed && ctx.trackAAllowed.seq > since) ? needs : [];
}

const ATTACHMENT_FIELDS = ['url', 'sha256', 'file', 'storageLocation'] as const;
/**
 * Fields that would put media, or a way to find it, on the device. An account "handle" is a way to the media
 * when it is a link: it has a path ("instagram.com/p/…", "t.me/+…") or a scheme; "@name" or "name.2009" is not.
 */
export const attachesMedia = (e: object): boolean => {
  const v = e as Record<string, unknown>;
  const given = (f: string) => typeof v[f] === 'string' && v[f] !== '';
  return ATTACHMENT_FIELDS.some(given) || (given('accountHandle') && String(v.accountHandle).includes('/'));
};

/**
 * Items recorded with a copy or a way to reach one (a screenshot, a file, a link, a hash, a storage place)
 * in a case that is now about an intimate image of a minor, and not yet disposed of: such a copy is deleted,
 * and nothing else is recorded about the item until then.
 */
export const intimateCopies = (ctx: CaseContext): EvidenceItem[] =>
  isIntimateCase(ctx) ? ctx.evidence.filter((x) => x.status !== 'disposed' && (x.kind !== 'description' || attachesMedia(x))) : [];

/** An intimate image of a minor in the case (ever): every evidence item is a description only. */
export const isIntimateCase = (ctx: CaseContext, categories: readonly CategoryCode[] = ctx.categoriesEver): boolean =>
  everYes(ctx).some((t) => INTIMATE_TRIGGERS.includes(t)) || categories.some((c) => INTIMATE_CATEGORIES.includes(c)) || ctx.evidence.some((x) => x.isIntimateImageOfMinor);

/** The authority of `trigger` acknowledged after the trigger's latest "yes". */
export function authorityAcknowledged(ctx: CaseContext, trigger: TriggerId): boolean {
  const after = latestYes(ctx, trigger)?.seq ?? -1;
  return ctx.referrals.some((r) => AUTHORITY_FOR[trigger].includes(r.channel) && r.acknowledgements.some((a) => a.seq > after));
}

/** The authority of `trigger` contacted since its latest "yes" (a referral made, or acknowledged again). */
export function authorityContacted(ctx: CaseContext, trigger: TriggerId): boolean {
  const after = latestYes(ctx, trigger)?.seq ?? -1;
  return ctx.referrals.some((r) => AUTHORITY_FOR[trigger].includes(r.channel) && (r.seq > after || r.acknowledgements.some((a) => a.seq > after)));
}

/** Current "yes" triggers whose authority has not acknowledged since the "yes". */
export const awaitingAuthority = (ctx: CaseContext): TriggerId[] => hardTriggers(ctx).filter((t) => !authorityAcknowledged(ctx, t));
/** Current "yes" triggers whose authority has not been contacted since the "yes". */
export const authorityToCall = (ctx: CaseContext): TriggerId[] => hardTriggers(ctx).filter((t) => !authorityContacted(ctx, t));

/** Safety confirmed after the latest "yes". */
export const safetyConfirmedSinceYes = (ctx: CaseContext): boolean => {
  const confirmed = ctx.emergency?.safetyConfirmed;
  return confirmed !== undefined && confirmed.seq > (latestYes(ctx)?.seq ?? -1);
};

/**
 * The police, the gendarmerie or the prosecutor are handling the case (a referral to them not closed) and have
 * not agreed that the school holds its own interviews. An agreement speaks of the facts it was given for: one
 * recorded before the latest "yes" or before a reopening does not cover what came after.
 */
export const investigationOpen = (ctx: CaseContext): boolean => {
  const since = Math.max(latestYes(ctx)?.seq ?? -1, reopenedAt(ctx));
  return ctx.referrals.some((r) => INVESTIGATING_AUTHORITIES.includes(r.channel) && r.status !== 'closed' && !r.acknowledgements.some((a) => a.schoolMayInterview && a.seq > since));
};

/** Highest level recorded since the case was opened or last reopened. */
export const levelSinceReopen = (ctx: CaseContext): number => Math.max(-1, ...sinceReopen(ctx, ctx.severityHistory).map((s) => s.level));

/** The head must decide about the prosecutor: a level ≥ 3 or a hard trigger, ever. */
export const needsProsecutorDecision = (ctx: CaseContext): boolean =>
  Math.max(-1, ...ctx.severityHistory.map((s) => s.level)) >= PROSECUTOR_DECISION_LEVEL || ctx.yesHistory.length > 0;
/** The head's decision about the prosecutor, if made since the case was last reopened (a reopening asks again). */
export const prosecutorDecided = (ctx: CaseContext): boolean => ctx.prosecutorDecision !== undefined && ctx.prosecutorDecision.seq > reopenedAt(ctx);

/** When the monitoring window ends (national school calendar: a replay must give the same answer forever). */
export function monitoringWindowEnd(ctx: CaseContext): string | undefined {
  if (!ctx.monitoringFrom) return undefined;
  const window = levelSinceReopen(ctx) >= MONITORING_WINDOW.fromLevel ? MONITORING_WINDOW.longer : MONITORING_WINDOW.base;
  return addDuration(ctx.monitoringFrom.at, window, DEFAULT_CALENDAR);
}

// ---- families ----------------------------------------------------------------------------------------

/** A party whose parents are told: a child (not an adult, not staff) in a role that has a family notice. */
export const hasFamily = (p: Party): boolean => !isAdult(p) && [...FAMILY_DECISION_ROLES, ...FAMILY_OPTIONAL_ROLES].includes(p.role);
/** The families that must have a decision before the case closes: the target's and each child author's. */
export const familiesToDecide = (ctx: CaseContext): Party[] => ctx.parties.filter((p) => hasFamily(p) && FAMILY_DECISION_ROLES.includes(p.role));
/** Whose family a parent event is about: its `partyId`, or the target's for logs from before families. */
export const familyPartyId = (ctx: CaseContext, partyId: string | undefined): string | undefined => partyId ?? targetOf(ctx)?.id;
export const familyStatus = (ctx: CaseContext, partyId: string) => ctx.families.find((f) => f.partyId === partyId)?.status ?? 'notNotified';

export const referralPending = (ctx: CaseContext): boolean => ctx.referrals.some((r) => r.status === 'made');
