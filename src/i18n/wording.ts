import type { Language } from '../../protocol/languages';
import type { FormKey } from './form/en';
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

const loaded = new Map<Language, Promise<Wording>>();

export function loadWording(lang: Language): Promise<Wording> {
  let wording = loaded.get(lang);
  if (!wording) {
    wording = LOADERS[lang]().then((m) => m.WORDING);
    // A failed download (offline before the service worker has the chunk) may be tried again.
    wording.catch(() => loaded.delete(lang));
    loaded.set(lang, wording);
  }
  return wording;
}
