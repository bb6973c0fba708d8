import type { PartialLanguage } from '../../../protocol/languages';
import { ARY } from './ary';
import type { PartialCatalog } from './types';
import { ZGH } from './zgh';

/** Both partial catalogs at once: for the PDFs (a lazy chunk already) and the tests. The app loads one (wording.ts). */
export const PARTIAL_CATALOGS: Readonly<Record<PartialLanguage, PartialCatalog>> = { ary: ARY, zgh: ZGH };

/** A PDF or protocol text of a partial catalog; none is a programming error (a document asked for a key it lacks). */
export function partialText(lang: PartialLanguage, namespace: 'ui' | 'protocol' | 'pdf', key: string): string {
  const text = (PARTIAL_CATALOGS[lang][namespace] as Readonly<Record<string, string | undefined>>)[key];
  if (text === undefined) throw new Error(`missing ${namespace} text "${key}" in the ${lang} partial catalog (docs/decisions/0020)`);
  return text;
}
