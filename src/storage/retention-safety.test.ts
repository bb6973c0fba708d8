import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scenarioEvents } from '../../tests/setup/scenario-events';
import type { CaseEvent } from '../../machines/events';
import { DEFAULT_CALENDAR } from '../../protocol/calendar';
import { holdLock, queuedLocks } from '../../tests/setup/queued-locks';
import { appendEvent, createCase, loadCase } from './case-repository';
import { keysFromMaster, randomBytes } from './crypto';
import type { VaultKeys } from './crypto';
import { listCases, openDb } from './db';
import type { SanadDb } from './db';
import { WRITER_LOCK } from './ledger';
import { PurgeRefused, purgeCase, readDeletionLog } from './purge';
import { listDue, placeHeadHold, readRetentionRecord, recordPrinted } from './retention-store';
import { appendReceived } from './sync-import';
import { setUpSync } from './sync-state';

/**
 * What an adversarial review of retention found and what now holds (docs/decisions/0021): changes of a case's
 * retention record never overwrite each other; a purge reads everything under the ledger it writes against; an
 * override never lifts an authority's hold; a legal-hold referral merged in after the closure holds the case;
 * with team sync on, nothing is purged (the team's copies would bring it back).
 */
const cal = DEFAULT_CALENDAR;
const scenario = scenarioEvents;
const REQ = { now: '2027-09-15T10:00:00Z', cal, confirmedDate: '2027-09-15', decidedBy: 'Head' };
let db: SanadDb;
let keys: VaultKeys;
let n = 0;
async function store(id: string, events: unknown[]) {
  await createCase(db, keys, id, events[0], cal);
  for (const e of events.slice(1)) await appendEvent(db, keys, id, e, cal);
}
const refusal = (p: Promise<unknown>) => p.then(() => null, (err: unknown) => (err instanceof PurgeRefused ? { rule: err.rule, holds: err.holds } : err));
beforeEach(async () => {
  db = openDb(`retention-safety-${n++}`);
  await db.open();
  keys = await keysFromMaster(randomBytes(32));
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await db.delete();
});

describe('changes of a retention record never overwrite each other', () => {
  const HOLD = { at: '2027-06-01T09:00:00Z', by: 'Head', reason: 'Police inquiry pending' };
  const PRINT = { kind: 'referral', on: '2027-06-01', lang: 'fr', redacted: false } as const;

  it('with Web Locks: a hold placed while a print is noted (two tabs, both waiting on another writer) both land, and the hold stops the purge', async () => {
    await store('c', scenario('shared-concern-resolved'));
    const locks = queuedLocks();
    vi.stubGlobal('navigator', { locks });
    const release = holdLock(locks, WRITER_LOCK);
    const hold = placeHeadHold(db, keys, 'c', HOLD);
    await locks.waitingFor(WRITER_LOCK);
    const print = recordPrinted(db, keys, 'c', PRINT);
    const second = recordPrinted(db, keys, 'c', { ...PRINT, kind: 'case' });
    release();
    await Promise.all([hold, print, second]);
    const record = await readRetentionRecord(db, keys, 'c');
    expect(record.headHolds).toEqual([HOLD]);
    expect(record.printed?.map((p) => p.kind).sort()).toEqual(['case', 'referral']);
    expect(await refusal(purgeCase(db, keys, 'c', REQ))).toEqual({ rule: 'held', holds: [{ kind: 'head', ...HOLD }] });
  });

  it('without Web Locks (older browsers): the same changes at once all land, the ledger check making the later ones read again', async () => {
    await store('c', scenario('shared-concern-resolved'));
    await Promise.all([placeHeadHold(db, keys, 'c', HOLD), recordPrinted(db, keys, 'c', PRINT), recordPrinted(db, keys, 'c', { ...PRINT, kind: 'parents' })]);
    const record = await readRetentionRecord(db, keys, 'c');
    expect(record.headHolds).toEqual([HOLD]);
    expect(record.printed).toHaveLength(2);
  });
});

