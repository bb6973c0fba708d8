import { describe, expect, it } from 'vitest';
import { LANGUAGES, catalog as protocolCatalog } from '../../protocol/text';
import { FORM_TEXT } from './form-text';
import { TRAINING_TEXT } from './training-text';
import { directionOf } from './ui';
import { UI, translate } from './ui-catalogs';
import { loadWording } from './wording';

describe('UI catalogs', () => {
  for (const [name, catalog] of [['core', UI], ['training', TRAINING_TEXT]] as const) {
    it(`${name}: every language has every key with the same placeholders, none empty`, () => {
      const keys = Object.keys(catalog.en).sort();
      const placeholders = (text: string) => [...new Set(text.match(/\{\w+\}/g) ?? [])].sort();
      for (const lang of LANGUAGES) {
        const texts: Record<string, string> = catalog[lang];
        expect(Object.keys(texts).sort()).toEqual(keys);
        expect(Object.values(texts).filter((v) => v.trim() === '')).toEqual([]);
        expect(keys.filter((k) => placeholders(texts[k]!).join() !== placeholders((catalog.en as Record<string, string>)[k]!).join())).toEqual([]);
      }
    });
  }

  it('loads, for each language, that language\'s UI, protocol and form wording (the app downloads one language)', async () => {
    for (const lang of LANGUAGES) {
      const wording = await loadWording(lang);
      expect(wording.ui).toBe(UI[lang]);
      expect(wording.protocol).toEqual(protocolCatalog(lang));
      expect(wording.form).toBe(FORM_TEXT[lang]);
    }
    expect(UI.ar['app.name']).toBe('سند');
  });

  it('fills placeholders and keeps Arabic right-to-left', () => {
    expect(translate('fr', 'emergency.call', { number: '19' })).toBe('Appeler le 19');
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('fr')).toBe('ltr');
  });
});
