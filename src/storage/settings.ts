import { aadFor, open, seal, settingAad } from './crypto';
import type { VaultKeys } from './crypto';
import type { SanadDb, SettingRow } from './db';
import { StorageError } from './errors';
import { LEDGER_KEY, holdsOlderRows, ledgerUnchanged, oneWriterAtATime, nextLedger, openLedger, readLedgerRow, sealLedger } from './ledger';
import type { Ledger } from './ledger';

/**
 * Settings are sealed like cases: a draft report holds a narrative, the team list holds names. Each write
 * bumps the setting's revision, bound into its AAD and anchored in the ledger (docs/decisions/0014): an older
 * sealed value written back (a longer lock delay, say) no longer opens as current, and reads as unset, so the
 * default applies.
 */
async function openSetting(keys: VaultKeys, row: SettingRow, ledger: Ledger | null): Promise<unknown> {
  if (row.key === LEDGER_KEY) return undefined;
  if (row.rev !== undefined) {
    if (!row.sealed || ledger?.settings[row.key] !== row.rev) return undefined;
    return open(keys.data, settingAad(row.key, row.rev), row.sealed).catch(() => undefined);
  }
  // From before the ledger: read the old way only until the vault's upgrade has resealed it.
  if (ledger && !(ledger.upgrading && !(row.key in ledger.settings))) return undefined;
  return row.sealed ? open(keys.data, aadFor('settings', row.key), row.sealed) : row.value;
}

function readRows(db: SanadDb, names: string[]) {
  return db.transaction('r', db.settings, async () => Promise.all([db.settings.bulkGet(names), readLedgerRow(db)] as const));
}

export async function readSettings(db: SanadDb, keys: VaultKeys, names: string[]): Promise<Record<string, unknown>> {
  const [rows, ledgerRow] = await readRows(db, names);
  const ledger = await openLedger(keys, ledgerRow);
  const present = rows.filter((r): r is SettingRow => r !== undefined);
  const values = await Promise.all(present.map((r) => openSetting(keys, r, ledger)));
  return Object.fromEntries(present.flatMap((r, i) => (values[i] === undefined ? [] : [[r.key, values[i]]])));
}

export async function readSetting<T>(db: SanadDb, keys: VaultKeys, name: string): Promise<T | undefined> {
  const [[row], ledgerRow] = await readRows(db, [name]);
  return row ? ((await openSetting(keys, row, await openLedger(keys, ledgerRow))) as T | undefined) : undefined;
}

const ATTEMPTS = 5;

/** Writes (or, with `undefined`, deletes) a setting and its revision in the ledger, together. */
function changeSetting(db: SanadDb, keys: VaultKeys, key: string, value: unknown): Promise<void> {
  if (key === LEDGER_KEY) return Promise.reject(new StorageError('notAllowed', 'reserved setting name'));
  return oneWriterAtATime(() => changeSettingNow(db, keys, key, value));
}

async function changeSettingNow(db: SanadDb, keys: VaultKeys, key: string, value: unknown): Promise<void> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const ledger = await openLedger(keys, await readLedgerRow(db));
    const rev = (ledger?.settings[key] ?? 0) + 1;
    const next = nextLedger(
      ledger,
      (l) => {
        if (value === undefined) delete l.settings[key];
        else l.settings[key] = rev;
      },
      ledger ? true : await holdsOlderRows(db),
    );
    const row: SettingRow | null = value === undefined ? null : { key, rev, sealed: await seal(keys.data, settingAad(key, rev), value) };
    const ledgerRow = await sealLedger(keys, next);
    const written = await db.transaction('rw', db.settings, async () => {
      if (!(await ledgerUnchanged(db, ledger?.rev))) return false;
      if (row) await db.settings.put(row);
      else await db.settings.delete(key);
      await db.settings.put(ledgerRow);
      return true;
    });
    if (written) return;
  }
  throw new StorageError('busy', `setting ${key}: the vault kept changing while saving`);
}

export const writeSetting = (db: SanadDb, keys: VaultKeys, key: string, value: unknown): Promise<void> => changeSetting(db, keys, key, value);
export const removeSetting = (db: SanadDb, keys: VaultKeys, key: string): Promise<void> => changeSetting(db, keys, key, undefined);
