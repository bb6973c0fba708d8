import { aadFor, open, seal } from './crypto';
import type { VaultKeys } from './crypto';
import type { SanadDb, SettingRow } from './db';

/** Settings are sealed like cases: a draft report holds a narrative, the team list holds names. */
async function openSetting(keys: VaultKeys, row: SettingRow): Promise<unknown> {
  return row.sealed ? open(keys.data, aadFor('settings', row.key), row.sealed) : row.value;
}

export async function readSettings(db: SanadDb, keys: VaultKeys, names: string[]): Promise<Record<string, unknown>> {
  const rows = await db.settings.bulkGet(names);
  const present = rows.filter((r): r is SettingRow => r !== undefined);
  const values = await Promise.all(present.map((r) => openSetting(keys, r)));
  return Object.fromEntries(present.map((r, i) => [r.key, values[i]]));
}

export async function readSetting<T>(db: SanadDb, keys: VaultKeys, name: string): Promise<T | undefined> {
  const row = await db.settings.get(name);
  return row ? ((await openSetting(keys, row)) as T) : undefined;
}

export async function writeSetting(db: SanadDb, keys: VaultKeys, key: string, value: unknown): Promise<void> {
  const sealed = await seal(keys.data, aadFor('settings', key), value);
  await db.settings.put({ key, sealed });
}
