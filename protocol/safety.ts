import type { Duration } from './calendar';
import type { PartyRole } from './roles';
import type { SeverityLevel } from './severity';
import type { TriggerId } from './triggers';
import type { CategoryCode } from './typology';

/**
 * The safety rules the case machine enforces, as data (docs/decisions/0010-protocol-rules.md gives the reason
 * of each). A school partner may change a value here; the machine and its proofs read it from here.
 */

/** After a "yes" to one of these, or with an adult or staff alleged author, the case stays on track B for good. */
export const TRACK_B_ONLY_TRIGGERS: readonly TriggerId[] = ['T2', 'T3', 'T4', 'T6'];

/** After one of these alone, track B is the default; track A needs the head's recorded decision with a reason. */
export const HEAD_DECIDES_TRACK_A_TRIGGERS: readonly TriggerId[] = ['T1', 'T5', 'T7'];

/** An intimate image of a minor in the case: every evidence item is a description only. */
export const INTIMATE_TRIGGERS: readonly TriggerId[] = ['T2'];
export const INTIMATE_CATEGORIES: readonly CategoryCode[] = ['NCII', 'SXT', 'SXH', 'GRM'];

/**
 * Triggers a party implies, by what the party is and the role it plays: an adult alleged author is T3 (a staff
 * member is an adult, and so is anyone recorded in the adult age band, whatever their kind); a staff member as
 * alleged author or as target is T7. Recorded as "yes" by the record that reveals it. A staff author is thus T3
 * and T7: the police or the prosecutor, not the AREF alone (docs/decisions/0010).
 */
export const IMPLIED_BY_PARTY: readonly { who: 'adult' | 'staff'; roles: readonly PartyRole[]; trigger: TriggerId }[] = [
  { who: 'adult', roles: ['allegedAuthor'], trigger: 'T3' },
  { who: 'staff', roles: ['allegedAuthor', 'target'], trigger: 'T7' },
];

/** The same-day duty to inform is met only when the head (who holds the duty to report) is told. */
export const HEAD_INFORMED_BY: readonly string[] = ['head', 'both'];

/**
 * A RESOLVED closure from monitoring needs this window elapsed with no recurrence, counted in school days on
 * the national calendar, unless the head records an early closure with a reason.
 */
export const MONITORING_WINDOW: { base: Duration; fromLevel: SeverityLevel; longer: Duration } = {
  base: { unit: 'schoolDays', value: 20 },
  fromLevel: 3,
  longer: { unit: 'schoolDays', value: 30 },
};

/** Whose families must have a parent decision (notify, or defer with a reason) before a case closes. */
export const FAMILY_DECISION_ROLES: readonly PartyRole[] = ['target', 'allegedAuthor'];
/** Roles whose families may have a notice when the school's policy says so (a setting). */
export const FAMILY_OPTIONAL_ROLES: readonly PartyRole[] = ['witness'];
