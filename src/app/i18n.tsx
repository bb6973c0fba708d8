import { createContext, useContext } from 'react';
import { protocolText } from '../../protocol/text';
import type { Language } from '../../protocol/text';
import { translate } from '../i18n/ui';
import type { UiKey } from '../i18n/ui';

export interface I18n {
  lang: Language;
  setLang: (lang: Language) => void;
  /** UI chrome */
  t: (key: UiKey, vars?: Record<string, string>) => string;
  /** Protocol wording */
  p: (key: string) => string;
  /** A date and time in the school's locale, with Latin digits as Moroccan usage has it. */
  when: (iso: string) => string;
}

const LOCALES: Record<Language, string> = { ar: 'ar-MA', fr: 'fr-MA', en: 'en-GB' };

export function makeI18n(lang: Language, setLang: (l: Language) => void): I18n {
  const format = new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Africa/Casablanca' });
  return {
    lang,
    setLang,
    t: (key, vars) => translate(lang, key, vars),
    p: (key) => protocolText(lang, key),
    when: (iso) => format.format(new Date(iso)),
  };
}

export const I18nContext = createContext<I18n | null>(null);

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nContext');
  return value;
}
