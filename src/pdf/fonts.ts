import boldUrl from '@expo-google-fonts/noto-naskh-arabic/700Bold/NotoNaskhArabic_700Bold.ttf?url';
import regularUrl from '@expo-google-fonts/noto-naskh-arabic/400Regular/NotoNaskhArabic_400Regular.ttf?url';
import tifinaghUrl from '@expo-google-fonts/noto-sans-tifinagh/400Regular/NotoSansTifinagh_400Regular.ttf?url';
import type { PdfFonts } from './writer';

/** The fonts, fetched only when a PDF is made (precached by the service worker, so offline too). */
async function base64(url: string): Promise<string> {
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

let cached: Promise<PdfFonts> | undefined;
export function browserFonts(): Promise<PdfFonts> {
  // Tifinagh with them, whatever the document's language: a name typed in Tifinagh prints in any document.
  cached ??= Promise.all([base64(regularUrl), base64(boldUrl), base64(tifinaghUrl)]).then(([regular, bold, tifinagh]) => ({ regular, bold, tifinagh }));
  return cached;
}
