import { channelsFor } from '../protocol/channels';
import type { ChannelDef } from '../protocol/channels';
import { DEADLINES, PLATFORM_TAKEDOWN } from '../protocol/deadlines';
import { addDuration } from '../protocol/calendar';
import type { SchoolCalendar } from '../protocol/calendar';
import { stepDef } from '../protocol/steps';
import type { StepId } from '../protocol/steps';
import type { CaseEventType } from './events';
import { caseMachine } from './case-machine';
import { authorityAcknowledged, canStartFollowUp, closureBlockers, hardTriggers, isMppAllowed, triageProblems } from './case-rules';
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
  const step = stepOf(snapshot) as StepId;
  const ctx = snapshot.context;
  const now = Date.parse(at);
  const out: DueItem[] = [];
  for (const d of DEADLINES) {
    const clock = ctx.clocks[d.id];
    if (!clock || clock.satisfiedAt || !d.activeIn.includes(step)) continue;
    const dueAt = addDuration(clock.startedAt, d.duration, cal);
    out.push({ id: d.id, kind: d.kind, dueAt, overdue: now > Date.parse(dueAt), textKey: d.textKey });
  }
  if (step !== 'closed') {
    for (const r of ctx.referrals) {
      if (!PLATFORM_TAKEDOWN.channels.includes(r.channel) || r.machine.value === 'closed') continue;
      const dueAt = addDuration(r.at, PLATFORM_TAKEDOWN.duration, cal);
      out.push({ id: PLATFORM_TAKEDOWN.id, kind: 'limit', dueAt, overdue: now > Date.parse(dueAt), textKey: PLATFORM_TAKEDOWN.textKey, referralId: r.id });
    }
  }
  return out.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

/** Event types the current step has a transition for (their guards may still refuse a given payload). */
export function eventTypesHere(snapshot: CaseSnapshot): CaseEventType[] {
  const node = caseMachine.getStateNodeById(`case.${stepOf(snapshot)}`);
  return Object.keys(node.on).filter((k): k is CaseEventType => !k.startsWith('xstate.')).sort();
}

/** Ids (i18n keys `action.<id>`) of what the protocol still requires before the case can move on. */
export function requiredActions(snapshot: CaseSnapshot): string[] {
  const ctx = snapshot.context;
  const step = stepOf(snapshot) as StepId;
  const out: string[] = [];
  const push = (cond: boolean, id: string) => cond && out.push(id);
  push(step !== 'detected' && step !== 'closed' && !ctx.leadInformed, 'informLeadAndHead');
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
      push(ctx.referrals.length === 0, 'callAuthorityNow');
      push(!authorityAcknowledged(ctx), 'recordAcknowledgement');
      push(!ctx.emergency?.safetyConfirmed, 'confirmSafety');
      push(!ctx.prosecutorDecision, 'prosecutorDecision');
      break;
    case 'assessment':
      out.push(isMppAllowed(ctx) ? 'chooseTrack' : 'chooseTrackB');
      break;
    case 'supportAndIntervention':
      push(!ctx.track, isMppAllowed(ctx) ? 'chooseTrack' : 'chooseTrackB');
      push(ctx.parentNotice.machine.value === 'notNotified', 'parentDecision');
      push(!!ctx.track && !canStartFollowUp(ctx), ctx.track === 'A' ? 'mppInterviews' : 'formalInterviews');
      break;
    case 'followUp':
      push(ctx.followUps.length === 0, 'meetTargetAgain');
      break;
    case 'escalatedTrackB':
      push(!ctx.interviews.some((i) => i.kind === 'formal'), 'formalInterviews');
      push(ctx.measures.length === 0, 'decideMeasures');
      break;
    case 'monitoring':
      closureBlockers(ctx, step, 'RESOLVED').forEach((b) => out.push(b));
      break;
    case 'conflictHandling':
      closureBlockers(ctx, step, 'NOT_BULLYING').forEach((b) => out.push(b));
      break;
    case 'closed':
      break;
  }
  return [...new Set(out)];
}

/** Channels to use now, most urgent first. */
export function channelsNow(snapshot: CaseSnapshot): ChannelDef[] {
  const ctx = snapshot.context;
  return channelsFor({ triggers: hardTriggers(ctx), categories: ctx.categories, level: ctx.level });
}

export function checklistOf(snapshot: CaseSnapshot) {
  const def = stepDef(stepOf(snapshot) as StepId);
  return { todo: def.todo, never: def.never };
}
