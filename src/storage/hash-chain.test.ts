import { readFileSync } from 'node:fs';
import { assert as fcAssert, asyncProperty, integer, nat, record } from 'fast-check';
import type { CaseEvent } from '../../machines/events';
import { sealEvents, verifyChainRows } from './case-repository';
import { CHAIN_START, fromBase64, keysFromMaster, randomBytes, toBase64 } from './crypto';
import type { VaultKeys } from './crypto';
import type { EventRow } from './db';

/**
 * The keyed hash chain against every kind of tampering an attacker with the raw database could try:
 * editing a field, deleting, inserting (a copy, or a row of another case), reordering. Each generated
 * change must be reported, at or before the row it touched.
 */
const events = (JSON.parse(readFileSync('protocol/scenarios/shared-concern-resolved.json', 'utf8')) as { steps: { event: CaseEvent }[] }).steps.map((s) => s.event);
let keys: VaultKeys;
let rows: EventRow[];
let foreign: EventRow[];
let expected: { head: string; events: number };
const RUNS = 1000;

beforeAll(async () => {
  keys = await keysFromMaster(randomBytes(32));
  rows = await sealEvents(keys, 'c1', events, 0, CHAIN_START);
  foreign = await sealEvents(keys, 'c2', events, 0, CHAIN_START);
  expected = { head: rows.at(-1)!.chain!, events: rows.length };
});

const flip = (b64: string, at: number) => {
  const bytes = fromBase64(b64);
  const i = at % bytes.length;
  bytes[i] = bytes[i]! ^ (1 << at % 8);
  return toBase64(bytes);
};

type Tamper = (list: EventRow[], a: number, b: number) => { list: EventRow[]; touched: number };
const TAMPERS: Record<string, Tamper> = {
  editCiphertext: (l, a, b) => ({ list: l.map((r, i) => (i === a ? { ...r, sealed: { ...r.sealed!, ct: flip(r.sealed!.ct, b) } } : r)), touched: a }),
  editIv: (l, a, b) => ({ list: l.map((r, i) => (i === a ? { ...r, sealed: { ...r.sealed!, iv: flip(r.sealed!.iv, b) } } : r)), touched: a }),
  editTime: (l, a, b) => ({ list: l.map((r, i) => (i === a ? { ...r, at: new Date(Date.parse(r.at) + (b + 1) * 1000).toISOString() } : r)), touched: a }),
  editId: (l, a) => ({ list: l.map((r, i) => (i === a ? { ...r, id: crypto.randomUUID() } : r)), touched: a }),
  editLink: (l, a, b) => ({ list: l.map((r, i) => (i === a ? { ...r, chain: flip(r.chain!, b) } : r)), touched: a }),
  delete: (l, a) => ({ list: l.filter((_, i) => i !== a), touched: a }),
  deleteAndRenumber: (l, a) => ({ list: l.filter((_, i) => i !== a).map((r, i) => ({ ...r, seq: i })), touched: a }),
  // A copy of the row already at `a` is only noticed on the next one: the same row twice.
  insertCopy: (l, a, b) => ({ list: [...l.slice(0, a), { ...l[b % l.length]!, seq: a }, ...l.slice(a).map((r) => ({ ...r, seq: r.seq + 1 }))], touched: a + 1 }),
  insertForeign: (l, a, b) => ({ list: [...l.slice(0, a), { ...foreign[b % foreign.length]!, caseId: 'c1', seq: a }, ...l.slice(a).map((r) => ({ ...r, seq: r.seq + 1 }))], touched: a }),
  swap: (l, a, b) => {
    const j = a === b % l.length ? (a + 1) % l.length : b % l.length;
    const list = [...l];
    [list[a], list[j]] = [list[j]!, list[a]!];
    return { list: list.map((r, i) => ({ ...r, seq: i })), touched: Math.min(a, j) };
  },
};

describe('keyed hash chain', () => {
  it('verifies the untouched log', async () => {
    expect(await verifyChainRows(keys, rows, expected)).toMatchObject({ ok: true, events: rows.length });
  });

  it(`detects every generated edit, deletion, insertion and reorder (${RUNS} per kind), at or before the row touched`, async () => {
    const detected: Record<string, number> = {};
    for (const [kind, tamper] of Object.entries(TAMPERS)) {
      await fcAssert(
        asyncProperty(record({ a: nat({ max: 34 }), b: integer({ min: 0, max: 10_000 }) }), async ({ a, b }) => {
          const { list, touched } = tamper(rows, a, b);
          const report = await verifyChainRows(keys, list, expected);
          // The kind goes with the value so a failure names the tampering.
          expect({ kind, ok: report.ok, inTime: (report.brokenAt ?? Infinity) <= touched }).toEqual({ kind, ok: false, inTime: true });
          detected[kind] = (detected[kind] ?? 0) + 1;
        }),
        { numRuns: RUNS },
      );
    }
    expect(Object.values(detected).every((n) => n >= RUNS)).toBe(true);
  });
});
