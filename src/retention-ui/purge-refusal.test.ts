import { describe, expect, it } from 'vitest';
import { PurgeRefused } from '../storage/purge';
import { StorageError } from '../storage/errors';
import { purgeProblem } from './purge-refusal';

describe('what the purge form says when nothing was purged', () => {
  it('names the rule that refused, with the holds', () => {
    expect(purgeProblem(new PurgeRefused('c', 'open'))).toEqual({ kind: 'open' });
    expect(purgeProblem(new PurgeRefused('c', 'notDue'))).toEqual({ kind: 'notDue' });
    const holds = [{ kind: 'referral', channel: 'police19' } as const, { kind: 'head', at: '2027-01-01T10:00:00Z', by: 'M. Alaoui', reason: 'Complaint filed' } as const];
    expect(purgeProblem(new PurgeRefused('c', 'held', holds))).toEqual({ kind: 'held', holds });
  });

  /** A refusal by a rule of the device's clock, as storage makes it (built by shape: the rule may be newer than this form). */
  const refusedBy = (rule: string, extra: Record<string, unknown> = {}) => {
    const refused = new PurgeRefused('c', 'open');
    Object.defineProperty(refused, 'rule', { value: rule });
    return Object.assign(refused, extra);
  };

  it('reads the rules of the device clock with the newest date the vault knows', () => {
    expect(purgeProblem(refusedBy('clockBehind', { newest: '2026-12-09' }))).toEqual({ kind: 'clockBehind', newest: '2026-12-09' });
    expect(purgeProblem(refusedBy('dateUnconfirmed', { newest: '2026-12-09' }))).toEqual({ kind: 'dateUnconfirmed', newest: '2026-12-09' });
    expect(purgeProblem(refusedBy('dateUnconfirmed', { newest: 'soon' }))).toEqual({ kind: 'dateUnconfirmed', newest: null });
  });

  it('names a rule it has no sentence for, as storage names it', () => {
    expect(purgeProblem(refusedBy('someNewRule'))).toMatchObject({ kind: 'rule', rule: 'someNewRule' });
  });

  it('tells an altered record, a case gone, a busy vault and anything else apart', () => {
    expect(purgeProblem(new StorageError('altered', 'x'))).toEqual({ kind: 'altered' });
    expect(purgeProblem(new StorageError('caseNotFound', 'x'))).toEqual({ kind: 'gone' });
    expect(purgeProblem(new StorageError('busy', 'x'))).toEqual({ kind: 'busy' });
    expect(purgeProblem(new StorageError('notAllowed', 'a purge needs who decided it'))).toEqual({ kind: 'failed' });
    expect(purgeProblem(new Error('boom'))).toEqual({ kind: 'failed' });
  });
});
