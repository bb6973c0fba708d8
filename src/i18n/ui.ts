import type { Language } from '../../protocol/text';
import type { UI_EN } from './ui/en';

/**
 * UI chrome (not protocol wording). One module per language under `ui/`, so the app downloads only the
 * language it shows (src/i18n/wording.ts); `ui-catalogs.ts` holds all three for the build and the tests.
 */
export type UiKey = keyof typeof UI_EN;

/** Puts `{name}` values into a catalog string. */
export const fill = (text: string, vars: Record<string, string> = {}): string => text.replace(/\{(\w+)\}/g, (_, name: string) => vars[name] ?? `{${name}}`);

export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { ar: 'العربية', fr: 'Français', en: 'English' };

export function directionOf(lang: Language): 'rtl' | 'ltr' {
  return lang === 'ar' ? 'rtl' : 'ltr';
}
