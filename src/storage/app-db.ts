import { useLiveQuery } from 'dexie-react-hooks';
import { DEFAULT_CALENDAR } from '../../protocol/calendar';
import type { CaseEvent } from '../../machines/events';
import { appendEvent, createCase, listCases, loadCase } from './case-repository';
import { openDb } from './db';
import type { SanadDb } from './db';

/** The app's one database, and the hooks views use to stay live across tabs (liveQuery). */
let db: SanadDb | undefined;

export function appDb(): SanadDb {
  db ??= openDb();
  return db;
}

export const useCaseList = () => useLiveQuery(() => listCases(appDb()), []);
export const useCase = (id: string) => useLiveQuery(() => loadCase(appDb(), id).catch(() => null), [id]);
export const useSetting = <T,>(key: string) => useLiveQuery(async () => (await appDb().settings.get(key))?.value as T | undefined, [key]);

/** Several settings at once; `undefined` while loading, then an object (a missing key is simply absent). */
export const useSettings = (keys: string[]) =>
  useLiveQuery(async () => {
    const rows = await appDb().settings.bulkGet(keys);
    return Object.fromEntries(rows.flatMap((r) => (r ? [[r.key, r.value]] : []))) as Record<string, unknown>;
  }, [keys.join('|')]);

export const saveSetting = (key: string, value: unknown) => appDb().settings.put({ key, value });
export const deleteSetting = (key: string) => appDb().settings.delete(key);

export const recordNewCase = (caseId: string, events: CaseEvent[]) => createCase(appDb(), caseId, events, DEFAULT_CALENDAR);

export const record = (caseId: string, event: CaseEvent | CaseEvent[]) => appendEvent(appDb(), caseId, event, DEFAULT_CALENDAR);