describe('a purge reads everything under the ledger it writes against', () => {
  /** Runs `between` once, when the purge reads the index rows: after it read the record and the log. */
  function onceDuringPurge(between: () => Promise<unknown>) {
    const original = db.cases.toArray.bind(db.cases);
    let done = false;
    (db.cases as { toArray: unknown }).toArray = async () => {
      if (!done) {
        done = true;
        await between();
      }
      return original();
    };
  }

  it('a hold placed in the middle of a purge stops it (the purge reads again and finds it)', async () => {
    await store('c', scenario('shared-concern-resolved'));
    onceDuringPurge(() => placeHeadHold(db, keys, 'c', { at: '2027-09-15T09:59:00Z', by: 'Head', reason: 'Police inquiry opened today' }));
    expect(await refusal(purgeCase(db, keys, 'c', REQ))).toMatchObject({ rule: 'held' });
    expect((await listCases(db)).map((r) => r.id)).toEqual(['c']);
  });

  it('another purge landing in the middle of one keeps both entries in the deletion log (a restore re-applies both)', async () => {
    await store('a', scenario('shared-concern-resolved'));
    await store('b', scenario('conflict-only'));
    onceDuringPurge(() => purgeCase(db, keys, 'b', REQ));
    await purgeCase(db, keys, 'a', REQ);
    expect(await listCases(db)).toEqual([]);
    expect(await readDeletionLog(db, keys)).toHaveLength(2);
  });
});

describe('holds an override never lifts', () => {
  it('an acknowledged, unresolved referral to the police: refused with the hold, override or not', async () => {
    const events = scenario('shared-concern-resolved');
    const close = events.findIndex((e) => e.type === 'case.close');
    const before = events[close - 1]!;
    await store('c', [
      ...events.slice(0, close),
      { type: 'referral.make', at: before.at, by: before.by, referralId: 'r-police', channel: 'police19' },
      { type: 'referral.acknowledge', at: before.at, by: before.by, referralId: 'r-police', reference: 'PV 12' },
      ...events.slice(close),
    ]);
    const held = { rule: 'held', holds: [{ kind: 'referral', channel: 'police19' }] };
    expect(await refusal(purgeCase(db, keys, 'c', REQ))).toEqual(held);
    expect(await refusal(purgeCase(db, keys, 'c', { ...REQ, override: 'tidy up' }))).toEqual(held);
    expect((await listCases(db)).map((r) => r.id)).toEqual(['c']);
  });

  it('a referral to the police merged in after the closure (a departure the team has not settled) holds the case, and it is not listed to purge', async () => {
    await store('c', scenario('shared-concern-resolved'));
    const referral = { type: 'referral.make', at: '2026-12-10T09:00:00Z', by: 'Teacher B', referralId: 'r-b', channel: 'police19' } as unknown as CaseEvent;
    await appendReceived(db, keys, 'c', [{ caseId: 'c', eventId: 'ev-b-1', author: 'member-B', seq: 0, event: referral }], 'member-self', cal);
    const loaded = await loadCase(db, keys, 'c');
    expect(loaded.snapshot.context.step).toBe('closed');
    expect(loaded.departures.map((d) => d.eventType)).toEqual(['referral.make']);
    expect((await listDue(db, keys, REQ.now, cal)).due).toEqual([]);
    expect(await refusal(purgeCase(db, keys, 'c', { ...REQ, override: 'the referral was a mistake' }))).toEqual({ rule: 'held', holds: [{ kind: 'referral', channel: 'police19' }] });
  });
});

describe('team sync on', () => {
  it('nothing is purged: the rule "synced" (this device’s sync copy, the server and the other devices would bring the case back)', async () => {
    await store('c', scenario('shared-concern-resolved'));
    await setUpSync(db, keys, 'team-x', { founder: true });
    expect(await refusal(purgeCase(db, keys, 'c', REQ))).toEqual({ rule: 'synced', holds: [] });
    expect((await listCases(db)).map((r) => r.id)).toEqual(['c']);
  });
});
