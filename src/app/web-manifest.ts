import type { Language } from '../../protocol/text';
import { directionOf } from '../i18n/ui';
import { translate } from '../i18n/ui-catalogs';
export { manifestHref } from './manifest-href';

/**
 * The install manifest, one per language (names and description in the page's language; the app points the
 * page's manifest link at the one of the language chosen). The Arabic one is the default, as the app is.
 */
export function webManifest(lang: Language) {
  return {
    id: '/',
    name: lang === 'ar' ? 'سند · Sanad' : 'Sanad · سند',
    short_name: translate(lang, 'app.name'),
    description: translate(lang, 'app.tagline'),
    lang,
    dir: directionOf(lang),
    start_url: '/',
    scope: '/',
    display: 'standalone' as const,
    background_color: '#f7f5f0',
    theme_color: '#0f5e57',
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' as const },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' as const },
      { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' as const },
      { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' as const },
    ],
    screenshots: [
      { src: '/screenshots/ar-phone.png', sizes: '390x844', type: 'image/png', form_factor: 'narrow' as const, label: translate(lang, 'app.tagline') },
      { src: '/screenshots/fr-desktop.png', sizes: '1366x768', type: 'image/png', form_factor: 'wide' as const, label: translate(lang, 'app.tagline') },
    ],
  };
}
