import { DEFAULT_CALENDAR, addSchoolDays } from '../../protocol/calendar';
import type { CaseEvent } from '../../machines/events';

/**
 * The protocol's safety rules, written a second time, from their statement (docs/decisions/0010) and not from the
 * machine: this file imports nothing of machines/ but the event types, and keeps its own copy of every table
 * (which authority each trigger needs, which triggers lock track B…). It follows a case's log event by event
 * (only the events the machine accepted) and says, for the next event, what the protocol forbids and what it
 * must allow. Positions in the log (`pos`) decide "after the latest yes"; times decide the monitoring window.
 */
export type T = 'T1' | 'T2' | 'T3' | 'T4' | 'T5' | 'T6' | 'T7';
export const TS: readonly T[] = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7'];

const POLICE = ['police19', 'gendarmerie177', 'prosecutor'];
/** Rule 1: whose acknowledgement lets a case leave emergency escalation, per trigger. */
export const REF_AUTHORITY: Record<T, readonly string[]> = {
  T1: POLICE,
  T2: [...POLICE, 'eBlagh'],
  T3: POLICE,
  T4: [...POLICE, 'eBlagh'],
  T5: POLICE,
  T6: [...POLICE, 'eBlagh'],
  T7: ['aref', ...POLICE],
};
const INVESTIGATING = POLICE;
const LOCK_B: readonly T[] = ['T2', 'T3', 'T4', 'T6'];
const HEAD_DECIDES: readonly T[] = ['T1', 'T5', 'T7'];
const INTIMATE_CATEGORIES = ['NCII', 'SXT', 'SXH', 'GRM'];
/** The typology's categories that mean a trigger, without asking (HATE incites only sometimes: asked). */
const CATEGORY_TRIGGERS: Record<string, readonly T[]> = { NCII: ['T2'], SXT: ['T4', 'T2'], GRM: ['T3'], THR: ['T5'], SELF: ['T1'], STAFF: ['T7'] };
const MEDIA = ['url', 'sha256', 'file', 'storageLocation'];
/** Rule 10: monitoring window in school days, longer from level 3. */
const WINDOW = { base: 20, fromLevel: 3, longer: 30 };
const CLOSE_FROM: Record<string, readonly string[]> = {
  RESOLVED: ['monitoring'],
  NOT_BULLYING: ['triage', 'conflictHandling', 'assessment'],
  TRANSFERRED_TO_AUTHORITY: ['emergencyEscalation', 'supportAndIntervention', 'followUp', 'escalatedTrackB', 'monitoring'],
  TARGET_LEFT_SCHOOL: ['triage', 'emergencyEscalation', 'conflictHandling', 'assessment', 'supportAndIntervention', 'followUp', 'escalatedTrackB', 'monitoring'],
  INSUFFICIENT_INFO: ['intake', 'triage', 'assessment'],
};

interface Party {
  role: string;
  kind?: string;
  ageBand?: string;
}
/** Rule 5: a staff member is an adult; so is anyone in the adult age band, whatever their kind. */
const isAdult = (p: { kind?: string; ageBand?: string }) => p.kind === 'adult' || p.kind === 'staff' || p.ageBand === 'adult';
const isStaff = (p: { kind?: string }) => p.kind === 'staff';

