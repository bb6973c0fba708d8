import { useLiveQuery } from 'dexie-react-hooks';
import type { CaseEvent } from '../../machines/events';
import { appendEvent, createCase, loadCase } from './case-repository';
import { schoolCalendar } from './calendar-setting';
import { appDb } from './instance';

export { CALENDAR_KEY, schoolCalendar, useSchoolCalendar } from './calendar-setting';

/** The hooks and writes the case views use; views stay live across tabs through liveQuery. */
export { appDb };

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


export const recordNewCase = async (caseId: string, events: CaseEvent[]) => createCase(appDb(), caseId, events, await schoolCalendar());

export const record = async (caseId: string, event: CaseEvent | CaseEvent[]) => appendEvent(appDb(), caseId, event, await schoolCalendar());
