import { useLiveQuery } from 'dexie-react-hooks';
import type { CaseEvent } from '../../machines/events';
import { appendEvent, createCase, loadCase } from './case-repository';
import { schoolCalendar } from './calendar-setting';
import { appDb } from './instance';
import { sessionKeys } from './session';

export { CALENDAR_KEY, schoolCalendar, useSchoolCalendar } from './calendar-setting';
export { deleteSetting, saveSetting, useSetting, useSettings } from './setting-hooks';

/**
 * The hooks and writes the case views use, with this tab's unlocked keys; views stay live across tabs
 * through liveQuery (every query reads Dexie first and decrypts after, so liveQuery tracks them).
 */
export { appDb };

export const useCase = (id: string) => useLiveQuery(() => loadCase(appDb(), sessionKeys(), id).catch(() => null), [id]);

export const recordNewCase = async (caseId: string, events: CaseEvent[]) => createCase(appDb(), sessionKeys(), caseId, events, await schoolCalendar());

export const record = async (caseId: string, event: CaseEvent | CaseEvent[]) => appendEvent(appDb(), sessionKeys(), caseId, event, await schoolCalendar());
