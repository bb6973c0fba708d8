import { createContext, useContext } from 'react';
import { DEFAULT_CALENDAR, utcOffsetAt } from '../../protocol/calendar';
import type { Refusal } from '../../protocol/refusals';
import type { InterfaceLanguage, Language } from '../../protocol/languages';
import { describeRefusalWith } from '../../protocol/refusal-text';
import { localText } from '../i18n/interface-text';
import type { Localized } from '../i18n/interface-text';
import type { PartialCatalog } from '../i18n/partial/types';
import { fill } from '../i18n/ui';
import type { FormKey } from '../i18n/form/en';
import type { UiKey } from '../i18n/ui';
import type { Wording } from '../i18n/wording';

export interface I18n {
  /** The language of the catalogs in use: the chosen one, or the fallback of a partial one (docs/decisions/0020). */
  lang: Language;
  /** The language the user chose: a full one, or Darija or Tamazight, whose missing texts show in `lang`. */
  shown: InterfaceLanguage;
  setLang: (lang: InterfaceLanguage) => void;
  /**
   * A UI text in the chosen language when its partial catalog has it, else in `lang`, with the language it is
   * really in: the element showing it takes that `lang` and `dir`. The screens a partial catalog covers use it.
   */
  tl: (key: UiKey, vars?: Readonly<Record<string, string | number>>) => Localized;
  /** The same for protocol wording (the emergency channels' names). */
  pl: (key: string) => Localized;
  /** UI chrome */
  t: (key: UiKey, vars?: Readonly<Record<string, string | number>>) => string;
  /** A catalog loaded with its pages (e.g. training), marked like the others in pseudo-locale mode. */
  tx: <K extends string>(catalog: Readonly<Record<Language, Readonly<Record<K, string>>>>, key: K, vars?: Readonly<Record<string, string | number>>) => string;
  /** Protocol wording */
  p: (key: string) => string;
  /** Whether the protocol has a text for this key (a calendar label may be the school's own words). */
  hasP: (key: string) => boolean;
  /** Action-form wording (field and option labels) */
  f: (key: FormKey) => string;
  /**
   * Action-form wording for a key made from recorded data (an option's value, a field's name): throws on a key
   * the catalog lacks, and src/i18n/form-text.test.ts makes every key the forms can make exist in each language.
   */
  fData: (key: string) => string;
  /** The sentence of the rule that refused a record (pseudonyms for the people it names). */
  why: (refusal: Refusal, names?: { party?: (id: string) => string }) => string;
  /** A date and time in the school's locale, with Latin digits as Moroccan usage has it. */
  when: (iso: string) => string;
  /** A calendar day ("yyyy-mm-dd", not an instant) in the same format, day first. */
  day: (date: string) => string;
}

const LOCALES: Record<Language, string> = { ar: 'ar-MA', fr: 'fr-MA', en: 'en-GB' };

/**
 * `pseudo` wraps every translated string in ⟦ ⟧: a test then finds any visible text that did not come from a
 * catalog. Turned on with localStorage `sanad.pseudo` = `1`; never on by default.
 */
export function makeI18n(lang: Language, wording: Wording, setLang: (l: InterfaceLanguage) => void, pseudo = false, partial?: PartialCatalog): I18n {
  // Day first, in digits (dd/mm/yyyy, hh:mm), as Moroccan schools write dates in every language of the app.
  const format = new Intl.DateTimeFormat(LOCALES[lang], { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' });
  // Calendar days are read and written at UTC, so no time zone moves them.
  const dayFormat = new Intl.DateTimeFormat(LOCALES[lang], { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });
  const mark = pseudo ? (s: string) => `⟦${s}⟧` : (s: string) => s;
  const protocolText = (key: string) => {
    const text = wording.protocol[key];
    if (text === undefined) throw new Error(`missing protocol text "${key}" in ${lang}`);
    return text;
  };
  // Keys are typed, so a missing one fails the build; a key made at run time from stored data (an option a newer
  // version wrote) still says which, rather than showing the raw key as if it were wording.
  const formText = (key: string) => {
    const text = (wording.form as Readonly<Record<string, string>>)[key];
    if (text === undefined) throw new Error(`missing form text "${key}" in ${lang}`);
    return text;
  };
  return {
    lang,
    shown: partial?.lang ?? lang,
    setLang,
    tl: (key, vars) => {
      const l = localText(partial, 'ui', key, { text: wording.ui[key], lang });
      return { ...l, text: mark(fill(l.text, vars, l.lang)) };
    },
    pl: (key) => {
      const l = localText(partial, 'protocol', key, { text: protocolText(key), lang });
      return { ...l, text: mark(l.text) };
    },
    t: (key, vars) => mark(fill(wording.ui[key], vars, lang)),
    tx: (catalog, key, vars) => mark(fill(catalog[lang][key], vars, lang)),
    p: (key) => mark(protocolText(key)),
    hasP: (key) => wording.protocol[key] !== undefined,
    f: (key) => mark(formText(key)),
    fData: (key) => mark(formText(key)),
    why: (refusal, names) => mark(describeRefusalWith(lang, protocolText, refusal, names)),
    // Times read on the school's wall clock (protocol/calendar.ts: UTC+1, UTC+0 in Ramadan), not the device's
    // zone: browsers' zone data for Morocco disagree, and a deadline at the end of a school day reads as midnight.
    when: (iso) => format.format(new Date(Date.parse(iso) + utcOffsetAt(iso, DEFAULT_CALENDAR) * 60_000)),
    day: (date) => dayFormat.format(new Date(`${date}T00:00:00Z`)),
  };
}

export const I18nContext = createContext<I18n | null>(null);

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nContext');
  return value;
}
