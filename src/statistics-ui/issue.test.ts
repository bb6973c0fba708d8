import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHOOL_CALENDAR } from '../../protocol/calendar';
import type { Disclosed } from '../stats/disclosure';
import { parsePeriod } from '../stats/period';
import type { Period } from '../stats/period';
import { issueExport } from './issue';

const period = (id: string): Period => {
  const p = parsePeriod(id, DEFAULT_SCHOOL_CALENDAR);
  if (!p.ok) throw new Error(id);
  return p.period;
};
// Two exports of one period that differ in one published cell: what a late case would change.
const cells = (value: string): Pick<Disclosed, 'cells' | 'merges' | 'withheldTables' | 'empty'> => ({
  cells: [{ dim1: '', val1: '', dim2: '', val2: '', value, flag: 'rounded' }] as Disclosed['cells'],
  merges: [],
  withheldTables: [],
  empty: false,
});

describe('the app’s register of issued exports', () => {
  it('issues a period once, again with the same figures, and refuses it with other figures or overlapping', async () => {
    const t1 = period('2026-2027-T1');
    const first = await issueExport([], cells('15'), t1, 'school-a', 'fr');
    if (!first.ok) throw new Error(first.message);
    expect(first.register.map((p) => [p.school, p.id])).toEqual([['school-a', '2026-2027-T1']]);

    const same = await issueExport(first.register, cells('15'), t1, 'school-a', 'fr');
    expect(same.ok && same.register).toHaveLength(1);

    const changed = await issueExport(first.register, cells('20'), t1, 'school-a', 'fr');
    expect(changed).toEqual({ ok: false, code: 'changed', message: expect.stringContaining('2026-2027-T1 a déjà été émise avec d’autres chiffres') });
    // The school says it is a correction: it replaces the earlier entry.
    const corrected = await issueExport(first.register, cells('20'), t1, 'school-a', 'fr', { correction: true });
    expect(corrected.ok && corrected.correction).toBe(true);
    expect(corrected.ok && corrected.register).toHaveLength(1);
    expect(corrected.ok && corrected.register[0]!.digest).not.toBe(first.register[0]!.digest);

    const year = await issueExport(first.register, cells('30'), period('2026-2027'), 'school-a', 'ar');
    expect(year.ok).toBe(false);
    expect(!year.ok && year.message).toContain('تتداخل مع 2026-2027-T1');

    // Another school's register entry does not bind this one.
    expect((await issueExport(first.register, cells('20'), t1, 'school-b', 'en')).ok).toBe(true);
  });
});
