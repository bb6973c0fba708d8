import { CLOSURE_REASONS } from '../protocol/closure';
import { EVENT_FIELDS, NEW_RECORD_ID } from './events';
import type { CaseEvent, CaseEventType, Field } from './events';
import { familiesToDecide, familyStatus, intimateCopies, targetOf } from './facts';
import type { RequiredAction } from './guidance';
import { closureBlockers } from './rules';
import type { CaseSnapshot } from './replay';
import { stepOf, whyRefused } from './replay';
import type { Refusal } from '../protocol/refusals';
import { stepDef } from '../protocol/steps';

/**
 * What the case page offers: the machine is asked, not a list. An event type is offered when at least one
 * plausible record of it (built from the case: its parties, evidence, referrals, and every value of each
 * choice) is accepted now. A form then only shows records the protocol allows here, and an action the
 * protocol refuses is never offered as if it were possible.
 */

/** Written on their own pages (report, intake), never from the case page's lists. */
const ELSEWHERE: readonly CaseEventType[] = ['case.report', 'intake.submit'];
/** Enough to know whether any record of a type is accepted; bounded so a large case stays fast. */
const MAX_PROBES = 5000;

type Values = Record<string, unknown>;

function choices(type: CaseEventType, name: string, spec: Field, snapshot: CaseSnapshot): unknown[] {
  const ctx = snapshot.context;
  // A record to be created gets a fresh id: a placeholder is enough to ask the machine.
  if (NEW_RECORD_ID[type] === name) return ['probe'];
  const refs: Record<string, string[]> = {
    partyId: ctx.parties.map((p) => p.id),
    evidenceId: ctx.evidence.map((x) => x.id),
    referralId: ctx.referrals.map((r) => r.id),
  };
  const ref = refs[name];
  if (ref) return spec.optional ? [undefined, ...ref] : ref;
  if (spec.optional) return [undefined];
  switch (spec.t) {
    case 'enum':
      return [...spec.values];
    case 'enumArray':
      return spec.values.map((v) => [v]);
    case 'boolean':
      return [false, true];
    case 'string':
      return ['·'];
    case 'number':
      return [1];
    case 'stringArray':
      return [[]];
    case 'instant':
    case 'date':
      return [undefined];
  }
}

/**
 * Plausible records of `type` at `at`: every combination of the choices the case allows, generated lazily (an
 * accepted one ends the search) and bounded, so a very large case stays fast.
 */
export function* probes(snapshot: CaseSnapshot, type: CaseEventType, at: string, by: string, fixed: Values = {}): Generator<CaseEvent> {
  const fields = Object.entries(EVENT_FIELDS[type]).map(([name, spec]) => ({ name, options: name in fixed ? [fixed[name]] : choices(type, name, spec, snapshot) }));
  let made = 0;
  function* walk(i: number, row: Values): Generator<CaseEvent> {
    if (made >= MAX_PROBES) return;
    if (i === fields.length) {
      made++;
      yield { type, at, by, ...row } as CaseEvent;
      return;
    }
    const { name, options } = fields[i]!;
    for (const v of options) yield* walk(i + 1, v === undefined ? row : { ...row, [name]: v });
  }
  yield* walk(0, {});
}

/**
 * Whether some record of `type` (with the `fixed` values) is accepted now; if none is, the rules that refused
 * them, one per reason code, in the order met.
 */
export function offer(snapshot: CaseSnapshot, type: CaseEventType, at: string, by: string, fixed: Values = {}): { accepted: boolean; refusals: Refusal[] } {
  const refusals = new Map<string, Refusal>();
  for (const e of probes(snapshot, type, at, by, fixed)) {
    const refusal = whyRefused(snapshot, e);
    if (!refusal) return { accepted: true, refusals: [] };
    if (!refusals.has(refusal.code)) refusals.set(refusal.code, refusal);
  }
  return { accepted: false, refusals: [...refusals.values()] };
}

/** Event types the case accepts now (for at least one record), in the order the step lists them. */
export function acceptedNow(snapshot: CaseSnapshot, at: string, by: string): CaseEventType[] {
  return (stepDef(stepOf(snapshot)).accepts as readonly CaseEventType[]).filter((type) => !ELSEWHERE.includes(type) && offer(snapshot, type, at, by).accepted);
}

/**
 * Why no closure is possible now: every rule that blocks each closure reason this step allows, once each
 * (the teacher sees the whole list, not the first obstacle).
 */
