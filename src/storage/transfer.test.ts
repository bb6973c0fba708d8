import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { assert as fcAssert, asyncProperty, boolean, integer, record } from 'fast-check';
import { DEFAULT_CALENDAR } from '../../protocol/calendar';
import { appendEvent, createCase, loadCase, verifyChain } from './case-repository';
import { keysFromMaster, randomBytes } from './crypto';
import type { VaultKeys } from './crypto';
import { openDb } from './db';
import type { SanadDb } from './db';
import { TransferError, exportCase, importCase, openTransfer } from './transfer';

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
    expect(await importCase(b.db, b.keys, text, code, cal)).toMatchObject({ caseId: 'c1', added: 20 });
    expect(await state(b)).toEqual(await state(a));
    expect(await importCase(b.db, b.keys, text, code, cal)).toMatchObject({ caseId: 'c1', added: 0 });
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

  it('two devices that each added notes hold the same events once they exchange the case, each appended after what was there, marked with its sender', async () => {
    const a = await device();
    const b = await device();
    await createCase(a.db, a.keys, 'c1', log.slice(0, 5), cal);
    const start = await exportCase(a.db, a.keys, 'c1', NOW);
    await importCase(b.db, b.keys, start.text, start.code, cal);
    await appendEvent(a.db, a.keys, 'c1', { type: 'note.add', at: '2026-11-02T09:00:00Z', by: 'A', text: 'from A' }, cal);
    await appendEvent(b.db, b.keys, 'c1', { type: 'note.add', at: '2026-11-02T09:05:00Z', by: 'B', text: 'from B' }, cal);
    const fromA = await exportCase(a.db, a.keys, 'c1', NOW);
    const fromB = await exportCase(b.db, b.keys, 'c1', NOW);
    const beforeA = await a.db.events.where('caseId').equals('c1').sortBy('seq');
    await importCase(a.db, a.keys, fromB.text, fromB.code, cal);
    await importCase(b.db, b.keys, fromA.text, fromA.code, cal);
    // Nothing already recorded moves: A's rows are the same rows, the one new event comes after them.
    expect((await a.db.events.where('caseId').equals('c1').sortBy('seq')).slice(0, beforeA.length)).toEqual(beforeA);
    const [sa, sb] = [await state(a), await state(b)];
    expect(new Set(sa.ids)).toEqual(new Set(sb.ids));
    expect(sa.value).toEqual(sb.value);
    expect(sa.events.filter((e) => e.type === 'note.add').map((e) => e.by)).toEqual(['A', 'B']);
    expect(sb.events.filter((e) => e.type === 'note.add').map((e) => e.by)).toEqual(['B', 'A']);
    const received = (d: Device) => loadCase(d.db, d.keys, 'c1').then((c) => c.events.filter((e) => e.from).map((e) => [e.event.by, e.from]));
    expect(await received(a)).toEqual([['B', fromB.fingerprint]]);
    expect((await received(b)).at(-1)).toEqual(['A', fromA.fingerprint]);
    expect((await verifyChain(a.db, a.keys, 'c1')).ok).toBe(true);
    expect((await verifyChain(b.db, b.keys, 'c1')).ok).toBe(true);
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
    // The signature covers every field: a file edited after it was made is refused before the code is even tried.
    expect(await problemOf(importCase(b.db, b.keys, text.replace('"caseId":"c1"', '"caseId":"c2"'), code, cal))).toBe('badSignature');
    expect(await b.db.cases.count()).toBe(1);
    expect(await b.db.events.where('caseId').equals('c1').count()).toBe(0);
  });

  it('a file forged under a code of the attacker’s choosing shows the attacker’s fingerprint, not the colleague’s', async () => {
    const a = await device();
    const b = await device();
    await createCase(a.db, a.keys, 'c1', log.slice(0, 5), cal);
    const genuine = await exportCase(a.db, a.keys, 'c1', NOW);
    await importCase(b.db, b.keys, genuine.text, genuine.code, cal);
    // The attacker rebuilds the case on their own vault with a backdated note signed "Head teacher".
    const mallory = await device();
    await createCase(mallory.db, mallory.keys, 'c1', log.slice(0, 5), cal);
    await appendEvent(mallory.db, mallory.keys, 'c1', { type: 'note.add', at: log[4]!.at, by: 'Head teacher', text: 'no action needed' }, cal);
    const forged = await exportCase(mallory.db, mallory.keys, 'c1', NOW);
    const opened = await openTransfer(forged.text, forged.code);
    expect(opened.fingerprint).toBe(forged.fingerprint);
    expect(opened.fingerprint).not.toBe(genuine.fingerprint);
    // A's own file carries A's fingerprint, the one A's screen shows.
    expect((await openTransfer(genuine.text, genuine.code)).fingerprint).toBe(genuine.fingerprint);
  });

  it('a foreign event slipped into the local copy: the next import is refused and the chain is not rebuilt to hide it', async () => {
    const a = await device();
    const b = await device();
    await createCase(a.db, a.keys, 'c1', log.slice(0, 5), cal);
    const first = await exportCase(a.db, a.keys, 'c1', NOW);
    await importCase(b.db, b.keys, first.text, first.code, cal);
    // Someone with B's disk swaps in a row of another case of B, renumbered, and fixes the clear index.
    await createCase(b.db, b.keys, 'x', log.slice(0, 5), cal);
    const foreign = (await b.db.events.where('caseId').equals('x').sortBy('seq'))[4]!;
    await b.db.transaction('rw', b.db.events, async () => {
      await b.db.events.delete(['c1', 4]);
      await b.db.events.add({ ...foreign, id: 'slipped-in', caseId: 'c1', seq: 4 });
    });
    await appendEvent(a.db, a.keys, 'c1', log[5]!, cal);
    const second = await exportCase(a.db, a.keys, 'c1', NOW);
    expect(await problemOf(importCase(b.db, b.keys, second.text, second.code, cal))).toBe('altered');
    expect((await verifyChain(b.db, b.keys, 'c1')).ok).toBe(false);
    expect(await b.db.events.where('caseId').equals('c1').count()).toBe(5);
  });
});
