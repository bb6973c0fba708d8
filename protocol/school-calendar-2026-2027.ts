import type { HolidayRange } from './calendar';
import type { Language } from './text';

/**
 * School vacations of the 2026–2027 school year (Ministry of National Education, Morocco).
 *
 * TO VERIFY against the ministry's published calendar for 2026–2027: these dates follow the usual structure of
 * recent years (a first break at the end of October, the mid-year break at the turn of January and February, a
 * second break in late March, a third in early May, the end of lessons in late June) and are not copied from the
 * published decision. The settings screen says so, and the school corrects them there. An AREF may also move a
 * break for its region.
 *
 * Each range runs from the first weekday without lessons to the Sunday before lessons start again (inclusive
 * local dates), so a Saturday morning inside a break is never counted as a school day.
 */
export const VACATIONS_2026_2027: readonly HolidayRange[] = [
  // The end of the 2025–2026 summer: pupils are expected back on Monday 7 September 2026.
  { from: '2026-07-01', to: '2026-09-06', label: 'vacation.summer' },
  { from: '2026-10-26', to: '2026-11-01', label: 'vacation.firstBreak' },
  { from: '2027-02-01', to: '2027-02-07', label: 'vacation.midYear' },
  { from: '2027-03-22', to: '2027-03-28', label: 'vacation.secondBreak' },
  { from: '2027-05-03', to: '2027-05-09', label: 'vacation.thirdBreak' },
  // Lessons end in late June; the start of 2027–2028 belongs to next year's calendar (5 September is a guess).
  { from: '2027-06-28', to: '2027-09-05', label: 'vacation.summer' },
];

/** The names of the vacations above, in the three languages (a test checks every label has all three). */
export const VACATION_TEXT: Readonly<Record<Language, Readonly<Record<string, string>>>> = {
  en: {
    'vacation.summer': 'Summer holidays (dates to verify)',
    'vacation.firstBreak': 'First break (dates to verify)',
    'vacation.midYear': 'Mid-year break (dates to verify)',
    'vacation.secondBreak': 'Second break, spring (dates to verify)',
    'vacation.thirdBreak': 'Third break, May (dates to verify)',
  },
  fr: {
    'vacation.summer': 'Vacances d’été (dates à vérifier)',
    'vacation.firstBreak': 'Premières vacances intermédiaires (dates à vérifier)',
    'vacation.midYear': 'Vacances de mi-année (dates à vérifier)',
    'vacation.secondBreak': 'Deuxièmes vacances intermédiaires, printemps (dates à vérifier)',
    'vacation.thirdBreak': 'Troisièmes vacances intermédiaires, mai (dates à vérifier)',
  },
  ar: {
    'vacation.summer': 'العطلة الصيفية (تواريخ يجب التحقق منها)',
    'vacation.firstBreak': 'العطلة البينية الأولى (تواريخ يجب التحقق منها)',
    'vacation.midYear': 'عطلة منتصف السنة الدراسية (تواريخ يجب التحقق منها)',
    'vacation.secondBreak': 'العطلة البينية الثانية، الربيع (تواريخ يجب التحقق منها)',
    'vacation.thirdBreak': 'العطلة البينية الثالثة، ماي (تواريخ يجب التحقق منها)',
  },
};
