import { describe, expect, it } from 'vitest';
import { kit } from '../tests/setup/case-kit';
import { replay } from './replay';
import { retentionFactsOf } from './retention-facts';

const none = { headHolds: [] };

describe('the facts retention reads from a case', () => {
  it('an emergency case awaits the prosecutor decision and holds its open police referral until both are settled', () => {
    const k = kit();
    const toEmergency = [...k.intake(), k.e('trigger.answer', { trigger: 'T1', answer: 'yes' })];
    let facts = retentionFactsOf(replay(toEmergency).context, 'now', none);
    expect(facts).toMatchObject({ prosecutorDecisionPending: true, openLegalReferrals: [] });
    expect(facts.closedAt).toBeUndefined();

    const referred = [...toEmergency, k.e('referral.make', { referralId: 'r1', channel: 'police19' }), k.e('referral.make', { referralId: 'r2', channel: 'emcHelpline' })];
    facts = retentionFactsOf(replay(referred).context, 'now', none);
    // The helpline is not a legal channel: only the police referral holds the case.
    expect(facts.openLegalReferrals).toEqual(['police19']);

    const settled = [...referred, k.e('prosecutor.decide', { decision: 'report', reason: 'threat to life' }), k.e('referral.resolve', { referralId: 'r1', status: 'completed', outcome: 'case opened' })];
    facts = retentionFactsOf(replay(settled).context, 'now', none);
    expect(facts).toMatchObject({ prosecutorDecisionPending: false, openLegalReferrals: [] });
  });

  it('a closed case gives its closure time; reopened, it is open again; the head’s record passes through', () => {
    const k = kit();
    const log = [
      ...k.intake(),
      ...k.answers(),
      k.e('category.set', { codes: ['HAR'] }),
      k.e('severity.rate', { level: 0, rationale: 'one-off' }),
      k.e('triage.complete', { repeated: false, powerImbalance: false, harmful: false, likelyReshared: false }),
      k.e('parent.defer', { partyId: 'p1', reason: 'Conflict settled' }),
      k.e('parent.defer', { partyId: 'p2', reason: 'Conflict settled' }),
      k.e('closure.review', { whatWorked: 'talk' }),
      k.e('case.close', { reason: 'NOT_BULLYING' }),
    ];
    const closure = log[log.length - 1]!;
    const record = { headHolds: [{ at: closure.at, by: 'Head', reason: 'complaint announced' }], targetLeavesOn: '2028-06-30' };
    const facts = retentionFactsOf(replay(log).context, closure.at, record);
    expect(facts).toEqual({
      lastEventAt: closure.at,
      closedAt: closure.at,
      targetLeavesOn: '2028-06-30',
      openLegalReferrals: [],
      prosecutorDecisionPending: false,
      headHolds: record.headHolds,
    });
    const reopened = retentionFactsOf(replay([...log, k.e('case.reopen', { reason: 'relapse', note: 'again' })]).context, 'now', none);
    expect(reopened.closedAt).toBeUndefined();
  });
});