/** What the log says, kept as the rules need it. Plain JSON: copied for each new event. */
export interface Ref {
  pos: number;
  time: string;
  step: string;
  answers: Partial<Record<T, string>>;
  lastYes: Partial<Record<T, number>>;
  lastYesAny: number;
  /** A "yes" the emergency step has not met yet (rule 7). */
  pendingYes: boolean;
  intimate: boolean;
  categories: string[];
  level: number | null;
  maxLevelSinceOpen: number;
  maxLevelEver: number;
  parties: Record<string, Party>;
  intakeAdult: boolean;
  referrals: Record<string, { channel: string; open: boolean; made: number; acks: number[]; agreed: number; acknowledged: boolean; result: string | null }>;
  /** `copy`: the item was recorded with a copy or a way to reach one (a screenshot, a file, a link, a hash, a place). */
  evidence: Record<string, { status: string; intimate: boolean; copy: boolean }>;
  emergencyEntered: number;
  safety: number;
  headInformed: boolean;
  headDecision: number;
  prosecutorDecided: boolean;
  track: 'A' | 'B' | null;
  trackChosen: number;
  series: 'none' | 'target' | 'authors' | 'followups' | 'ended';
  authorMet: boolean;
  families: Record<string, 'none' | 'notified' | 'deferred' | 'outcome'>;
  reopened: number;
  answeredSinceReopen: T[];
  lastFollowUp: string | null;
  formalSinceTrack: boolean;
  measuresSinceTrack: boolean;
  monitoringFrom: { pos: number; time: string } | null;
  checks: { recurrence: boolean; last: string | null };
  earlyEnd: boolean;
  review: boolean;
  closed: string | null;
}

export const startRef = (): Ref => ({
  pos: 0,
  time: '',
  step: 'detected',
  answers: {},
  lastYes: {},
  lastYesAny: -1,
  pendingYes: false,
  intimate: false,
  categories: [],
  level: null,
  maxLevelSinceOpen: -1,
  maxLevelEver: -1,
  parties: {},
  intakeAdult: false,
  referrals: {},
  evidence: {},
  emergencyEntered: -1,
  safety: -1,
  headInformed: false,
  headDecision: -1,
  prosecutorDecided: false,
  track: null,
  trackChosen: -1,
  series: 'none',
  authorMet: false,
  families: {},
  reopened: -1,
  answeredSinceReopen: [],
  lastFollowUp: null,
  formalSinceTrack: false,
  measuresSinceTrack: false,
  monitoringFrom: null,
  checks: { recurrence: false, last: null },
  earlyEnd: false,
  review: false,
  closed: null,
});

