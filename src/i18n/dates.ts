import type { InterfaceLanguage } from '../../protocol/languages';

/**
 * The locales Intl formats each interface language with, in order (docs/decisions/0020). Moroccan variants:
 * ar-MA has the Moroccan month names (يناير، ماي، غشت، نونبر…) and Latin digits, as Moroccan usage has them;
 * Darija writes dates the same way. Chromium ships no data for Tamazight (`zgh`) and would fall back to its own
 * default, English: the list says French (Morocco) instead, whose day-month-year order Tamazight shares, and the
 * month names are ours (`TIFINAGH_MONTHS`) whenever Intl did not resolve to zgh itself.
 */
export const INTL_LOCALES: Readonly<Record<InterfaceLanguage, readonly string[]>> = {
  ar: ['ar-MA'],
  fr: ['fr-MA'],
  en: ['en-GB'],
  ary: ['ar-MA'],
  zgh: ['zgh', 'fr-MA'],
};

/** The months in Tamazight (IRCAM spelling, as in CLDR's zgh data), January first. */
export const TIFINAGH_MONTHS = ['ⵉⵏⵏⴰⵢⵔ', 'ⴱⵕⴰⵢⵕ', 'ⵎⴰⵕⵚ', 'ⵉⴱⵔⵉⵔ', 'ⵎⴰⵢⵢⵓ', 'ⵢⵓⵏⵢⵓ', 'ⵢⵓⵍⵢⵓⵣ', 'ⵖⵓⵛⵜ', 'ⵛⵓⵜⴰⵏⴱⵉⵔ', 'ⴽⵜⵓⴱⵔ', 'ⵏⵓⵡⴰⵏⴱⵉⵔ', 'ⴷⵓⵊⴰⵏⴱⵉⵔ'] as const;

/** Month names of our own, for languages Intl may lack. */
const OWN_MONTHS: Partial<Record<InterfaceLanguage, readonly string[]>> = { zgh: TIFINAGH_MONTHS };

/** Bidi marks Intl puts into Arabic dates: jsPDF would draw them, and a copied date would carry them. */
const MARKS = /[\u200e\u200f\u061c]/g;

/**
 * A calendar day ("yyyy-mm-dd") written out with its month's name: "9 دجنبر 2026", "9 ⴷⵓⵊⴰⵏⴱⵉⵔ 2026". Read at UTC,
 * so no time zone moves the day. `locales`: for tests, to stand for a browser with or without zgh data.
 */
export function longDay(lang: InterfaceLanguage, day: string, locales: readonly string[] = INTL_LOCALES[lang]): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) throw new RangeError(`not a calendar day (yyyy-mm-dd): "${day}"`);
  const date = new Date(`${day}T00:00:00Z`);
  const format = new Intl.DateTimeFormat([...locales], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC', numberingSystem: 'latn' });
  const own = OWN_MONTHS[lang];
  const resolved = format.resolvedOptions().locale.split('-')[0];
  const parts = format.formatToParts(date);
  return parts
    .map((p) => (p.type === 'month' && own && resolved !== lang ? own[date.getUTCMonth()]! : p.value))
    .join('')
    .replace(MARKS, '');
}
