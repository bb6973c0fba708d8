import type { Language } from '../../protocol/text';
import { formatMessage } from './message';
import type { UI_EN } from './ui/en';

/**
 * UI chrome (not protocol wording). One module per language under `ui/`, so the app downloads only the
 * language it shows (src/i18n/wording.ts); `ui-catalogs.ts` holds all three for the build and the tests.
 */
export type UiKey = keyof typeof UI_EN;

/** Puts `{name}` values and ICU plurals (src/i18n/message.ts) into a catalog string of `lang`. */
export const fill = (text: string, vars: Readonly<Record<string, string | number>> | undefined, lang: Language): string => formatMessage(text, vars ?? {}, lang);

export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { ar: 'العربية', fr: 'Français', en: 'English' };

export function directionOf(lang: Language): 'rtl' | 'ltr' {
  return lang === 'ar' ? 'rtl' : 'ltr';
}
