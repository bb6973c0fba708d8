import tifinaghUrl from '@expo-google-fonts/noto-sans-tifinagh/400Regular/NotoSansTifinagh_400Regular.ttf?url';

/**
 * Noto Sans Tifinagh for the screens (docs/decisions/0020): school computers and phones often have no Tifinagh
 * font and would show boxes. Self-hosted (the CSP's font-src 'self'), precached by the service worker, and
 * fetched only when a Tifinagh letter is on the page (unicode-range). Added through the FontFace API, since the
 * CSP allows no inline style; app.css names the family after the Arabic one.
 */
export function registerTifinaghFont(): void {
  if (typeof FontFace === 'undefined' || !document.fonts) return;
  document.fonts.add(new FontFace('Noto Sans Tifinagh', `url(${tifinaghUrl}) format('truetype')`, { unicodeRange: 'U+2D30-2D7F', display: 'swap' }));
}
