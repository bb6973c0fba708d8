import type { FallbackLanguage, InterfaceLanguage, Language, PartialLanguage } from '../../protocol/languages';
import { isPartialLanguage } from '../../protocol/languages';
import type { FormKey } from './form/en';
import type { PartialCatalog } from './partial/types';
import type { UiKey } from './ui';

/** All the wording of one language: the UI chrome, the protocol's text and the action forms' labels. */
export interface Wording {
  ui: Readonly<Record<UiKey, string>>;
  protocol: Readonly<Record<string, string>>;
  form: Readonly<Record<FormKey, string>>;
}

// One chunk per language: a teacher downloads the language the app shows, not all three, before the first
// screen (the emergency numbers are in the HTML meanwhile); another one loads when it is chosen.
const LOADERS: Record<Language, () => Promise<{ WORDING: Wording }>> = {
  ar: () => import('./wording-ar'),
  fr: () => import('./wording-fr'),
  en: () => import('./wording-en'),
};

/** Darija and Tamazight: a small chunk each, with the full language they fall back to (docs/decisions/0020). */
const PARTIAL_LOADERS: Record<PartialLanguage, () => Promise<PartialCatalog>> = {
  ary: () => import('./partial/ary').then((m) => m.ARY),
  zgh: () => import('./partial/zgh').then((m) => m.ZGH),
};

const loaded = new Map<InterfaceLanguage, Promise<Wording | PartialCatalog>>();

/** Loads once; a failed download (offline before the service worker has the chunk) may be tried again. */
function once<T extends Wording | PartialCatalog>(lang: InterfaceLanguage, load: () => Promise<T>): Promise<T> {
  let got = loaded.get(lang) as Promise<T> | undefined;
  if (!got) {
    got = load();
    got.catch(() => loaded.delete(lang));
    loaded.set(lang, got);
  }
  return got;
}

export function loadWording(lang: Language): Promise<Wording> {
  return once(lang, () => LOADERS[lang]().then((m) => m.WORDING));
}

export function loadPartialCatalog(lang: PartialLanguage): Promise<PartialCatalog> {
  return once(lang, PARTIAL_LOADERS[lang]);
}

/** What the app shows: the wording of a full language, and the partial catalog of Darija or Tamazight over it. */
export interface Shown {
  lang: Language;
  wording: Wording;
  partial?: PartialCatalog;
}

/** A full language as itself; a partial one over its fallback, both downloaded before either is shown. */
export async function loadShown(shown: InterfaceLanguage, fallback: FallbackLanguage): Promise<Shown> {
  if (!isPartialLanguage(shown)) return { lang: shown, wording: await loadWording(shown) };
  const [wording, partial] = await Promise.all([loadWording(fallback), loadPartialCatalog(shown)]);
  return { lang: fallback, wording, partial };
}
