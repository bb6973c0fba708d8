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

/**
 * A setting whose loss must not read as "unset" (retention records, the policy, the deletion log): with the
 * ledger anchoring `name`, a row that is missing, has another revision or does not open is an alteration
 * (StorageError 'altered'), never the default. Not anchored (never written, or removed through Sanad): undefined.
 * Before the ledger, or while its upgrade has not anchored the key yet, it reads as `readSetting` does.
 */
export async function openAnchoredSetting<T>(keys: VaultKeys, name: string, row: SettingRow | undefined, ledger: Ledger | null): Promise<T | undefined> {
  if (name === LEDGER_KEY) throw new StorageError('notAllowed', 'reserved setting name');
  const rev = ledger?.settings[name];
  if (rev === undefined) return row && (!ledger || ledger.upgrading) ? ((await openSetting(keys, row, ledger)) as T | undefined) : undefined;
  const altered = (why: string) => new StorageError('altered', `setting ${name}: ${why}`, { reason: 'setting', key: name });
  if (!row) throw altered('anchored in the ledger but missing');
  if (row.rev !== rev || !row.sealed) throw altered('not the revision the ledger anchors');
  return (await open<T>(keys.data, settingAad(name, rev), row.sealed).catch(() => {
    throw altered('does not open');
  })) as T;
}

/** `openAnchoredSetting` on the database's rows (a ledger that does not open throws 'altered' too). */
export async function readAnchoredSetting<T>(db: SanadDb, keys: VaultKeys, name: string): Promise<T | undefined> {
  const [[row], ledgerRow] = await readRows(db, [name]);
  return openAnchoredSetting<T>(keys, name, row, await openLedger(keys, ledgerRow));
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
