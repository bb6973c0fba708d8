import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG_LANGUAGES, stringsOf } from './setup/catalogs';
import type { CatalogLanguage } from './setup/catalogs';

/**
 * One term per concept (docs/glossary.md): no catalog string uses a variant the glossary lists for its
 * language, unless the occurrence is inside one of the glossary's exceptions. The test reads the markdown.
 */
const GLOSSARY = readFileSync(new URL('../docs/glossary.md', import.meta.url), 'utf8');

interface Glossary {
  variants: { lang: CatalogLanguage; variant: string; concept: string }[];
  exceptions: { lang: CatalogLanguage; variant: string; allowedIn: string }[];
}

const cells = (row: string) => row.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
const ticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

/** The rows of the first table after `## heading`, as header → cell. */
function table(markdown: string, heading: string): Record<string, string>[] {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`docs/glossary.md has no "## ${heading}" section`);
  const lines = markdown.slice(start + heading.length + 5).split('\n');
  const first = lines.findIndex((l) => l.trim().startsWith('|'));
  const rows: string[] = [];
  for (const line of lines.slice(first)) {
    if (!line.trim().startsWith('|')) break;
    rows.push(line);
  }
  const header = cells(rows[0]!);
  return rows.slice(2).map((r) => Object.fromEntries(cells(r).map((c, i) => [header[i]!, c])));
}

export function parseGlossary(markdown: string): Glossary {
  const variants: Glossary['variants'] = [];
  for (const row of table(markdown, 'Terms')) {
    const cell = row['variants (not to use)'] ?? '';
    // "ar: `x`, `y`; fr: `z`": each language's variants run until the next language label.
    for (const m of cell.matchAll(/\b(ar|fr|en):([^;]*)/g)) {
      for (const variant of ticked(m[2]!)) variants.push({ lang: m[1] as CatalogLanguage, variant, concept: row.concept ?? '' });
    }
  }
  const exceptions = table(markdown, 'Exceptions').map((row) => ({ lang: row.lang as CatalogLanguage, variant: ticked(row.variant ?? '')[0]!, allowedIn: ticked(row['allowed in'] ?? '')[0]! }));
  return { variants, exceptions };
}

/** Lower case, one apostrophe, no Arabic short vowels, shadda or tatweel. */
const normalize = (text: string, lang: CatalogLanguage) => {
  const t = text.normalize('NFC').replace(/'/g, '’').toLocaleLowerCase(lang);
  return lang === 'ar' ? t.replace(/[\u064B-\u0652\u0670\u0640]/g, '') : t;
};

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Where `variant` occurs in `text`: whole words in French and English, anywhere in a word in Arabic. */
function occurs(text: string, variant: string, lang: CatalogLanguage, exceptions: string[]): boolean {
  let t = normalize(text, lang);
  for (const e of exceptions) t = t.split(normalize(e, lang)).join('\u0000');
  const v = escapeRegExp(normalize(variant, lang));
  return new RegExp(lang === 'ar' ? v : `(?<![\\p{L}\\p{N}])${v}(?![\\p{L}\\p{N}])`, 'u').test(t);
}

export function glossaryViolations(glossary: Glossary, lang: CatalogLanguage, strings: [string, string][]): string[] {
  const found: string[] = [];
  for (const { variant, concept } of glossary.variants.filter((v) => v.lang === lang)) {
    const exceptions = glossary.exceptions.filter((e) => e.lang === lang && normalize(e.variant, lang) === normalize(variant, lang)).map((e) => e.allowedIn);
    for (const [key, text] of strings) {
      if (occurs(text, variant, lang, exceptions)) found.push(`${key}: "${variant}" (${concept}) in: ${text}`);
    }
  }
  return found;
}

describe('glossary', () => {
  const glossary = parseGlossary(GLOSSARY);

  it('lists variants for Arabic and French, and well-formed exceptions', () => {
    expect(glossary.variants.filter((v) => v.lang === 'ar').length).toBeGreaterThan(20);
    expect(glossary.variants.filter((v) => v.lang === 'fr').length).toBeGreaterThan(15);
    for (const e of glossary.exceptions) {
      expect(CATALOG_LANGUAGES).toContain(e.lang);
      expect(normalize(e.allowedIn, e.lang)).toContain(normalize(e.variant, e.lang));
      expect(glossary.variants.some((v) => v.lang === e.lang && v.variant === e.variant)).toBe(true);
    }
  });

  for (const lang of CATALOG_LANGUAGES) {
    it(`no ${lang} catalog string uses a variant instead of the glossary's term`, () => {
      expect(glossaryViolations(glossary, lang, stringsOf(lang))).toEqual([]);
    });
  }

  it('matches whole French words, Arabic words with their prefixes, and honours exceptions', () => {
    const g: Glossary = {
      variants: [
        { lang: 'fr', variant: 'pareil', concept: 'x' },
        { lang: 'ar', variant: 'آباء', concept: 'x' },
        { lang: 'ar', variant: 'تبويب', concept: 'x' },
        { lang: 'ar', variant: 'منسق الفريق', concept: 'x' },
      ],
      exceptions: [{ lang: 'ar', variant: 'تبويب', allowedIn: 'علامة تبويب' }],
    };
    expect(glossaryViolations(g, 'fr', [['a', 'cet appareil'], ['b', 'Pareil']])).toHaveLength(1);
    expect(glossaryViolations(g, 'ar', [['a', 'أخبر الآباء'], ['b', 'في علامة تبويب أخرى'], ['c', 'في تبويب آخر'], ['d', 'أخبر منسّق الفريق']])).toHaveLength(3);
  });
});
