import type { Language } from '../../protocol/languages';

/** Where the install manifest of a language is (src/app/web-manifest.ts); the Arabic one is the default. */
export const manifestHref = (lang: Language) => (lang === 'ar' ? '/manifest.webmanifest' : `/manifest-${lang}.webmanifest`);
