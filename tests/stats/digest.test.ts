// The digest that registers each issued export (src/stats/issuance.ts), checked against an implementation it
// does not share: node:crypto's SHA-256 over canonical bytes rebuilt here, from the format's description.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Disclosed } from '../../src/stats/disclosure';
import { buildExport } from '../../src/stats/export';
import { exportCanonical, exportDigest } from '../../src/stats/issuance';
import { calendar, counted, period } from './generators';

type Published = Pick<Disclosed, 'cells' | 'merges' | 'withheldTables' | 'empty'>;

/**
 * The canonical text of sanad-stats/1, written out again: each cell as [dim1, val1, dim2, val2, value, flag,
 * percent or null], each merge as [dim, ...values], each withheld table as [reason, ...dims], then `empty`.
 */
function canonicalHere(d: Published): string {
  const cells = d.cells.map((c) => `[${[c.dim1, c.val1, c.dim2, c.val2, c.value, c.flag].map((s) => JSON.stringify(s)).join(',')},${c.percent === undefined ? 'null' : String(c.percent)}]`);
  const merges = d.merges.map((m) => `[${[m.dim, ...m.values].map((s) => JSON.stringify(s)).join(',')}]`);
  const tables = d.withheldTables.map((t) => `[${[t.reason, ...t.dims].map((s) => JSON.stringify(s)).join(',')}]`);
  return `{"cells":[${cells.join(',')}],"merges":[${merges.join(',')}],"withheldTables":[${tables.join(',')}],"empty":${String(d.empty)}}`;
}
const nodeSha256 = (text: string) => createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');

const T1 = period('2026-2027-T1');
const base = { cycle: 'lowerSecondary', typologyGroup: 'verbalSocial', maxSeverity: '2', hardTrigger: 'no', track: 'A', outcome: 'open', referralChannel: 'none', daysToTriage: 'd0' };
const fact = (over: Partial<typeof base> = {}) => ({ reportedAt: '2026-11-10T09:00:00Z', values: { ...base, ...over } });
/** A known export: 34 cases of one term, lopsided enough to have rounded, "<10", zero and merged cells. */
const known = buildExport(
  counted(
    [
      ...Array.from({ length: 14 }, () => fact()),
      ...Array.from({ length: 8 }, () => fact({ track: 'B', typologyGroup: 'identityPrivacy', maxSeverity: '3' })),
      ...Array.from({ length: 7 }, () => fact({ cycle: 'upperSecondary', typologyGroup: 'sexual', maxSeverity: '4', hardTrigger: 'yes', referralChannel: 'childProtection' })),
      ...Array.from({ length: 5 }, () => fact({ cycle: 'primary', outcome: 'RESOLVED', daysToTriage: 'd2to5' })),
    ],
    T1,
  ),
  '2027-03-01T10:00:00Z',
  calendar,
);

/** Exports issued before the digest moved to Web Crypto, with the digest they were registered under. */
const ISSUED_BEFORE: readonly { published: Published; digest: string }[] = [
  {
    published: { cells: [{ dim1: '', val1: '', dim2: '', val2: '', value: '15', flag: 'rounded' }], merges: [], withheldTables: [], empty: false },
    digest: '82733358eec220c41af56e6a05dc7502f51567b2d7c0be18b9622a4c61384a08',
  },
  {
    published: {
      cells: [
        { dim1: '', val1: '', dim2: '', val2: '', value: '25', flag: 'rounded' },
        { dim1: 'track', val1: 'A', dim2: '', val2: '', value: '15', flag: 'rounded', percent: 60 },
        { dim1: 'track', val1: 'B', dim2: '', val2: '', value: '<10', flag: 'suppressed' },
        { dim1: 'track', val1: 'none', dim2: '', val2: '', value: '0', flag: 'zero', percent: 0 },
        { dim1: 'cycle', val1: 'primary+lowerSecondary', dim2: 'typologyGroup', val2: 'sexual+threatsHate', value: '', flag: 'withheld' },
      ],
      merges: [{ dim: 'cycle', values: ['primary', 'lowerSecondary'] }],
      withheldTables: [{ dims: ['track', 'outcome'], reason: 'unprotectable' }],
      empty: false,
    },
    digest: '61182eae25892842002ccdbb23767fce1dbb4d8cafe072dfcf75d80e447c6b37',
  },
];

describe('the digest of an export (Web Crypto SHA-256)', () => {
  it('the known export has every kind of cell, so the canonical text is exercised whole', () => {
    const flags = new Set(known.cells.map((c) => c.flag));
    for (const f of ['rounded', 'suppressed', 'zero'] as const) expect(flags).toContain(f);
    expect(known.cells.some((c) => c.percent !== undefined)).toBe(true);
  });

  it('equals node:crypto’s SHA-256 over the canonical bytes rebuilt independently', async () => {
    expect(exportCanonical(known)).toBe(canonicalHere(known));
    expect(await exportDigest(known)).toBe(nodeSha256(canonicalHere(known)));
    // The same over an empty export and one withholding tables (every part of the canonical text).
    const empty = buildExport(counted([], T1), '2027-03-01T10:00:00Z', calendar);
    const few = buildExport(counted([fact(), fact()], T1), '2027-03-01T10:00:00Z', calendar);
    expect(few.withheldTables.length).toBeGreaterThan(0);
    for (const ex of [empty, few]) expect(await exportDigest(ex)).toBe(nodeSha256(canonicalHere(ex)));
  });

  it('is the digest exports issued earlier were registered under (their registers still verify)', async () => {
    for (const { published, digest } of ISSUED_BEFORE) {
      expect(nodeSha256(canonicalHere(published))).toBe(digest);
      expect(await exportDigest(published)).toBe(digest);
    }
  });

  it('does not depend on the generation time, and changes with any published figure', async () => {
    const later = { ...known, generatedAt: '2027-06-01T10:00:00.000Z' };
    expect(await exportDigest(later)).toBe(await exportDigest(known));
    const [first, ...rest] = known.cells;
    if (!first) throw new Error('no cell');
    expect(await exportDigest({ ...known, cells: [{ ...first, value: '40' }, ...rest] })).not.toBe(await exportDigest(known));
    expect(await exportDigest({ ...known, empty: true })).not.toBe(await exportDigest(known));
  });
});
