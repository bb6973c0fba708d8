import ar from '../../protocol/text/ar.json' with { type: 'json' };
import en from '../../protocol/text/en.json' with { type: 'json' };
import fr from '../../protocol/text/fr.json' with { type: 'json' };
import { FORM_AR } from '../../src/i18n/form/ar';
import { FORM_EN } from '../../src/i18n/form/en';
import { FORM_FR } from '../../src/i18n/form/fr';
import { TRAINING_TEXT } from '../../src/i18n/training-text';
import { UI_AR } from '../../src/i18n/ui/ar';
import { UI_EN } from '../../src/i18n/ui/en';
import { UI_FR } from '../../src/i18n/ui/fr';
import { PDF_TEXT } from '../../src/pdf/pdf-text';

/** The languages every catalog is complete in; English is the source. */
export const CATALOG_LANGUAGES = ['ar', 'fr', 'en'] as const;
export type CatalogLanguage = (typeof CATALOG_LANGUAGES)[number];
export type Catalog = Readonly<Record<CatalogLanguage, Readonly<Record<string, string>>>>;

/** Every wording catalog, by name: the UI chrome, the protocol text, the action forms, the trainer's screens, the PDFs. */
export const CATALOGS: Readonly<Record<string, Catalog>> = {
  ui: { ar: UI_AR, fr: UI_FR, en: UI_EN },
  protocol: { ar, fr, en },
  form: { ar: FORM_AR, fr: FORM_FR, en: FORM_EN },
  training: TRAINING_TEXT,
  pdf: PDF_TEXT,
};

/** Every string of a language, as `catalog:key` → text. */
export function stringsOf(lang: CatalogLanguage): [string, string][] {
  return Object.entries(CATALOGS).flatMap(([name, catalog]) => Object.entries(catalog[lang]).map(([key, text]): [string, string] => [`${name}:${key}`, text]));
}

/**
 * The arguments a message takes: `{name}` and the `count` of `{count, plural, …}`, not the text of plural
 * branches (`one {…}`), whose braces hold words.
 */
export function argumentsOf(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/\{\s*([A-Za-z_]\w*)\s*[,}]/g)) {
    if (/(?:zero|one|two|few|many|other|=\d+)\s*$/.test(text.slice(0, m.index))) continue;
    names.add(m[1]!);
  }
  return [...names].sort();
}
