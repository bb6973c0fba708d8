import { draftExpired } from '../../protocol/retention';
import type { RetentionPolicy } from '../../protocol/retention';
import type { VaultKeys } from './crypto';
import type { SanadDb } from './db';
import { LOCK_DRAFT_KEY, REPORT_DRAFT_KEY } from './setting-keys';
import { readSetting, removeSetting, writeSetting } from './settings';

const DRAFTS: readonly { key: string; savedAt: (value: Record<string, unknown>) => unknown }[] = [
  { key: REPORT_DRAFT_KEY, savedAt: (v) => v.savedAt },
  // What the forms held when the vault locked: kept with its time (`at`).
  { key: LOCK_DRAFT_KEY, savedAt: (v) => v.at },
];

/**
 * The retention policy's rule for drafts: one not sent within `draftDays` of its last change is deleted. Run
 * after each unlock. A draft kept by an older version, with no time, is stamped now and so gets the full period
 * from today. Returns the keys deleted.
 */
export async function expireDrafts(db: SanadDb, keys: VaultKeys, now: string, policy: RetentionPolicy): Promise<string[]> {
  const deleted: string[] = [];
  for (const { key, savedAt } of DRAFTS) {
    const value = await readSetting<Record<string, unknown>>(db, keys, key);
    if (!value || typeof value !== 'object') continue;
    const at = savedAt(value);
    if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) {
      if (key === REPORT_DRAFT_KEY) await writeSetting(db, keys, key, { ...value, savedAt: now });
      continue;
    }
    if (!draftExpired(at, policy, now)) continue;
    await removeSetting(db, keys, key);
    deleted.push(key);
  }
  return deleted;
}
