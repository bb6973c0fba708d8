import { useLiveQuery } from 'dexie-react-hooks';
import { DEFAULT_CALENDAR } from '../../protocol/calendar';
import type { SchoolCalendar } from '../../protocol/calendar';
import { appDb } from './instance';
import { sessionKeys } from './session';
import { readSetting } from './settings';

/** Kept apart from the case writes so the home screen can read it without loading the machines. */
export const CALENDAR_KEY = 'calendar';

/** The school's calendar: the edited one from settings, else the embedded default. */
export async function schoolCalendar(): Promise<SchoolCalendar> {
  return (await readSetting<SchoolCalendar>(appDb(), sessionKeys(), CALENDAR_KEY)) ?? DEFAULT_CALENDAR;
}
export const useSchoolCalendar = () => useLiveQuery(schoolCalendar, []);
