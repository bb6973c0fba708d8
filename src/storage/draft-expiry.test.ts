import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION } from '../../protocol/retention';
import { keysFromMaster, randomBytes } from './crypto';
import type { VaultKeys } from './crypto';
import { openDb } from './db';
import type { SanadDb } from './db';
import { REPORT_DRAFT_KEY } from './setting-keys';
import { expireDrafts } from './draft-expiry';
import { LOCK_DRAFT_KEY } from './purge';
import { readSetting, writeSetting } from './settings';

let db: SanadDb;
let keys: VaultKeys;
let n = 0;
beforeEach(async () => {
  db = openDb(`sanad-drafts-${n++}`);
  await db.open();
  keys = await keysFromMaster(randomBytes(32));
});
afterEach(async () => {
  await db.delete();
});

const NOW = '2026-12-02T10:00:00.000Z';
const daysBefore = (days: number) => new Date(Date.parse(NOW) - days * 86_400_000).toISOString();
const report = (savedAt?: string) => ({ author: 'Mme Idrissi', narrative: 'Ce qui s’est passé', ...(savedAt ? { savedAt } : {}) });
const lockDraft = (at: string) => ({ route: '#/case/c1', at, open: [], fields: [{ id: 'note', value: 'typed' }] });

describe('unsent drafts and the retention policy (draftDays, 30 by default)', () => {
  it('a report draft last changed 30 days ago or more is deleted; one changed 29 days ago is kept', async () => {
    await writeSetting(db, keys, REPORT_DRAFT_KEY, report(daysBefore(30)));
    expect(await expireDrafts(db, keys, NOW, DEFAULT_RETENTION)).toEqual([REPORT_DRAFT_KEY]);
    expect(await readSetting(db, keys, REPORT_DRAFT_KEY)).toBeUndefined();

    await writeSetting(db, keys, REPORT_DRAFT_KEY, report(daysBefore(29)));
    expect(await expireDrafts(db, keys, NOW, DEFAULT_RETENTION)).toEqual([]);
    expect(await readSetting(db, keys, REPORT_DRAFT_KEY)).toEqual(report(daysBefore(29)));
  });

  it('the period is the one the head set: 7 days deletes an 8-day-old draft', async () => {
    await writeSetting(db, keys, REPORT_DRAFT_KEY, report(daysBefore(8)));
    expect(await expireDrafts(db, keys, NOW, DEFAULT_RETENTION)).toEqual([]);
    expect(await expireDrafts(db, keys, NOW, { ...DEFAULT_RETENTION, draftDays: 7 })).toEqual([REPORT_DRAFT_KEY]);
  });

  it('what the forms held at an idle lock goes by the same rule, from when it was kept', async () => {
    await writeSetting(db, keys, LOCK_DRAFT_KEY, lockDraft(daysBefore(31)));
    expect(await expireDrafts(db, keys, NOW, DEFAULT_RETENTION)).toEqual([LOCK_DRAFT_KEY]);
    expect(await readSetting(db, keys, LOCK_DRAFT_KEY)).toBeUndefined();
    await writeSetting(db, keys, LOCK_DRAFT_KEY, lockDraft(daysBefore(1)));
    expect(await expireDrafts(db, keys, NOW, DEFAULT_RETENTION)).toEqual([]);
  });

  it('a report draft kept by an older version, with no time, is stamped now: kept today, deleted a full period later', async () => {
    await writeSetting(db, keys, REPORT_DRAFT_KEY, report());
    expect(await expireDrafts(db, keys, NOW, DEFAULT_RETENTION)).toEqual([]);
    expect(await readSetting(db, keys, REPORT_DRAFT_KEY)).toEqual(report(NOW));
    const later = new Date(Date.parse(NOW) + 30 * 86_400_000).toISOString();
    expect(await expireDrafts(db, keys, later, DEFAULT_RETENTION)).toEqual([REPORT_DRAFT_KEY]);
  });
});
