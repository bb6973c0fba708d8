import type { PartialLanguage } from '../../../protocol/languages';
import type { PdfKey } from '../../pdf/pdf-text';
import type { UiKey } from '../ui';

/**
 * A partial catalog (docs/decisions/0020): some keys of the UI, protocol and PDF catalogs in a language the app
 * is not complete in. Every key it has exists in English with the same placeholders, and its plurals parse
 * (tests/i18n-partial-catalogs.test.ts); what it lacks is shown in the user's fallback language, marked.
 */
export interface PartialCatalog {
  lang: PartialLanguage;
  meta: {
    /** The language named in itself, for the language picker. */
    name: string;
    /** ISO 15924: the script every string must be written in (proper names and digits aside). */
    script: 'Arab' | 'Tfng';
    dir: 'rtl' | 'ltr';
    /**
     * Locales for Intl, in order: Chromium has no data for `zgh` and falls back to its default, so the list
     * names the locale to use instead and src/i18n/dates.ts supplies month names Intl lacks.
     */
    intlLocales: readonly string[];
    /**
     * `namespace:key` of the strings a native speaker has reviewed. Every other string is machine-made and
     * shown as unreviewed; the README lists them (a test keeps the list exact).
     */
    reviewed: readonly string[];
    /** `namespace:key` → what a reviewer should look at first: words the author was least sure of. */
    doubts: Readonly<Record<string, string>>;
  };
  ui: Readonly<Partial<Record<UiKey, string>>>;
  /** Protocol wording (keys of protocol/text/en.json). */
  protocol: Readonly<Record<string, string>>;
  pdf: Readonly<Partial<Record<PdfKey, string>>>;
}
