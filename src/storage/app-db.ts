import { useCallback } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { CaseEvent } from '../../machines/events';
import { appendEvent, createCase, loadCase } from './case-repository';
import { REAL_STORE, useCaseStore } from './case-store';
import type { CaseStore } from './case-store';
import { readSetting, writeSetting } from './settings';

export { CALENDAR_KEY, schoolCalendar, useSchoolCalendar } from './calendar-setting';
export { deleteSetting, saveSetting, useSetting, useSettings } from './setting-hooks';
export { appDb } from './instance';

/**
 * The hooks and writes the case views use, on the store they were given (the real one unless inside the
 * training sandbox); views stay live across tabs through liveQuery (every query reads Dexie first and
 * decrypts after, so liveQuery tracks them).
 */
export function useCase(id: string) {
  const store = useCaseStore();
  return useLiveQuery(() => loadCase(store.db(), store.keys(), id).catch(() => null), [id, store]);
}

export const recordNewCase = async (caseId: string, events: CaseEvent[], store: CaseStore = REAL_STORE) =>
  createCase(store.db(), store.keys(), caseId, events, await store.calendar());

/** Appends to a case of the view's store. */
export function useRecord() {
  const store = useCaseStore();
  return useCallback(async (caseId: string, event: CaseEvent | CaseEvent[]) => appendEvent(store.db(), store.keys(), caseId, event, await store.calendar()), [store]);
}

export function useStoreCalendar() {
  const store = useCaseStore();
  return useLiveQuery(() => store.calendar(), [store]);
}

/** A setting of the view's store: the author of a training case is asked in the sandbox, not taken from the vault. */
export function useStoreSetting<T>(key: string) {
  const store = useCaseStore();
  return { value: useLiveQuery(() => readSetting<T>(store.db(), store.keys(), key), [key, store]), save: (value: T) => writeSetting(store.db(), store.keys(), key, value) };
}
