import { useLiveQuery } from 'dexie-react-hooks';
import { useCaseStore } from './case-store';
import { appDb } from './instance';
import { sessionKeys } from './session';
import { readSetting, readSettings, removeSetting, writeSetting } from './settings';

/**
 * Settings hooks, apart from the case writes so the shell can use them without loading the machines. The
 * hooks read the view's store (the real one unless inside the training sandbox, where a case asks its own
 * author); the plain writes below are the real store's, for the settings pages.
 */
export function useSetting<T>(key: string) {
  const store = useCaseStore();
  return useLiveQuery(() => readSetting<T>(store.db(), store.keys(), key).catch(unreadable), [key, store]);
}

/**
 * A setting that cannot be read (its ledger does not open: altered, or sealed under keys this tab no longer
 * holds, the moment a revocation switches them) reads as unset, so the default applies and the page stays up;
 * home says when the ledger itself was altered.
 */
const unreadable = () => undefined;
/** Like useSetting, but `null` once read and absent (`undefined` only while loading). */
export function useSettingOrNull<T>(key: string) {
  const store = useCaseStore();
  return useLiveQuery(async () => (await readSetting<T>(store.db(), store.keys(), key).catch(unreadable)) ?? null, [key, store]);
}

/** Several settings at once; `undefined` while loading, then an object (a missing key is simply absent). */
export function useSettings(keys: string[]) {
  const store = useCaseStore();
  return useLiveQuery(() => readSettings(store.db(), store.keys(), keys).catch((): Record<string, unknown> => ({})), [keys.join('|'), store]);
}

export const saveSetting = (key: string, value: unknown) => writeSetting(appDb(), sessionKeys(), key, value);
export const deleteSetting = (key: string) => removeSetting(appDb(), sessionKeys(), key);
