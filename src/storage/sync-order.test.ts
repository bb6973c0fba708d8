import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from '../../protocol/calendar';
import { kit } from '../../tests/setup/case-kit';
import type { SyncedEvent } from '../sync/sync-doc';
import { loadCase, verifyChain } from './case-repository';
import { keysFromMaster, randomBytes } from './crypto';
import { openDb } from './db';
import { StorageError } from './errors';
import { appendReceived } from './sync-import';
import { OWN, authorsOf, eventIdOf, logOrder, parseSyncFrom, syncFrom } from './sync-order';

const A = 'AAAA-AAAA-AAAA-AAAA';
const B = 'BBBB-BBBB-BBBB-BBBB';
const cal = DEFAULT_CALENDAR;

describe('the log order of a case on a device', () => {
  it('reads the author and counter of a synced row, and nothing else', () => {
    expect(parseSyncFrom(syncFrom(B, 12))).toEqual({ author: B, seq: 12 });
    expect(parseSyncFrom(syncFrom(B, 12, 'ev-1'))).toEqual({ author: B, seq: 12, eventId: 'ev-1' });
    expect(eventIdOf({ id: 'ev-1~c2~0', from: syncFrom(B, 12, 'ev-1') })).toBe('ev-1');
    for (const junk of [undefined, B, 'sync:', `sync:${B}`, `sync:${B}:-1`, `sync:${B}:1.5`, `sync:b:c:1`, `xsync:${B}:1`]) expect(parseSyncFrom(junk)).toBeNull();
  });

  it('counts this device’s rows and a transfer sender’s rows each in their own order', () => {
    expect(authorsOf([{}, { from: syncFrom(B, 0) }, {}, { from: 'TRAN-SFER-0000-0000' }, { from: syncFrom(B, 1) }, {}])).toEqual([
      { author: OWN, seq: 0 },
      { author: B, seq: 0 },
      { author: OWN, seq: 1 },
      { author: 'TRAN-SFER-0000-0000', seq: 0 },
      { author: B, seq: 1 },
      { author: OWN, seq: 2 },
    ]);
  });

  it('keeps row order while no row came by sync', () => {
    const k = kit();
    const late = k.e('note.add', { text: 'late' });
    const early = { ...k.e('note.add', { text: 'early' }), at: '2026-11-01T00:00:00.000Z' };
    const rows = [{ id: 'x', event: late }, { id: 'y', event: early }];
    expect(logOrder('c', rows).map((r) => r.id)).toEqual(['x', 'y']);
  });

  it('gives the same order on both devices, whichever labels its own rows and whatever the arrival order, ties at the same time included', () => {
    const k = kit();
    const base = k.intake();
    const at = k.tick();
    // Same instant on both devices: the tie is broken by event id, which both hold.
    const a1 = { ...k.e('note.add', { text: 'A' }), at };
    const b1 = { ...k.e('note.add', { text: 'B' }), at };
    const b2 = k.e('note.add', { text: 'B again' });
    // On A: its own rows (no `from`), then B's as they arrived.
    const onA = [...base.map((event, i) => ({ id: `a${i}`, event })), { id: 'zz-a', event: a1 }, { id: 'b1', event: b2, from: syncFrom(B, 1) }, { id: 'b0', event: b1, from: syncFrom(B, 0) }];
    // On B: A's report came first (a device holds a case from its report on: the first row bounds the order, so
    // nothing can be dated before it), B recorded its own rows, and A's last row arrived after them.
    const onB = [
      ...base.map((event, i) => ({ id: `a${i}`, event, from: syncFrom(A, i) })),
      { id: 'b0', event: b1 },
      { id: 'b1', event: b2 },
      { id: 'zz-a', event: a1, from: syncFrom(A, base.length) },
    ];
    const order = logOrder('c', onA).map((r) => r.id);
    expect(logOrder('c', onB).map((r) => r.id)).toEqual(order);
    expect(order.slice(-3)).toEqual(['b0', 'zz-a', 'b1']);
  });
});

describe('the floor of the log order', () => {
  it('places a synced event dated before the first row after the events dated then, never before the report', () => {
    const k = kit();
    const base = k.intake();
    const backdated = { ...k.e('case.close', { reason: 'INSUFFICIENT_INFO' }), at: '2020-01-01T00:00:00.000Z' };
    const rows = [...base.map((event, i) => ({ id: `a${i}`, event })), { id: '0-first-by-id', event: backdated, from: syncFrom(B, 0) }];
    const order = logOrder('c', rows).map((r) => r.id);
    expect(order[0]).toBe('a0');
    // Placed at the report's time, after the report (and whatever else is dated then), not before it.
    expect(order.indexOf('0-first-by-id')).toBe(base.filter((e) => e.at === base[0]!.at).length);
  });
});

describe('appending received events to the vault', () => {
  const received = (author: string, events: ReturnType<ReturnType<typeof kit>['intake']>, first = 0): SyncedEvent[] =>
    events.map((event, i) => ({ caseId: 'c1', eventId: `${author.slice(0, 1)}-${first + i}`, author, seq: first + i, event }));

  it('creates the case, keeps an event the protocol refuses, and a row whose author is changed no longer opens', async () => {
    const db = openDb('sync-order-vault');
    await db.open();
    const keys = await keysFromMaster(randomBytes(32));
    const k = kit();
    const intake = received(B, k.intake());
    expect(await appendReceived(db, keys, 'c1', intake, A, cal)).toEqual({ created: true, aliased: [] });
    // A closure before triage: refused by the protocol, kept as a departure of the replay.
    const early = received(B, [k.e('case.close', { reason: 'INSUFFICIENT_INFO' })], intake.length);
    expect(await appendReceived(db, keys, 'c1', early, A, cal)).toEqual({ created: false, aliased: [] });
    const loaded = await loadCase(db, keys, 'c1');
    expect(loaded.events.map((e) => e.id)).toEqual([...intake, ...early].map((e) => e.eventId));
    expect(loaded.departures).toMatchObject([{ eventType: 'case.close' }]);
    expect((await verifyChain(db, keys, 'c1')).ok).toBe(true);
    // The same events again: nothing written.
    const rows = await db.events.count();
    await appendReceived(db, keys, 'c1', intake, A, cal);
    expect(await db.events.count()).toBe(rows);
    // This device's own events never come in as received ones.
    await expect(appendReceived(db, keys, 'c1', received(A, [k.e('note.add', { text: 'x' })]), A, cal)).rejects.toBeInstanceOf(StorageError);

    // Someone with access to the IndexedDB files relabels an event as another device's: it no longer opens.
    const row = (await db.events.where('caseId').equals('c1').sortBy('seq'))[2]!;
    await db.events.put({ ...row, from: syncFrom(A, 0) });
    await expect(loadCase(db, keys, 'c1')).rejects.toMatchObject({ problem: 'altered' });
    await db.delete();
  });
});
