import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { assert as fcAssert, asyncProperty, boolean, integer, record } from 'fast-check';
import { DEFAULT_CALENDAR } from '../../protocol/calendar';
import { appendEvent, createCase, loadCase, verifyChain } from './case-repository';
import { keysFromMaster, randomBytes } from './crypto';
import type { VaultKeys } from './crypto';
import { openDb } from './db';
import type { SanadDb } from './db';
import { TransferError, exportCase, importCase } from './transfer';

const log = (JSON.parse(readFileSync('protocol/scenarios/shared-concern-resolved.json', 'utf8')) as { steps: { event: Record<string, unknown> }[] }).steps.map((s) => s.event);
const cal = DEFAULT_CALENDAR;
const NOW = '2026-12-20T10:00:00.000Z';
let n = 0;

interface Device {
  db: SanadDb;
  keys: VaultKeys;
}
async function device(): Promise<Device> {
  const db = openDb(`transfer-${n++}`);
  await db.open();
  return { db, keys: await keysFromMaster(randomBytes(32)) };
}
const state = async (d: Device, id = 'c1') => {
  const c = await loadCase(d.db, d.keys, id);
  return { ids: c.events.map((e) => e.id), events: c.events.map((e) => e.event), value: c.snapshot.value };
};
const problemOf = (p: Promise<unknown>) => p.then(() => 'none', (e: unknown) => (e instanceof TransferError ? e.problem : `other: ${String(e)}`));

describe('case transfer', () => {
  it('a colleague imports the case; importing it again changes nothing', async () => {
    const a = await device();
    const b = await device();
    await createCase(a.db, a.keys, 'c1', log.slice(0, 5), cal);
    await appendEvent(a.db, a.keys, 'c1', log.slice(5, 20), cal);
    const { text, code } = await exportCase(a.db, a.keys, 'c1', NOW);
    expect(text).not.toMatch(/Salma|Nora|instagram\.com/);
    expect(await importCase(b.db, b.keys, text, code, cal)).toEqual({ caseId: 'c1', added: 20 });
    expect(await state(b)).toEqual(await state(a));
    expect(await importCase(b.db, b.keys, text, code, cal)).toEqual({ caseId: 'c1', added: 0 });
    expect(await state(b)).toEqual(await state(a));
    expect((await verifyChain(b.db, b.keys, 'c1')).ok).toBe(true);
  });

  it('40 generated pairs of exports (of the 1,860 cut points × repeat combinations, the extremes always among them), imported in either order and twice, give the same case', async () => {
    await fcAssert(
      asyncProperty(record({ i: integer({ min: 5, max: 34 }), j: integer({ min: 5, max: 35 }), twice: boolean() }), async ({ i, j, twice }) => {
        const a = await device();
        await createCase(a.db, a.keys, 'c1', log.slice(0, 5), cal);
        if (i > 5) await appendEvent(a.db, a.keys, 'c1', log.slice(5, i), cal);
        const first = await exportCase(a.db, a.keys, 'c1', NOW);
        if (j > i) await appendEvent(a.db, a.keys, 'c1', log.slice(i, j), cal);
        const second = await exportCase(a.db, a.keys, 'c1', NOW);
        const [b, c] = [await device(), await device()];
        for (const f of [first, second, ...(twice ? [first] : [])]) await importCase(b.db, b.keys, f.text, f.code, cal);
        for (const f of [second, first]) await importCase(c.db, c.keys, f.text, f.code, cal);
        expect(await state(b)).toEqual(await state(a));
        expect(await state(c)).toEqual(await state(a));
        await Promise.all([a.db.delete(), b.db.delete(), c.db.delete()]);
      }),
      { numRuns: 40, examples: [[{ i: 5, j: 5, twice: true }], [{ i: 5, j: 35, twice: true }], [{ i: 34, j: 35, twice: false }], [{ i: 34, j: 5, twice: true }]] },
    );
  }, 120_000);

  it('two devices that each added notes converge once they exchange the case', async () => {
    const a = await device();
    const b = await device();
    await createCase(a.db, a.keys, 'c1', log.slice(0, 5), cal);
    const start = await exportCase(a.db, a.keys, 'c1', NOW);
    await importCase(b.db, b.keys, start.text, start.code, cal);
    await appendEvent(a.db, a.keys, 'c1', { type: 'note.add', at: '2026-11-02T09:00:00Z', by: 'A', text: 'from A' }, cal);
    await appendEvent(b.db, b.keys, 'c1', { type: 'note.add', at: '2026-11-02T09:05:00Z', by: 'B', text: 'from B' }, cal);
    const fromA = await exportCase(a.db, a.keys, 'c1', NOW);
    const fromB = await exportCase(b.db, b.keys, 'c1', NOW);
    await importCase(a.db, a.keys, fromB.text, fromB.code, cal);
    await importCase(b.db, b.keys, fromA.text, fromA.code, cal);
    expect(await state(a)).toEqual(await state(b));
    expect((await state(a)).events.filter((e) => e.type === 'note.add').map((e) => e.by)).toEqual(['A', 'B']);
  });

  it('a wrong code, a damaged file or another format is refused and the device is unchanged', async () => {
    const a = await device();
    const b = await device();
    await createCase(a.db, a.keys, 'c1', log.slice(0, 5), cal);
    await createCase(b.db, b.keys, 'c2', log.slice(0, 5), cal);
    const { text, code } = await exportCase(a.db, a.keys, 'c1', NOW);
    const other = (await exportCase(a.db, a.keys, 'c1', NOW)).code;
    expect(await problemOf(importCase(b.db, b.keys, text, other, cal))).toBe('wrongCode');
    expect(await problemOf(importCase(b.db, b.keys, text.slice(0, 50), code, cal))).toBe('malformed');
    expect(await problemOf(importCase(b.db, b.keys, JSON.stringify({ format: 'x' }), code, cal))).toBe('notATransfer');
    expect(await problemOf(importCase(b.db, b.keys, text.replace('"caseId":"c1"', '"caseId":"c2"'), code, cal))).toBe('wrongCode');
    expect(await b.db.cases.count()).toBe(1);
    expect(await b.db.events.where('caseId').equals('c1').count()).toBe(0);
  });
});