/** A copy, or a way to reach one: a media field given, or an account "handle" that is really a link. */
const holdsCopy = (e: Record<string, unknown>) =>
  MEDIA.some((f) => typeof e[f] === 'string' && e[f] !== '') || (typeof e.accountHandle === 'string' && /\//.test(e.accountHandle));

/** Triggers the log makes "yes" with this event (answered, or meant by a category or a person). */
export function yesOf(r: Ref, e: CaseEvent): T[] {
  const out = new Set<T>();
  if (e.type === 'trigger.answer' && e.answer === 'yes') out.add(e.trigger as T);
  if (e.type === 'category.set') for (const c of e.codes) for (const t of CATEGORY_TRIGGERS[c] ?? []) out.add(t);
  const person = (p: Party) => {
    if (p.role === 'allegedAuthor' && isAdult(p)) out.add('T3');
    if (isStaff(p) && (p.role === 'allegedAuthor' || p.role === 'target')) out.add('T7');
  };
  if (e.type === 'party.add') person({ role: e.role, kind: e.actorKind, ageBand: e.ageBand });
  if (e.type === 'party.update') {
    const before = r.parties[e.partyId];
    if (before) person({ role: e.role ?? before.role, kind: e.actorKind ?? before.kind, ageBand: e.ageBand ?? before.ageBand });
  }
  if (e.type === 'intake.submit') person({ role: 'allegedAuthor', kind: e.actorKind });
  return [...out];
}

const hasAdultAuthor = (r: Ref) => r.intakeAdult || Object.values(r.parties).some((p) => p.role === 'allegedAuthor' && isAdult(p));
const currentYes = (r: Ref) => TS.filter((t) => r.answers[t] === 'yes');
const everYes = (r: Ref) => TS.filter((t) => r.lastYes[t] !== undefined);
export const trackBOnly = (r: Ref) => everYes(r).some((t) => LOCK_B.includes(t)) || hasAdultAuthor(r);
const ackAfterYes = (r: Ref, t: T) => Object.values(r.referrals).some((x) => REF_AUTHORITY[t].includes(x.channel) && x.acks.some((a) => a > (r.lastYes[t] ?? -1)));
const contactAfterYes = (r: Ref, t: T) =>
  Object.values(r.referrals).some((x) => REF_AUTHORITY[t].includes(x.channel) && (x.made > (r.lastYes[t] ?? -1) || x.acks.some((a) => a > (r.lastYes[t] ?? -1))));
/** Rule 4: an agreement covers the facts it was given for: recorded after the latest yes and the reopening. */
const investigation = (r: Ref) => Object.values(r.referrals).some((x) => INVESTIGATING.includes(x.channel) && x.open && !(x.agreed > Math.max(r.lastYesAny, r.reopened)));
const childFamilies = (r: Ref) => Object.entries(r.parties).filter(([, p]) => !isAdult(p) && (p.role === 'target' || p.role === 'allegedAuthor')).map(([id]) => id);
/** Rule 8: in an intimate-image case, an item holding a copy is deleted, and nothing else is recorded about it. */
const intimateCopy = (r: Ref, id: string) => {
  const x = r.evidence[id];
  return !!x && r.intimate && x.copy && x.status !== 'disposed';
};

/** The instant the monitoring window ends (school days on the national calendar, after the day monitoring began). */
export function windowEnd(r: Ref): string | null {
  if (!r.monitoringFrom) return null;
  return addSchoolDays(r.monitoringFrom.time, r.maxLevelSinceOpen >= WINDOW.fromLevel ? WINDOW.longer : WINDOW.base, DEFAULT_CALENDAR);
}

/**
 * What the protocol forbids about `e` now: the list of rule numbers (docs/decisions/0010) it would break.
 * Empty: the reference has nothing against it (the machine may still refuse it for reasons these rules do not
 * cover, such as the order of a step's own records).
 */
export function forbids(r: Ref, e: CaseEvent): string[] {
  const out: string[] = [];
  const no = (rule: string, cond: boolean) => cond && out.push(rule);
  switch (e.type) {
    case 'emergency.resolve':
      no('1: every trigger answered', TS.some((t) => r.answers[t] === undefined));
      no('1: safety after the latest yes', !(r.safety > r.lastYesAny));
      no('1: each yes acknowledged by its own authority', currentYes(r).some((t) => !ackAfterYes(r, t)));
      break;
    case 'track.choose':
      if (e.track === 'A') {
        no('3: track B only after T2/T3/T4/T6 or an adult author', trackBOnly(r));
        const head = TS.filter((t) => HEAD_DECIDES.includes(t) && r.lastYes[t] !== undefined);
        no('3: track A after T1/T5/T7 needs the head, since the reopening', head.length > 0 && !(r.headDecision > Math.max(r.reopened, ...head.map((t) => r.lastYes[t] ?? -1))));
        no('3: no track A with a trigger not yet known', TS.some((t) => r.answers[t] === 'unknown'));
      }
      break;
    case 'trackA.allow':
      no('3: track B only', trackBOnly(r));
      break;
    case 'interview.record': {
      const p = r.parties[e.partyId];
      if (e.kind !== 'formal') {
        no('3: no shared concern on track B only', trackBOnly(r));
        no('3: shared concern only on track A, as chosen after the latest yes', r.track !== 'A' || r.trackChosen < r.lastYesAny);
        no('5: never with an adult', !!p && isAdult(p));
        no('3: the target first', e.kind !== 'mppTarget' && r.series === 'target');
        no('3: follow-up meetings after an author', e.kind === 'mppFollowUp' && !r.authorMet);
      } else {
        no('4: formal interviews on track B', r.track !== 'B');
      }
      const aboutTheFacts = e.kind === 'formal' || e.kind === 'mppAuthor' || e.kind === 'mppWitness' || (e.kind === 'mppFollowUp' && p?.role !== 'target');
      no('4: no parallel investigation', aboutTheFacts && investigation(r));
      break;
    }
    case 'trigger.answer':
      no('yes is final', e.answer !== 'yes' && r.answers[e.trigger as T] === 'yes');
      no('5: a person implies the trigger', e.answer !== 'yes' && impliedByPeople(r).includes(e.trigger as T));
      no('7: a category implies the trigger', e.answer !== 'yes' && r.categories.some((c) => (CATEGORY_TRIGGERS[c] ?? []).includes(e.trigger as T)));
      break;
    case 'severity.rate':
      no('a yes keeps level 4', e.level < 4 && currentYes(r).length > 0);
      no('11: answers before re-rating', r.reopened >= 0 && r.answeredSinceReopen.length < 7);
      break;
    case 'evidence.add': {
      const media = MEDIA.some((f) => typeof (e as unknown as Record<string, unknown>)[f] === 'string' && (e as unknown as Record<string, unknown>)[f] !== '');
      no('8: intimate images described only', (r.intimate || e.isIntimateImageOfMinor) && (media || e.kind !== 'description'));
      break;
    }
    case 'evidence.update':
    case 'evidence.preserve': {
      const media = MEDIA.some((f) => typeof (e as unknown as Record<string, unknown>)[f] === 'string' && (e as unknown as Record<string, unknown>)[f] !== '');
      no('8: intimate images described only', media && (r.intimate || !!r.evidence[e.evidenceId]?.intimate));
      no('8: a copy of an intimate image is deleted first', intimateCopy(r, e.evidenceId));
      break;
    }
    case 'evidence.share':
    case 'evidence.retain':
      no('8: a copy of an intimate image is deleted first', intimateCopy(r, e.evidenceId));
      break;
    case 'evidence.dispose':
      no('8: a copy of an intimate image is deleted, not kept', intimateCopy(r, e.evidenceId) && e.disposition === 'keptInFile');
      break;
    case 'followUp.resolve':
      no('11: a better follow-up since the reopening', r.lastFollowUp !== 'better');
      break;
    case 'case.close': {
      no('the step allows this closure', !(CLOSE_FROM[e.reason] ?? []).includes(r.step));
      no('1: every trigger answered before closing, once triaged', r.step !== 'intake' && r.step !== 'detected' && TS.some((t) => r.answers[t] === undefined));
      if (r.lastYesAny >= 0) {
        no('6: emergency entered after the latest yes', !(r.emergencyEntered >= r.lastYesAny));
        no('6: safety after the latest yes', !(r.safety > r.lastYesAny));
        no('6: authority acknowledged after the latest yes', everYes(r).some((t) => !ackAfterYes(r, t)));
      }
      for (const id of childFamilies(r)) {
        no('13: a decision for each family', r.families[id] === undefined || r.families[id] === 'none');
        no('13: the outcome to informed families', r.families[id] === 'notified');
      }
      no('closure: every referral has a status', Object.values(r.referrals).some((x) => !x.acknowledged && x.open));
      no('closure: evidence disposed', Object.values(r.evidence).some((x) => x.status !== 'disposed'));
      no('closure: a review', !r.review);
      no('closure: the head decided about the prosecutor', (r.maxLevelEver >= 3 || r.lastYesAny >= 0) && !r.prosecutorDecided);
      if (e.reason === 'RESOLVED') {
        no('10: no recurrence, the target better', r.checks.recurrence || r.checks.last !== 'better');
        const end = windowEnd(r);
        no('10: the monitoring window elapsed, or the head ended it', !r.earlyEnd && end !== null && Date.parse(e.at) < Date.parse(end));
      }
      break;
    }
    default:
      break;
  }
  return out;
}

function impliedByPeople(r: Ref): T[] {
  const out = new Set<T>();
  for (const p of Object.values(r.parties)) {
    if (p.role === 'allegedAuthor' && isAdult(p)) out.add('T3');
    if (isStaff(p) && (p.role === 'allegedAuthor' || p.role === 'target')) out.add('T7');
  }
  if (r.intakeAdult) out.add('T3');
  return [...out];
}

/** Rule 7, and the closing invariant: a "yes" the emergency step has not met leaves the case nowhere else. */
export const misplaced = (r: Ref): boolean => r.pendingYes && !['intake', 'emergencyEscalation', 'closed'].includes(r.step);

/** Rule 2: "call the authority now" is still owed (a current yes whose authority was not contacted since). */
export const callOwed = (r: Ref): boolean => r.step === 'emergencyEscalation' && currentYes(r).some((t) => !contactAfterYes(r, t));

/** Rule 9: the head was told. */
export const headOwed = (r: Ref): boolean => !r.headInformed && r.step !== 'detected' && r.step !== 'closed';

/** Follows the log: `step` is where the machine put the case after the event. */
export function advance(r: Ref, e: CaseEvent, step: string): Ref {
  const n: Ref = JSON.parse(JSON.stringify(r)) as Ref;
  const pos = r.pos;
  n.pos = pos + 1;
  n.time = e.at;
  for (const t of yesOf(r, e)) {
    n.answers[t] = 'yes';
    n.lastYes[t] = pos;
    n.lastYesAny = pos;
    n.pendingYes = true;
    if (!n.answeredSinceReopen.includes(t)) n.answeredSinceReopen.push(t);
    if (t === 'T2') n.intimate = true;
    // A yes stops a shared-concern series, and the track with it.
    if (n.track === 'A') {
      n.track = null;
      if (n.series !== 'none') n.series = 'ended';
    }
    n.level = 4;
    n.maxLevelSinceOpen = 4;
    n.maxLevelEver = 4;
  }
  switch (e.type) {
    case 'party.add':
      n.parties[e.partyId] = { role: e.role, kind: e.actorKind, ageBand: e.ageBand };
      break;
    case 'party.update': {
      const p = n.parties[e.partyId];
      if (p) n.parties[e.partyId] = { role: e.role ?? p.role, kind: e.actorKind ?? p.kind, ageBand: e.ageBand ?? p.ageBand };
      break;
    }
    case 'intake.submit':
      n.intakeAdult = e.actorKind === 'adult' || e.actorKind === 'staff';
      break;
    case 'lead.inform':
      if (e.informed === 'head' || e.informed === 'both') n.headInformed = true;
      break;
    case 'trigger.answer':
      if (e.answer !== 'yes') n.answers[e.trigger as T] = e.answer;
      if (!n.answeredSinceReopen.includes(e.trigger as T)) n.answeredSinceReopen.push(e.trigger as T);
      break;
    case 'category.set':
      n.categories = [...e.codes];
      if (e.codes.some((c) => INTIMATE_CATEGORIES.includes(c))) n.intimate = true;
      break;
    case 'severity.rate':
      n.level = e.level;
      n.maxLevelSinceOpen = Math.max(n.maxLevelSinceOpen, e.level);
      n.maxLevelEver = Math.max(n.maxLevelEver, e.level);
      break;
    case 'evidence.add':
      n.evidence[e.evidenceId] = { status: 'capturing', intimate: e.isIntimateImageOfMinor, copy: e.kind !== 'description' || holdsCopy(e as unknown as Record<string, unknown>) };
      if (e.isIntimateImageOfMinor) n.intimate = true;
      break;
    case 'evidence.update':
      if (n.evidence[e.evidenceId] && holdsCopy(e as unknown as Record<string, unknown>)) n.evidence[e.evidenceId]!.copy = true;
      break;
    case 'evidence.preserve':
      if (n.evidence[e.evidenceId]) {
        n.evidence[e.evidenceId]!.status = 'preserved';
        if (holdsCopy(e as unknown as Record<string, unknown>)) n.evidence[e.evidenceId]!.copy = true;
      }
      break;
    case 'evidence.share':
    case 'evidence.retain':
      if (n.evidence[e.evidenceId]) n.evidence[e.evidenceId]!.status = 'kept';
      break;
    case 'evidence.dispose':
      if (n.evidence[e.evidenceId]) n.evidence[e.evidenceId]!.status = 'disposed';
      break;
    case 'referral.make':
      n.referrals[e.referralId] = { channel: e.channel, open: true, made: pos, acks: [], agreed: -1, acknowledged: false, result: null };
      break;
    case 'referral.acknowledge': {
      const x = n.referrals[e.referralId];
      if (x) {
        x.acks.push(pos);
        x.acknowledged = true;
        if (e.schoolMayInterview) x.agreed = pos;
      }
      break;
    }
    case 'referral.resolve': {
      const x = n.referrals[e.referralId];
      if (x) {
        x.open = false;
        x.result = e.status;
      }
      break;
    }
    case 'safety.confirm':
      n.safety = pos;
      break;
    case 'prosecutor.decide':
      n.prosecutorDecided = true;
      break;
    case 'trackA.allow':
      n.headDecision = pos;
      break;
    case 'track.choose':
      if (!(e.track === 'A' && n.track === 'A')) {
        n.formalSinceTrack = false;
        n.measuresSinceTrack = false;
      }
      if (e.track === 'A' && n.track !== 'A') {
        n.series = 'target';
        n.authorMet = false;
      }
      if (e.track === 'B' && n.track === 'A') n.series = 'ended';
      n.track = e.track;
      n.trackChosen = pos;
      break;
    case 'interview.record':
      if (e.kind === 'formal') n.formalSinceTrack = true;
      if (e.kind === 'mppTarget' && n.series === 'target') n.series = 'authors';
      if (e.kind === 'mppAuthor') n.authorMet = true;
      if (e.kind === 'mppFollowUp' && n.series === 'authors') n.series = 'followups';
      break;
    case 'followUp.record':
      n.lastFollowUp = e.targetReport;
      break;
    case 'followUp.fail':
      if (n.track === 'A') {
        n.series = 'ended';
        n.formalSinceTrack = false;
        n.measuresSinceTrack = false;
      }
      n.track = 'B';
      break;
    case 'followUp.resolve':
      if (n.series !== 'none') n.series = 'ended';
      break;
    case 'trackB.measure':
      n.measuresSinceTrack = true;
      break;
    case 'monitoring.check':
      if (e.recurrence) n.checks.recurrence = true;
      n.checks.last = e.targetReport;
      break;
    case 'monitoring.endEarly':
      n.earlyEnd = true;
      break;
    case 'parent.notify':
    case 'parent.defer':
    case 'parent.update':
    case 'parent.shareOutcome': {
      const id = e.partyId ?? Object.entries(n.parties).find(([, p]) => p.role === 'target')?.[0] ?? '';
      const before = n.families[id] ?? 'none';
      n.families[id] = e.type === 'parent.notify' ? 'notified' : e.type === 'parent.defer' ? (before === 'notified' ? before : 'deferred') : e.type === 'parent.shareOutcome' ? 'outcome' : before;
      break;
    }
    case 'closure.review':
      n.review = true;
      break;
    case 'case.close':
      n.closed = e.reason;
      break;
    case 'case.reopen':
      n.reopened = pos;
      // The head decides again about the prosecutor for the case as it is now.
      n.prosecutorDecided = false;
      n.answers = {};
      n.answeredSinceReopen = [];
      n.track = null;
      n.series = 'none';
      n.authorMet = false;
      n.lastFollowUp = null;
      n.formalSinceTrack = false;
      n.measuresSinceTrack = false;
      n.monitoringFrom = null;
      n.checks = { recurrence: false, last: null };
      n.earlyEnd = false;
      n.review = false;
      n.closed = null;
      n.maxLevelSinceOpen = -1;
      for (const id of Object.keys(n.families)) n.families[id] = 'none';
      break;
    default:
      break;
  }
  // What the machine did with the case, as the rules speak of it.
  if (step === 'emergencyEscalation' && r.step !== 'emergencyEscalation') n.emergencyEntered = pos;
  if (step === 'emergencyEscalation' && yesOf(r, e).length > 0) n.emergencyEntered = pos;
  if (step === 'emergencyEscalation') n.pendingYes = false;
  if (step === 'monitoring' && r.step !== 'monitoring') {
    n.monitoringFrom = { pos, time: e.at };
    n.checks = { recurrence: false, last: null };
    n.earlyEnd = false;
  }
  n.step = step;
  return n;
}

/**
 * The facts of `r` that a rule reads, as relations: what a state of the model is, for the rules (positions
 * become their order; the monitoring time becomes whether the window ends before `nextAt`).
 */
export function refKey(r: Ref, nextAt: string, relate: (anchors: Record<string, number | undefined>, others: Record<string, number | undefined>) => unknown): unknown {
  const anchors: Record<string, number | undefined> = {
    ...r.lastYes,
    yes: r.lastYesAny,
    emergency: r.emergencyEntered,
    safety: r.safety,
    head: r.headDecision,
    track: r.trackChosen,
    reopen: r.reopened,
    monitoring: r.monitoringFrom?.pos,
  };
  const others: Record<string, number | undefined> = {};
  for (const [id, x] of Object.entries(r.referrals)) {
    others[id] = x.made;
    x.acks.forEach((a, i) => (others[`${id}.ack${i}`] = a));
    if (x.agreed >= 0) others[`${id}.agreed`] = x.agreed;
  }
  const end = windowEnd(r);
  return {
    ...r,
    pos: undefined,
    time: undefined,
    lastYes: Object.keys(r.lastYes).sort(),
    lastYesAny: undefined,
    emergencyEntered: undefined,
    safety: undefined,
    headDecision: undefined,
    trackChosen: undefined,
    reopened: r.reopened >= 0,
    order: relate(anchors, others),
    referrals: Object.fromEntries(Object.entries(r.referrals).map(([id, x]) => [id, { ...x, made: undefined, acks: x.acks.length, agreed: x.agreed >= 0 }])),
    families: Object.fromEntries(Object.entries(r.families).filter(([, f]) => f !== 'none')),
    monitoringFrom: r.monitoringFrom ? { elapsedBy: end !== null && Date.parse(nextAt) >= Date.parse(end) } : null,
  };
}

/**
 * Rule 12: records the protocol allows must be accepted (a correction, a second share, news for parents, more
 * interviews, more follow-up meetings). True when the reference knows the record is at a stage that allows `e`.
 */
export function mustAllow(r: Ref, e: CaseEvent): boolean {
  if (forbids(r, e).length > 0) return false;
  switch (e.type) {
    case 'parent.update': {
      const id = e.partyId ?? '';
      return !!r.parties[id] && !isAdult(r.parties[id]!) && (r.families[id] === 'notified' || r.families[id] === 'outcome');
    }
    case 'parent.defer': {
      const id = e.partyId ?? '';
      return !!r.parties[id] && !isAdult(r.parties[id]!) && r.families[id] === 'deferred';
    }
    case 'evidence.update': {
      const x = r.evidence[e.evidenceId];
      return !!x && x.status !== 'disposed' && !MEDIA.some((f) => (e as unknown as Record<string, unknown>)[f] !== undefined);
    }
    case 'evidence.share': {
      const x = r.evidence[e.evidenceId];
      return !!x && x.status === 'kept';
    }
    case 'interview.record': {
      const p = r.parties[e.partyId];
      if (!p || isAdult(p)) return false;
      const running = r.track === 'A' && (r.series === 'authors' || r.series === 'followups');
      if (e.kind === 'mppWitness') return running && p.role === 'witness';
      if (e.kind === 'mppTarget') return running && p.role === 'target';
      if (e.kind === 'mppFollowUp') return r.track === 'A' && r.series === 'followups';
      return false;
    }
    case 'followUp.record':
      return r.step === 'followUp';
    case 'evidence.dispose': {
      // Deleting a copy of an intimate image is always possible.
      const x = r.evidence[e.evidenceId];
      return !!x && intimateCopy(r, e.evidenceId) && e.disposition !== 'keptInFile';
    }
    case 'safetyPlan.set':
      // A safety plan is part of keeping the child safe during the emergency.
      return r.step === 'emergencyEscalation';
    default:
      return false;
  }
}
