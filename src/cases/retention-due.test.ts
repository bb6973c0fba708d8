import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from '../../protocol/calendar';
import { endOfLocalDay } from '../../protocol/calendar';
import { dueItems, dueReason, lastKeptDay } from './retention-due';

const cal = DEFAULT_CALENDAR;

describe('what home says is due for retention', () => {
  it('says how long an open case has been quiet', () => {
    expect(dueReason({ caseId: 'a', due: 'review', retention: { kind: 'open', reviewFrom: '2027-01-31T22:59:59.999Z', reviewDue: true } }, 90, cal)).toEqual({
      key: 'home.retention.review',
      vars: { days: 90 },
    });
  });

  it.each(['schoolYear', 'targetLeaves', 'ceiling'] as const)('gives the basis and last kept day of a purge (%s)', (basis) => {
    const reason = dueReason({ caseId: 'a', due: 'purge', retention: { kind: 'purgeDue', purgeFrom: '2027-08-31T22:59:59.999Z', basis, targetLeavingKnown: false } }, 90, cal);
    expect(reason).toEqual({ key: `home.retention.purge.${basis}`, vars: { date: '2027-08-31' } });
  });

  it('names the last day kept, not the first day of the purge, from the midnight that ends it', () => {
    const purgeFrom = endOfLocalDay('2027-08-31', cal);
    expect(lastKeptDay(purgeFrom, cal)).toBe('2027-08-31');
    const reason = dueReason({ caseId: 'a', due: 'purge', retention: { kind: 'purgeDue', purgeFrom, basis: 'schoolYear', targetLeavingKnown: false } }, 90, cal);
    expect(reason.vars).toEqual({ date: '2027-08-31' });
  });

  it('lists purges first, then reviews, then records that cannot be read', () => {
    const items = dueItems(
      {
        due: [
          { caseId: 'a', due: 'review', retention: { kind: 'open', reviewFrom: '2027-01-31T22:59:59.999Z', reviewDue: true } },
          { caseId: 'b', due: 'purge', retention: { kind: 'purgeDue', purgeFrom: '2027-08-31T22:59:59.999Z', basis: 'schoolYear', targetLeavingKnown: false } },
        ],
        unreadable: ['c'],
      },
      90,
      cal,
    );
    expect(items.map((i) => [i.caseId, i.due, i.reason.key])).toEqual([
      ['b', 'purge', 'home.retention.purge.schoolYear'],
      ['a', 'review', 'home.retention.review'],
      ['c', 'unreadable', 'home.retention.unreadable'],
    ]);
  });
});
