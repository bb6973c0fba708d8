import { describe, expect, it } from 'vitest';
import { CATALOGS, CATALOG_LANGUAGES, argumentsOf } from './setup/catalogs';

// Every catalog has exactly the keys of English, no empty string, and the same arguments as English
// (docs/glossary.md, conventions).
describe('catalog keys', () => {
  for (const [name, catalog] of Object.entries(CATALOGS)) {
    for (const lang of CATALOG_LANGUAGES.filter((l) => l !== 'en')) {
      const texts = catalog[lang];
      const source = catalog.en;
      it(`${name} (${lang}) has exactly the keys of English`, () => {
        expect({ missing: Object.keys(source).filter((k) => !(k in texts)), extra: Object.keys(texts).filter((k) => !(k in source)) }).toEqual({ missing: [], extra: [] });
      });
      it(`${name} (${lang}) has no empty string`, () => {
        expect(Object.entries(texts).filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => k)).toEqual([]);
      });
      it(`${name} (${lang}) has the placeholders of English`, () => {
        const differ = Object.keys(source)
          .filter((k) => k in texts && argumentsOf(texts[k]!).join() !== argumentsOf(source[k]!).join())
          .map((k) => `${k}: ${argumentsOf(texts[k]!).join()} ≠ ${argumentsOf(source[k]!).join()}`);
        expect(differ).toEqual([]);
      });
    }
  }

  it('reads arguments, not plural branches', () => {
    expect(argumentsOf('{count, plural, one {# dossier} other {# dossiers}} de {name}')).toEqual(['count', 'name']);
    expect(argumentsOf('Case {ref}: {what} ({time})')).toEqual(['ref', 'time', 'what']);
    expect(argumentsOf('{n, plural, =0 {aucun} other {{n} événements}}')).toEqual(['n']);
  });
});
