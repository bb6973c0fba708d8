/**
 * Dates typed as Moroccan schools write them, day first (dd/mm/yyyy), whatever the browser's locale: a native
 * date input follows the browser (mm/dd/yyyy on an en-US one), and 03/02 must never become 2 March. Arabic-Indic
 * digits are read too, since an Arabic keyboard may type them.
 */
import { instantOfLocal } from '../../protocol/calendar';
import type { SchoolCalendar } from '../../protocol/calendar';

const DIGITS: Record<string, string> = Object.fromEntries([
  ...'٠١٢٣٤٥٦٧٨٩'.split('').map((d, i) => [d, String(i)]),
  ...'۰۱۲۳۴۵۶۷۸۹'.split('').map((d, i) => [d, String(i)]),
]);
const latin = (text: string) => text.replace(/[٠-٩۰-۹]/g, (d) => DIGITS[d] ?? d).trim();

/** "3/11/2026", "03.11.2026", "٠٣/١١/٢٠٢٦" → "2026-11-03"; null when it is not a real day. */
export function parseDayMonthYear(text: string): string | null {
  const m = /^(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{4})$/.exec(latin(text));
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || y < 1900 || y > 2200) return null;
  // The last day of the month, leap years included, from the calendar rather than a table.
  if (d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** "2026-11-03" → "03/11/2026". */
export function formatDayMonthYear(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** "14:30", "9h05", "0930" → "14:30"; null when it is not a time of day. */
export function parseTime(text: string): string | null {
  const m = /^(\d{1,2})\s*[:hH.]?\s*(\d{2})$/.exec(latin(text));
  if (!m) return null;
  const [h, mi] = [Number(m[1]), Number(m[2])];
  if (h > 23 || mi > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}`;
}

/** A day and a time of day ("HH:MM") read on the school's wall clock (Ramadan's offset included) → an ISO instant. */
export function instantAt(isoDate: string, time: string, cal: SchoolCalendar): string {
  const [h, mi] = time.split(':').map(Number) as [number, number];
  return instantOfLocal(isoDate, h * 60 + mi, cal);
}
