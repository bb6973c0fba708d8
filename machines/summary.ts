import type { SchoolCalendar } from '../protocol/calendar';
import { TRIGGER_IDS } from '../protocol/triggers';
import { PROTOCOL_VERSION } from '../protocol/version';
import { CASE_MACHINE_VERSION } from './case-machine';
import { hardTriggers } from './facts';
import { channelsNow, checklistOf, dueItems, eventTypesHere, requiredActions } from './guidance';
import type { CaseSnapshot } from './replay';
import { stepOf } from './replay';

/** A case at an instant, as plain JSON: what the CLI prints and what lists and PDFs start from. No real names. */
export function summarizeCase(snapshot: CaseSnapshot, at: string, cal: SchoolCalendar) {
  const ctx = snapshot.context;
  const due = dueItems(snapshot, at, cal);
  return {
    protocolVersion: PROTOCOL_VERSION,
    machineVersion: CASE_MACHINE_VERSION,
    at,
    state: stepOf(snapshot),
    step: stepOf(snapshot),
    severity: ctx.level ?? null,
    triggers: Object.fromEntries(TRIGGER_IDS.map((t) => [t, ctx.triggers[t]?.answer ?? null])),
    hardTriggers: hardTriggers(ctx),
    categories: ctx.categories,
    track: ctx.track ?? null,
    parties: ctx.parties.map((p) => ({
      id: p.id,
      role: p.role,
      pseudonym: p.pseudonym,
      ...(p.className ? { className: p.className } : {}),
      ...(p.ageBand ? { ageBand: p.ageBand } : {}),
      ...(p.actorKind ? { actorKind: p.actorKind } : {}),
    })),
    due: due.filter((d) => !d.overdue),
    overdue: due.filter((d) => d.overdue),
    accepts: eventTypesHere(snapshot),
    requiredActions: requiredActions(snapshot),
    checklist: checklistOf(snapshot),
    channels: channelsNow(snapshot).map((c) => ({ id: c.id, urgent: c.urgent, contacts: c.contacts })),
    closure: ctx.closure ? { reason: ctx.closure.reason, at: ctx.closure.at } : null,
  };
}
