import { useLiveQuery } from 'dexie-react-hooks';
import { DEFAULT_SCHOOL_CALENDAR, completeCalendar } from '../../protocol/calendar';
import type { SchoolCalendar } from '../../protocol/calendar';
import { appDb } from './instance';
import { sessionKeys } from './session';
import { readSetting } from './settings';

/** Kept apart from the case writes so the home screen can read it without loading the machines. */
export const CALENDAR_KEY = 'calendar';

/**
 * The school's calendar: the edited one from settings, else the embedded default. A calendar saved by an
 * earlier version lacks the vacations and the Saturday setting: it is completed with their defaults.
 */
export async function schoolCalendar(): Promise<SchoolCalendar> {
  // Unreadable (see useSetting): the embedded default, rather than no page at all.
  const stored = await readSetting<Partial<SchoolCalendar>>(appDb(), sessionKeys(), CALENDAR_KEY).catch(() => undefined);
  return stored ? completeCalendar(stored) : DEFAULT_SCHOOL_CALENDAR;
}
export const useSchoolCalendar = () => useLiveQuery(schoolCalendar, []);
