import { createContext, useContext } from 'react';
import type { Language } from '../../protocol/languages';

/**
 * What is known of the language of what people typed into the records shown: on a school's own cases,
 * nothing (undefined: the page's language is assumed); in the training library's cases, told in the page's
 * language, text in Arabic script is Arabic and text in Latin script is in the language the provider names
 * (on an Arabic page, a handle, a URL or a class code, read as English). Screen readers then read each in its
 * own voice (WCAG 3.1.2).
 */
export const TypedLanguage = createContext<{ latin: Language } | undefined>(undefined);

const ARABIC_LETTER = /[\u0600-\u06FF\u0750-\u077F]/;

/** Text as someone typed it: isolated (its own direction) and in its own language when known. */
export function Typed({ children }: { children: string }) {
  const known = useContext(TypedLanguage);
  const lang = known ? (ARABIC_LETTER.test(children) ? 'ar' : known.latin) : undefined;
  return (
    <bdi dir="auto" lang={lang}>
      {children}
    </bdi>
  );
}
