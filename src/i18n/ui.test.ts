import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../protocol/text';
import { UI, directionOf, translate } from './ui';

describe('UI catalogs', () => {
  it('every language has every key, none empty', () => {
    const keys = Object.keys(UI.en).sort();
    for (const lang of LANGUAGES) {
      expect(Object.keys(UI[lang]).sort()).toEqual(keys);
      expect(Object.values(UI[lang]).filter((v) => v.trim() === '')).toEqual([]);
    }
  });

  it('fills placeholders and keeps Arabic right-to-left', () => {
    expect(translate('fr', 'emergency.call', { number: '19' })).toBe('Appeler le 19');
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('fr')).toBe('ltr');
  });
});
