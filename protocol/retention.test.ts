import { assert as fcAssert, boolean, constantFrom, integer, option, property, record } from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from './calendar';
import { backupToDestroy, checkPolicy, DEFAULT_RETENTION, draftExpired, draftExpiresAt, earliestDueFrom, retentionOf, schoolYearLastDayOf } from './retention';
import type { RetentionFacts, RetentionPolicy } from './retention';

// Every expected instant below is worked out by hand: Morocco's legal time is UTC+1, and UTC+0 from
// 2027-02-07T02:00Z to 2027-03-14T02:00Z (Ramadan), as the protocol's calendar states.
const cal = DEFAULT_CALENDAR;
const P = DEFAULT_RETENTION;
const base: RetentionFacts = { lastEventAt: '2026-12-10T09:00:00Z', openLegalReferrals: [], prosecutorDecisionPending: false, headHolds: [] };
const closed = (closedAt: string, more: Partial<RetentionFacts> = {}): RetentionFacts => ({ ...base, lastEventAt: closedAt, closedAt, ...more });

describe('retention of an open case', () => {
  it('is listed for review once 90 whole days pass without an event; in Ramadan the day ends at midnight UTC+0', () => {
    // Last event on 30 November 2026 (local); 90 days later is 28 February 2027, inside Ramadan 2027 (UTC+0).
    const facts = { ...base, lastEventAt: '2026-11-30T10:00:00Z' };
    expect(retentionOf(facts, P, cal, '2027-02-28T23:30:00Z')).toEqual({ kind: 'open', reviewFrom: '2027-03-01T00:00:00.000Z', reviewDue: false });
    expect(retentionOf(facts, P, cal, '2027-03-01T00:00:00Z')).toMatchObject({ kind: 'open', reviewDue: true });
  });

  it('is never purged, however long it stays quiet, and a hold changes nothing for it', () => {
    const r = retentionOf({ ...base, openLegalReferrals: ['police19'] }, P, cal, '2035-01-01T00:00:00Z');
    expect(r.kind).toBe('open');
  });

  it('the review period is the school’s: 30 days instead of 90', () => {
    const facts = { ...base, lastEventAt: '2026-11-30T10:00:00Z' };
    // 30 November + 30 days = 30 December 2026, local midnight at UTC+1.
    expect(retentionOf(facts, { ...P, openReviewDays: 30 }, cal, '2026-12-30T22:59:00Z')).toEqual({ kind: 'open', reviewFrom: '2026-12-30T23:00:00.000Z', reviewDue: false });
  });
});

