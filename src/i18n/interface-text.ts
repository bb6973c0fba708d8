import type { InterfaceLanguage, Language } from '../../protocol/languages';
import type { PartialCatalog } from './partial/types';
import { directionOf } from './ui';

/** A text with the language it is really in, for the `lang` and `dir` of the element that shows it. */
export interface Localized {
  text: string;
  lang: InterfaceLanguage;
  dir: 'rtl' | 'ltr';
  /** Shown in the fallback language because the partial catalog lacks it (docs/decisions/0020). */
  fallback: boolean;
  /** Machine-made: a native speaker has not reviewed it yet. */
  unreviewed: boolean;
}

/** A localized text as an element's props: its words, `lang` and `dir` (`<h2 {...localProps(tl('home.title'))} />`). */
export const localProps = (l: Localized) => ({ lang: l.lang, dir: l.dir, children: l.text });

/**
 * The chosen partial catalog's text for a key when it has one, else the full catalog's (the fallback the user
 * chose), said to be so. With no partial catalog (a full language is on) the full text is simply that language's.
 */
export function localText(partial: PartialCatalog | undefined, namespace: 'ui' | 'protocol' | 'pdf', key: string, full: { text: string; lang: Language }): Localized {
  const own = partial && (partial[namespace] as Readonly<Record<string, string | undefined>>)[key];
  if (partial && own !== undefined) {
    return { text: own, lang: partial.lang, dir: partial.meta.dir, fallback: false, unreviewed: !partial.meta.reviewed.includes(`${namespace}:${key}`) };
  }
  return { text: full.text, lang: full.lang, dir: directionOf(full.lang), fallback: Boolean(partial), unreviewed: false };
}
