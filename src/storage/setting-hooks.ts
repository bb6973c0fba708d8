import { useLiveQuery } from 'dexie-react-hooks';
import { appDb } from './instance';
import { sessionKeys } from './session';
import { readSetting, readSettings, writeSetting } from './settings';

/** Settings hooks, apart from the case writes so the shell can use them without loading the machines. */
export const useSetting = <T,>(key: string) => useLiveQuery(() => readSetting<T>(appDb(), sessionKeys(), key), [key]);
/** Like useSetting, but `null` once read and absent (`undefined` only while loading). */
export const useSettingOrNull = <T,>(key: string) => useLiveQuery(async () => (await readSetting<T>(appDb(), sessionKeys(), key)) ?? null, [key]);

/** Several settings at once; `undefined` while loading, then an object (a missing key is simply absent). */
export const useSettings = (keys: string[]) => useLiveQuery(() => readSettings(appDb(), sessionKeys(), keys), [keys.join('|')]);

export const saveSetting = (key: string, value: unknown) => writeSetting(appDb(), sessionKeys(), key, value);
export const deleteSetting = (key: string) => appDb().settings.delete(key);