describe('retention of a closed case', () => {
  it('is kept to the end of the school year it closed in (31 August), then due for purge', () => {
    const facts = closed('2026-12-10T09:00:00Z');
    expect(retentionOf(facts, P, cal, '2027-08-31T22:59:00Z')).toEqual({ kind: 'kept', purgeFrom: '2027-08-31T23:00:00.000Z', basis: 'schoolYear', targetLeavingKnown: false });
    expect(retentionOf(facts, P, cal, '2027-08-31T23:00:00Z').kind).toBe('purgeDue');
  });

  it('the school year of a closure is that of its local date: 31 August 23:30 and 1 September 00:30 fall in different years', () => {
    expect(retentionOf(closed('2027-08-31T22:30:00Z'), P, cal, '2027-08-31T22:45:00Z')).toMatchObject({ kind: 'kept', purgeFrom: '2027-08-31T23:00:00.000Z' });
    expect(retentionOf(closed('2027-08-31T23:30:00Z'), P, cal, '2027-09-01T08:00:00Z')).toMatchObject({ kind: 'kept', purgeFrom: '2028-08-31T23:00:00.000Z' });
  });

  it('is kept until the target leaves the school when that is later, never past the ceiling', () => {
    const closedAt = '2026-12-10T09:00:00Z';
    expect(retentionOf(closed(closedAt, { targetLeavesOn: '2028-06-30' }), P, cal, '2027-09-15T00:00:00Z')).toEqual({
      kind: 'kept',
      purgeFrom: '2028-06-30T23:00:00.000Z',
      basis: 'targetLeaves',
      targetLeavingKnown: true,
    });
    // Ceiling: the end of the third school year counted from 2026–2027, that is 31 August 2029.
    expect(retentionOf(closed(closedAt, { targetLeavesOn: '2031-06-30' }), P, cal, '2029-08-31T23:00:00Z')).toEqual({
      kind: 'purgeDue',
      purgeFrom: '2029-08-31T23:00:00.000Z',
      basis: 'ceiling',
      targetLeavingKnown: true,
    });
    // A target who already left (or leaves before the end of the year) changes nothing: the school year decides.
    expect(retentionOf(closed(closedAt, { targetLeavesOn: '2026-12-10' }), P, cal, '2027-01-01T00:00:00Z')).toMatchObject({ purgeFrom: '2027-08-31T23:00:00.000Z', basis: 'schoolYear' });
  });

  it('a school that keeps closed cases two school years, with its year ending on 15 July', () => {
    const policy: RetentionPolicy = { ...P, closedSchoolYears: 2, schoolYearLastDay: '07-15' };
    // Closed on 20 July 2027: after the 15 July turn, so in 2027–2028; two years: 15 July 2029.
    expect(retentionOf(closed('2027-07-20T09:00:00Z'), policy, cal, '2027-07-21T00:00:00Z')).toMatchObject({ purgeFrom: '2029-07-15T23:00:00.000Z' });
  });

  it('a legal hold overrides the purge and says which: an open police referral, a pending prosecutor decision, the head’s hold', () => {
    const late = '2031-01-01T00:00:00Z';
    const facts = closed('2026-12-10T09:00:00Z', {
      openLegalReferrals: ['police19'],
      prosecutorDecisionPending: true,
      headHolds: [
        { at: '2027-01-05T10:00:00Z', by: 'Head', reason: 'Parents announced a complaint' },
        { at: '2027-01-06T10:00:00Z', by: 'Head', reason: 'Lifted', liftedAt: '2027-02-01T10:00:00Z' },
      ],
    });
    expect(retentionOf(facts, P, cal, late)).toEqual({
      kind: 'held',
      holds: [
        { kind: 'referral', channel: 'police19' },
        { kind: 'prosecutorDecision' },
        { kind: 'head', at: '2027-01-05T10:00:00Z', by: 'Head', reason: 'Parents announced a complaint' },
      ],
      purgeFrom: '2027-08-31T23:00:00.000Z',
      basis: 'schoolYear',
      targetLeavingKnown: false,
    });
    // Every hold lifted: the purge is due at once, its date being long past.
    const lifted = { ...facts, openLegalReferrals: [], prosecutorDecisionPending: false, headHolds: facts.headHolds.map((h) => ({ ...h, liftedAt: '2030-01-01T00:00:00Z' })) };
    expect(retentionOf(lifted, P, cal, late).kind).toBe('purgeDue');
  });
});

describe('school years', () => {
  it('a date on or before the last day belongs to the year ending then; the day after, to the next', () => {
    expect(schoolYearLastDayOf('2027-08-31', '08-31')).toBe('2027-08-31');
    expect(schoolYearLastDayOf('2027-09-01', '08-31')).toBe('2028-08-31');
    expect(schoolYearLastDayOf('2027-01-01', '08-31')).toBe('2027-08-31');
  });
});

describe('drafts and backups', () => {
  it('a draft goes 30 days after it was saved', () => {
    expect(draftExpiresAt('2026-11-02T08:00:00Z', P)).toBe('2026-12-02T08:00:00.000Z');
    expect(draftExpired('2026-11-02T08:00:00Z', P, '2026-12-02T07:59:59.999Z')).toBe(false);
    expect(draftExpired('2026-11-02T08:00:00Z', P, '2026-12-02T08:00:00.000Z')).toBe(true);
  });

  it('an old backup is to be destroyed only once a newer checked backup exists', () => {
    const old = { madeAt: '2026-09-01T10:00:00Z', verified: true };
    const newerUnchecked = { madeAt: '2026-12-01T10:00:00Z', verified: false };
    const newerChecked = { madeAt: '2026-12-01T11:00:00Z', verified: true };
    const now = '2026-12-15T00:00:00Z';
    expect(backupToDestroy(old, [old, newerUnchecked], 0, P, now)).toBe(false);
    expect(backupToDestroy(old, [old, newerUnchecked, newerChecked], 0, P, now)).toBe(true);
    // 14 days old, no purge since: kept; a case purged since it was made: to destroy now.
    expect(backupToDestroy(newerUnchecked, [old, newerUnchecked, newerChecked], 0, P, now)).toBe(false);
    expect(backupToDestroy(newerUnchecked, [old, newerUnchecked, newerChecked], 1, P, now)).toBe(true);
    // The newest checked backup is never to destroy, even with purges since.
    expect(backupToDestroy(newerChecked, [old, newerUnchecked, newerChecked], 3, P, now)).toBe(false);
  });
});

