import type { InterfaceLanguage } from '../../protocol/languages';
import { formatMessage } from './message';
import type { UI_EN } from './ui/en';

/**
 * UI chrome (not protocol wording). One module per language under `ui/`, so the app downloads only the
 * language it shows (src/i18n/wording.ts); `ui-catalogs.ts` holds all three for the build and the tests.
 */
export type UiKey = keyof typeof UI_EN;

/** Puts `{name}` values and ICU plurals (src/i18n/message.ts) into a catalog string of `lang`. */
export const fill = (text: string, vars: Readonly<Record<string, string | number>> | undefined, lang: InterfaceLanguage): string => formatMessage(text, vars ?? {}, lang);

/** Each language named in itself (Darija and Tamazight too: the picker offers them, docs/decisions/0020). */
export const LANGUAGE_NAMES: Readonly<Record<InterfaceLanguage, string>> = { ar: 'العربية', fr: 'Français', en: 'English', ary: 'الدارجة', zgh: 'ⵜⴰⵎⴰⵣⵉⵖⵜ' };

export function directionOf(lang: InterfaceLanguage): 'rtl' | 'ltr' {
  // Darija is written in Arabic script; Tamazight in Tifinagh, left to right.
  return lang === 'ar' || lang === 'ary' ? 'rtl' : 'ltr';
}
