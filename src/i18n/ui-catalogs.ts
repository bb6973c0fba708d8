import type { Language } from '../../protocol/text';
import { fill } from './ui';
import type { UiKey } from './ui';
import { UI_AR } from './ui/ar';
import { UI_EN } from './ui/en';
import { UI_FR } from './ui/fr';

/** Every language's UI catalog at once: for the build (static HTML, manifests) and the tests, not the app. */
export const UI: Readonly<Record<Language, Readonly<Record<UiKey, string>>>> = { ar: UI_AR, fr: UI_FR, en: UI_EN };

export function translate(lang: Language, key: UiKey, vars: Record<string, string> = {}): string {
  return fill(UI[lang][key], vars, lang);
}
