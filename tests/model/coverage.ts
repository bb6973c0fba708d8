import type { CaseContext } from '../../machines/case-context';
import type { CaseEvent } from '../../machines/events';

/**
 * For rule 12 ("updates the protocol allows are accepted"), a valid record of each kind for a case as it stands:
 * the records that must come first (an item before its update) and then the record itself. Used at a state of
 * every step, for the event types the walks did not see accepted there.
 */
const TRIGGERS = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7'];

export function recordOf(type: string, ctx: CaseContext, at: string): CaseEvent[] {
  const by = 'Model';
  const n = ctx.events;
  const e = (t: string, payload: Record<string, unknown> = {}) => ({ type: t, at, by, ...payload }) as unknown as CaseEvent;
  const item = `ev${n}`;
  const ref = `rf${n}`;
  const witness = `pw${n}`;
  const child = () => e('party.add', { partyId: witness, role: 'witness', pseudonym: 'W', actorKind: 'student' });
  const answered = Object.entries(ctx.triggers).find(([, r]) => r?.answer === 'no')?.[0] ?? 'T6';
  const hasYes = Object.values(ctx.triggers).some((r) => r?.answer === 'yes');
  switch (type) {
    case 'party.add':
      return [child()];
    case 'party.update':
      return ctx.parties[0] ? [e('party.update', { partyId: ctx.parties[0].id, className: '2AC-1' })] : [child(), e('party.update', { partyId: witness, className: '2AC-1' })];
    case 'lead.inform':
      return [e('lead.inform', { informed: 'both' })];
    case 'evidence.add':
      return [e('evidence.add', { evidenceId: item, kind: 'description', description: 'd', isIntimateImageOfMinor: false })];
    case 'evidence.update':
    case 'evidence.preserve':
    case 'evidence.dispose': {
      const add = e('evidence.add', { evidenceId: item, kind: 'description', description: 'd', isIntimateImageOfMinor: false });
      const payload = type === 'evidence.update' ? { description: 'corrected' } : type === 'evidence.dispose' ? { disposition: 'deleted' } : {};
      return [add, e(type, { evidenceId: item, ...payload })];
    }
    case 'evidence.share':
    case 'evidence.retain': {
      const add = e('evidence.add', { evidenceId: item, kind: 'description', description: 'd', isIntimateImageOfMinor: false });
      const payload = type === 'evidence.share' ? { channel: 'police19' } : { reason: 'file' };
      return [add, e('evidence.preserve', { evidenceId: item }), e(type, { evidenceId: item, ...payload })];
    }
    case 'referral.make':
      return [e('referral.make', { referralId: ref, channel: 'listeningCell' })];
    case 'referral.acknowledge':
    case 'referral.resolve':
      return [e('referral.make', { referralId: ref, channel: 'listeningCell' }), e(type, { referralId: ref, ...(type === 'referral.resolve' ? { status: 'completed' } : {}) })];
    case 'parent.notify':
      return [child(), e('parent.notify', { partyId: witness, means: 'phone' })];
    case 'parent.defer':
      return [child(), e('parent.defer', { partyId: witness, reason: 'r', decidedBy: 'Head' })];
    case 'parent.update':
    case 'parent.shareOutcome':
      return [child(), e('parent.notify', { partyId: witness, means: 'phone' }), e(type, { partyId: witness, ...(type === 'parent.update' ? { note: 'news' } : {}) })];
    case 'prosecutor.decide':
      return [e(type, { decision: 'report', reason: 'r' })];
    case 'support.record':
      return [e(type, { note: 'n' })];
    case 'closure.review':
      return [e(type, { whatWorked: 'w' })];
    case 'note.add':
      return [e(type, { text: 't' })];
    case 'safetyPlan.set':
      return [e(type, { measures: 'm' })];
    case 'trigger.answer':
      return [e(type, { trigger: answered, answer: 'no' })];
    case 'category.set':
      return [e(type, { codes: ctx.categories.length ? ctx.categories : ['HAR'] })];
    case 'severity.rate':
      return [e(type, { level: hasYes ? 4 : 2, rationale: 'r' })];
    case 'case.close': {
      // The paperwork closure asks for, then the closure, with a reason allowed at this step.
      const undecided = ctx.parties.filter((p) => (p.role === 'target' || p.role === 'allegedAuthor') && p.actorKind !== 'adult' && p.actorKind !== 'staff' && p.ageBand !== 'adult');
      return [
        // Danger ruled out first: an answer ("not yet known" is one) to every trigger, once triaged.
        ...(ctx.step === 'intake' ? [] : TRIGGERS.filter((t) => !ctx.triggers[t as keyof typeof ctx.triggers]).map((t) => e('trigger.answer', { trigger: t, answer: 'unknown' }))),
        e('closure.review', { whatWorked: 'w' }),
        e('prosecutor.decide', { decision: 'noReport', reason: 'r' }),
        ...undecided.filter((p) => !ctx.families.some((f) => f.partyId === p.id && f.status !== 'notNotified')).map((p) => e('parent.defer', { partyId: p.id, reason: 'r', decidedBy: 'Head' })),
        ...ctx.evidence.filter((x) => x.status !== 'disposed').map((x) => e('evidence.dispose', { evidenceId: x.id, disposition: 'deleted' })),
        ...ctx.referrals.filter((r) => r.status !== 'closed').map((r) => e('referral.resolve', { referralId: r.id, status: 'completed' })),
        e('case.close', { reason: ctx.step === 'intake' ? 'INSUFFICIENT_INFO' : 'TARGET_LEFT_SCHOOL' }),
      ];
    }
    default:
      return [];
  }
}