export function closureRefusals(snapshot: CaseSnapshot, at: string, by: string): Refusal[] {
  const out = new Map<string, Refusal>();
  for (const reason of CLOSURE_REASONS) {
    const first = offer(snapshot, 'case.close', at, by, { reason }).refusals[0];
    if (!first || first.code === 'reasonNotAllowedHere' || first.code === 'notInThisStep') continue;
    for (const r of closureBlockers(snapshot.context, reason, at)) if (r.code !== 'reasonNotAllowedHere' && !out.has(r.code)) out.set(r.code, r);
    if (!out.has(first.code)) out.set(first.code, first);
  }
  return [...out.values()];
}

/** What an "other" form starts with: the categories already set (saving a new list replaces the old one). */
export function prefillFor(snapshot: CaseSnapshot, type: CaseEventType): Values {
  return type === 'category.set' ? { codes: [...snapshot.context.categories] } : {};
}

/** The form that does a required action, with what the case already tells prefilled. */
export interface ActionStart {
  type: CaseEventType;
  prefill: Values;
}

/**
 * The record that meets each required action (machines/guidance.ts), or null where the action is a panel of
 * its own (triage questions, calls) or a state of things no single record changes.
 */
export function startFor(snapshot: CaseSnapshot, action: RequiredAction): ActionStart | null {
  const ctx = snapshot.context;
  const target = targetOf(ctx);
  const interviewer = ctx.interviewers[0];
  const withInterviewer = interviewer ? { interviewer } : {};
  const lastTrack = ctx.trackHistory.at(-1)?.seq ?? -1;
  const interviewed = (kind: string, partyId?: string) => ctx.interviews.some((i) => i.kind === kind && i.seq > lastTrack && (!partyId || i.partyId === partyId));
  switch (action) {
    case 'informLeadAndHead':
      return { type: 'lead.inform', prefill: { informed: 'both' } };
    case 'deleteIntimateCopy':
      return { type: 'evidence.dispose', prefill: { evidenceId: intimateCopies(ctx)[0]?.id, disposition: 'deleted' } };
    case 'addTarget':
      return { type: 'party.add', prefill: { role: 'target' } };
    case 'confirmSafety':
      return { type: 'safety.confirm', prefill: {} };
    case 'recordAcknowledgement':
      return { type: 'referral.acknowledge', prefill: { referralId: ctx.referrals.find((r) => r.status === 'made')?.id } };
    case 'prosecutorDecision':
    case 'noProsecutorDecision':
      return { type: 'prosecutor.decide', prefill: {} };
    case 'chooseTrack':
      return { type: 'track.choose', prefill: {} };
    case 'chooseTrackB':
      return { type: 'track.choose', prefill: { track: 'B' } };
    case 'parentDecision':
    case 'noParentDecision': {
      const family = familiesToDecide(ctx).find((p) => familyStatus(ctx, p.id) === 'notNotified');
      return { type: 'parent.notify', prefill: { partyId: family?.id } };
    }
    case 'outcomeNotShared': {
      // Only a family that was told: a deferred family was kept out for a reason (a risk at home, say).
      const family = familiesToDecide(ctx).find((p) => familyStatus(ctx, p.id) === 'notified');
      return { type: 'parent.shareOutcome', prefill: { partyId: family?.id } };
    }
    case 'mppInterviews': {
      // The shared-concern method meets the target first, then each author.
      if (target && !interviewed('mppTarget')) return { type: 'interview.record', prefill: { kind: 'mppTarget', partyId: target.id, ...withInterviewer } };
      const author = ctx.parties.find((p) => p.role === 'allegedAuthor' && !interviewed('mppAuthor', p.id));
      return { type: 'interview.record', prefill: { kind: 'mppAuthor', partyId: author?.id, ...withInterviewer } };
    }
    case 'formalInterviews':
      return { type: 'interview.record', prefill: { kind: 'formal', partyId: target?.id, ...withInterviewer } };
    case 'meetTargetAgain':
      return { type: 'followUp.record', prefill: {} };
    case 'decideMeasures':
      return { type: 'trackB.measure', prefill: {} };
    case 'referralPending':
      return { type: 'referral.resolve', prefill: { referralId: ctx.referrals.find((r) => r.status === 'made')?.id } };
    case 'evidenceNotDisposed':
      return { type: 'evidence.dispose', prefill: { evidenceId: ctx.evidence.find((x) => !x.disposition)?.id } };
    case 'noReview':
      return { type: 'closure.review', prefill: {} };
    case 'stopNotConfirmed':
      return { type: 'monitoring.check', prefill: {} };
    default:
      return null;
  }
}
