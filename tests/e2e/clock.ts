/** The instants the end-to-end tests run at (tests/e2e/fixtures.ts, playwright.config.ts), in Morocco's time. */
export const SCHOOL_DAY = '2026-11-03T10:00:00+01:00'; // Tuesday 3 November 2026, 10:00: a school day
export const WEEKEND = '2026-11-07T10:00:00+01:00'; // Saturday 7 November 2026
export const HOLIDAY = '2026-11-18T10:00:00+01:00'; // Wednesday 18 November 2026, Independence Day