describe('a policy the head types in', () => {
  it('the defaults may be saved', () => {
    expect(checkPolicy(P)).toEqual([]);
  });

  it('refuses periods out of bounds, a ceiling below the kept years, and a last day that is not in the calendar', () => {
    expect(checkPolicy({ ...P, openReviewDays: 0, draftDays: 2.5, summaryYears: 0 }).map((p) => [p.field, p.key, p.min, p.max])).toEqual([
      ['openReviewDays', 'retention.problem.range', 14, 365],
      ['draftDays', 'retention.problem.range', 1, 90],
      ['summaryYears', 'retention.problem.range', 1, 10],
    ]);
    expect(checkPolicy({ ...P, closedSchoolYears: 3, ceilingSchoolYears: 2 }).map((p) => p.key)).toEqual(['retention.problem.ceiling']);
    for (const day of ['04-31', '02-29', '13-01', '8-31', '']) {
      expect(checkPolicy({ ...P, schoolYearLastDay: day }).map((p) => p.field)).toEqual(['schoolYearLastDay']);
    }
    expect(checkPolicy({ ...P, schoolYearLastDay: '06-30', summaryYears: 5 })).toEqual([]);
  });
});

describe('the earliest a case can be due, from its opening and latest event alone', () => {
  it('worked by hand: a case opened 10 December 2026 cannot be due for purge before the end of 31 August 2027 (local), nor for review before the end of the 90th day after its last event (10 March 2027, in Ramadan: UTC+0)', () => {
    expect(earliestDueFrom({ closed: true, openedAt: '2026-12-10T09:00:00Z', lastEventAt: '2027-03-01T09:00:00Z' }, P, cal)).toBe('2027-08-31T23:00:00.000Z');
    expect(earliestDueFrom({ closed: false, openedAt: '2026-12-10T09:00:00Z', lastEventAt: '2026-12-10T09:00:00Z' }, P, cal)).toBe('2027-03-11T00:00:00.000Z');
  });

  // A list that opens only the cases whose bound has passed must miss none that the rules say are due.
  it('is never after the instant the rules make a case due, over generated cases, policies and clocks', () => {
    const DAY = 86_400_000;
    const start = Date.parse('2025-09-01T00:00:00Z');
    const instant = (days: number, minutes: number) => new Date(start + days * DAY + minutes * 60_000).toISOString();
    const policy = record({ openReviewDays: integer({ min: 30, max: 365 }), closedSchoolYears: integer({ min: 1, max: 3 }), extra: integer({ min: 0, max: 3 }), lastDay: constantFrom('06-30', '07-15', '08-31') }).map(
      (p): RetentionPolicy => ({ ...P, openReviewDays: p.openReviewDays, closedSchoolYears: p.closedSchoolYears, ceilingSchoolYears: p.closedSchoolYears + p.extra, schoolYearLastDay: p.lastDay }),
    );
    let dueSeen = 0;
    fcAssert(
      property(
        policy,
        integer({ min: 0, max: 900 }),
        integer({ min: 0, max: 400 }),
        integer({ min: 0, max: 200 }),
        integer({ min: 0, max: 1439 }),
        option(integer({ min: -100, max: 1500 })),
        boolean(),
        integer({ min: 0, max: 2500 }),
        (pol, opened, toClosure, afterClosure, minute, leaves, isClosed, nowDays) => {
          const openedAt = instant(opened, minute);
          const closedAt = instant(opened + toClosure, minute);
          const lastEventAt = isClosed ? instant(opened + toClosure + afterClosure, minute) : closedAt;
          const facts: RetentionFacts = {
            ...base,
            lastEventAt,
            ...(isClosed ? { closedAt } : {}),
            ...(leaves !== null ? { targetLeavesOn: instant(opened + leaves, 0).slice(0, 10) } : {}),
          };
          const bound = Date.parse(earliestDueFrom({ closed: isClosed, openedAt, lastEventAt }, pol, cal));
          return [instant(nowDays, minute), instant(nowDays, 0)].every((now) => {
            const r = retentionOf(facts, pol, cal, now);
            const due = r.kind === 'purgeDue' || (r.kind === 'open' && r.reviewDue);
            if (due) dueSeen++;
            return !due || Date.parse(now) >= bound;
          });
        },
      ),
      { numRuns: 2000 },
    );
    // The property was not vacuous: many generated cases were due.
    expect(dueSeen).toBeGreaterThan(500);
  });
});
