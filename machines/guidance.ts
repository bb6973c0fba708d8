import { channelsFor } from '../protocol/channels';
import type { ChannelDef } from '../protocol/channels';
import { DEADLINES, PLATFORM_TAKEDOWN } from '../protocol/deadlines';
import { addDuration } from '../protocol/calendar';
import type { SchoolCalendar } from '../protocol/calendar';
import { CLOSURE_CODES } from '../protocol/refusals';
import { stepDef } from '../protocol/steps';
import type { CaseEventType } from './events';
import {
  authorityToCall,
  awaitingAuthority,
  familiesToDecide,
  familyStatus,
  hardTriggers,
  intimateCopies,
  isTrackBOnly,
  levelSinceReopen,
  needsProsecutorDecision,
  prosecutorDecided,
  safetyConfirmedSinceYes,
  trackANeedsHead,
  unansweredTriggers,
} from './facts';
import { closureBlockers, trackBegun, triageProblems } from './rules';
import type { CaseSnapshot } from './replay';
import { stepOf } from './replay';

/** What the app and the CLI show for the current step: derived from the snapshot, never stored. */

export interface DueItem {
  id: string;
  kind: 'task' | 'reminder' | 'limit';
  dueAt: string;
  overdue: boolean;
  textKey: string;
  referralId?: string;
}

/** What is due in the current step and whether it is overdue at `at` (deadlines are data, docs/decisions/0003). */
export function dueItems(snapshot: CaseSnapshot, at: string, cal: SchoolCalendar): DueItem[] {
  const step = stepOf(snapshot);
  const ctx = snapshot.context;
  const now = Date.parse(at);
  const out: DueItem[] = [];
  for (const d of DEADLINES) {
    const clock = ctx.clocks[d.id];
    if (!clock || clock.satisfiedAt || !d.activeIn.includes(step)) continue;
    const duration = d.fromLevel && levelSinceReopen(ctx) >= d.fromLevel.level ? d.fromLevel.duration : d.duration;
    const dueAt = addDuration(clock.startedAt, duration, cal);
    out.push({ id: d.id, kind: d.kind, dueAt, overdue: now > Date.parse(dueAt), textKey: d.textKey });
  }
  if (step !== 'closed') {
    for (const r of ctx.referrals) {
      if (!PLATFORM_TAKEDOWN.channels.includes(r.channel) || r.status === 'closed') continue;
      const dueAt = addDuration(r.at, PLATFORM_TAKEDOWN.duration, cal);
      out.push({ id: PLATFORM_TAKEDOWN.id, kind: 'limit', dueAt, overdue: now > Date.parse(dueAt), textKey: PLATFORM_TAKEDOWN.textKey, referralId: r.id });
    }
  }
  return out.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

/** Event types the current step accepts (protocol/steps.ts); the rules may still refuse a given record. */
export function eventTypesHere(snapshot: CaseSnapshot): CaseEventType[] {
  return [...stepDef(stepOf(snapshot)).accepts].sort() as CaseEventType[];
}

/** Everything the guidance may ask for: i18n keys `action.<id>` (a test checks each in the three languages). */
export const REQUIRED_ACTIONS = [
  'informLeadAndHead',
  'deleteIntimateCopy',
  'recordReport',
  'addTarget',
  'submitIntake',
  'triggersUnanswered',
  'notRated',
  'noCategory',
  'confirmSafety',
  'callAuthorityNow',
  'recordAcknowledgement',
  'prosecutorDecision',
  'chooseTrack',
  'chooseTrackB',
  'parentDecision',
  'mppInterviews',
  'formalInterviews',
  'meetTargetAgain',
  'decideMeasures',
  // Each reason a closure may be refused for is also something to do.
  ...CLOSURE_CODES,
] as const;
export type RequiredAction = (typeof REQUIRED_ACTIONS)[number];

/** What the protocol still requires before the case can move on (i18n keys `action.<id>`). */
export function requiredActions(snapshot: CaseSnapshot): RequiredAction[] {
  const ctx = snapshot.context;
  const step = stepOf(snapshot);
  const out: RequiredAction[] = [];
  const push = (cond: boolean, id: RequiredAction) => cond && out.push(id);
  push(step !== 'detected' && step !== 'closed' && !ctx.headInformed, 'informLeadAndHead');
  // A copy of an intimate image of a minor is deleted first, whatever the step.
  push(intimateCopies(ctx).length > 0, 'deleteIntimateCopy');
  const trackToChoose = isTrackBOnly(ctx) || trackANeedsHead(ctx).length > 0 ? 'chooseTrackB' : 'chooseTrack';
  switch (step) {
    case 'detected':
      out.push('recordReport');
      break;
    case 'intake':
      push(!ctx.parties.some((p) => p.role === 'target'), 'addTarget');
      out.push('submitIntake');
      break;
    case 'triage':
      triageProblems(ctx).forEach((p) => out.push(p));
      break;
    case 'emergencyEscalation':
      push(!safetyConfirmedSinceYes(ctx), 'confirmSafety');
      push(authorityToCall(ctx).length > 0, 'callAuthorityNow');
      push(awaitingAuthority(ctx).length > 0, 'recordAcknowledgement');
      push(unansweredTriggers(ctx).length > 0, 'triggersUnanswered');
      push(!prosecutorDecided(ctx), 'prosecutorDecision');
      break;
    case 'assessment':
      out.push(trackToChoose);
      break;
    case 'supportAndIntervention':
      push(!ctx.track, trackToChoose);
      push(familiesToDecide(ctx).some((p) => familyStatus(ctx, p.id) === 'notNotified'), 'parentDecision');
      push(!!ctx.track && !trackBegun(ctx), ctx.track === 'A' ? 'mppInterviews' : 'formalInterviews');
      break;
    case 'followUp':
      push(ctx.followUps.filter((f) => f.seq > (ctx.reopenings.at(-1)?.seq ?? -1)).length === 0, 'meetTargetAgain');
      break;
    case 'escalatedTrackB':
      push(!ctx.interviews.some((i) => i.kind === 'formal' && i.seq >= (ctx.trackHistory.at(-1)?.seq ?? -1)), 'formalInterviews');
      push(ctx.measures.length === 0, 'decideMeasures');
      break;
    case 'monitoring':
      closureBlockers(ctx, 'RESOLVED', ctx.monitoringFrom?.at ?? '').forEach((b) => b.code !== 'monitoringWindowOpen' && out.push(b.code));
      break;
    case 'conflictHandling':
      closureBlockers(ctx, 'NOT_BULLYING', '').forEach((b) => out.push(b.code));
      break;
    case 'closed':
      break;
  }
  push(step !== 'closed' && needsProsecutorDecision(ctx) && !prosecutorDecided(ctx) && step !== 'emergencyEscalation', 'prosecutorDecision');
  return [...new Set(out)];
}

/** Channels to use now, most urgent first (health first with a child in danger). */
export function channelsNow(snapshot: CaseSnapshot): ChannelDef[] {
  const ctx = snapshot.context;
  return channelsFor({ triggers: hardTriggers(ctx), categories: ctx.categories, level: ctx.level });
}

export function checklistOf(snapshot: CaseSnapshot) {
  const def = stepDef(stepOf(snapshot));
  return { todo: def.todo, never: def.never };
}
