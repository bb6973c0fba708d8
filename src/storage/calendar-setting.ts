import { useLiveQuery } from 'dexie-react-hooks';
import { DEFAULT_CALENDAR } from '../../protocol/calendar';
import type { SchoolCalendar } from '../../protocol/calendar';
import { appDb } from './instance';

/** Kept apart from the case writes so the home screen can read it without loading the machines. */
export const CALENDAR_KEY = 'calendar';

/** The school's calendar: the edited one from settings, else the embedded default. */
export async function schoolCalendar(): Promise<SchoolCalendar> {
  const row = await appDb().settings.get(CALENDAR_KEY);
  return (row?.value as SchoolCalendar | undefined) ?? DEFAULT_CALENDAR;
}
export const useSchoolCalendar = () => useLiveQuery(schoolCalendar, []);
