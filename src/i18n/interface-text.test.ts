import { describe, expect, it } from 'vitest';
import { makeI18n } from '../app/i18n';
import { localText } from './interface-text';
import { PARTIAL_CATALOGS } from './partial';
import { UI } from './ui-catalogs';
import { loadShown, loadWording } from './wording';

describe('interface languages over a fallback (docs/decisions/0020)', () => {
  it('a key the partial catalog has is in its language, marked unreviewed; one it lacks is the fallback\'s, marked', () => {
    const zgh = PARTIAL_CATALOGS.zgh;
    expect(localText(zgh, 'ui', 'emergency.title', { text: UI.fr['emergency.title'], lang: 'fr' })).toEqual({
      text: zgh.ui['emergency.title'],
      lang: 'zgh',
      dir: 'ltr',
      fallback: false,
      unreviewed: true,
    });
    expect(localText(zgh, 'ui', 'nav.report', { text: UI.ar['nav.report'], lang: 'ar' })).toEqual({ text: UI.ar['nav.report'], lang: 'ar', dir: 'rtl', fallback: true, unreviewed: false });
    expect(localText(undefined, 'ui', 'nav.report', { text: UI.en['nav.report'], lang: 'en' }).fallback).toBe(false);
  });

  it('loads a partial language with the fallback the user chose, and a full one alone', async () => {
    const zgh = await loadShown('zgh', 'fr');
    expect(zgh.lang).toBe('fr');
    expect(zgh.partial?.lang).toBe('zgh');
    expect(zgh.wording.ui).toBe(UI.fr);
    const ary = await loadShown('ary', 'ar');
    expect([ary.lang, ary.partial?.meta.dir]).toEqual(['ar', 'rtl']);
    expect((await loadShown('en', 'ar')).partial).toBeUndefined();
  });

  it('the app\'s translator: tl and pl take the partial text, t stays in the fallback', async () => {
    const i18n = makeI18n('ar', await loadWording('ar'), () => {}, false, PARTIAL_CATALOGS.ary);
    expect(i18n.shown).toBe('ary');
    expect(i18n.tl('emergency.call', { number: '19' })).toMatchObject({ text: 'عيطو ل 19', lang: 'ary', dir: 'rtl' });
    expect(i18n.pl('channel.police19.name')).toMatchObject({ text: 'البوليس 19', lang: 'ary' });
    expect(i18n.tl('nav.home')).toMatchObject({ text: UI.ar['nav.home'], lang: 'ar', fallback: true });
    expect(i18n.t('emergency.title')).toBe(UI.ar['emergency.title']);
  });
});
