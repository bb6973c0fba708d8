import { useCallback } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { CaseEvent } from '../../machines/events';
import { appendEvent, createCase, loadCase, readWhatStillOpens } from './case-repository';
import { schoolCalendar } from './calendar-setting';
import { StorageError } from './errors';
import type { Alteration } from './ledger';
import { useCaseStore } from './case-store';
import { appDb } from './instance';
import { sessionKeys } from './session';

export { CALENDAR_KEY, schoolCalendar, useSchoolCalendar } from './calendar-setting';
export { deleteSetting, saveSetting, useSetting, useSettingOrNull, useSettings } from './setting-hooks';
export { appDb };

/**
 * The hooks and writes the case views use, on the store they were given (the real one unless inside the
 * training sandbox); views stay live across tabs through liveQuery (every query reads Dexie first and
 * decrypts after, so liveQuery tracks them).
 */
export function useCase(id: string) {
  const store = useCaseStore();
  return useLiveQuery(() => loadCase(store.db(), store.keys(), id).catch(caseProblem), [id, store]);
}

/** What still opens of a case whose record was altered: read-only, never vouched for as whole. */
export function useWhatStillOpens(id: string) {
  const store = useCaseStore();
  return useLiveQuery(() => readWhatStillOpens(store.db(), store.keys(), id).catch(() => ({ events: [], unreadable: 0 })), [id, store]);
}

/** Why a case cannot be shown: not on this device (null), or its record disagrees with the ledger (docs/decisions/0014). */
function caseProblem(err: unknown): null | { altered: Alteration } {
  if (err instanceof StorageError && err.problem === 'altered') return { altered: (err.detail as { reason?: Alteration } | undefined)?.reason ?? 'flagged' };
  return null;
}

/** A new case from the report form: always the school's (the sandbox starts its cases from a scenario). */
export const recordNewCase = async (caseId: string, events: CaseEvent[]) => createCase(appDb(), sessionKeys(), caseId, events, await schoolCalendar());

/** Appends to a case of the view's store. */
export function useRecord() {
  const store = useCaseStore();
  return useCallback(async (caseId: string, event: CaseEvent | CaseEvent[]) => appendEvent(store.db(), store.keys(), caseId, event, await store.calendar()), [store]);
}

export function useStoreCalendar() {
  const store = useCaseStore();
  return useLiveQuery(() => store.calendar(), [store]);
}
