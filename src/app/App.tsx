import { useEffect, useState } from 'react';
import { CHANNELS } from '../../protocol/channels';
import { STEPS } from '../../protocol/steps';
import { LANGUAGES, protocolText } from '../../protocol/text';
import type { Language } from '../../protocol/text';
import { PROTOCOL_VERSION } from '../../protocol/version';
import { LANGUAGE_NAMES, directionOf, translate } from '../i18n/ui';
import type { UiKey } from '../i18n/ui';

const STORAGE_KEY = 'sanad.language';

function initialLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  return (LANGUAGES as readonly string[]).includes(saved ?? '') ? (saved as Language) : 'ar';
}

/** The first screen: emergency numbers and the protocol at a glance, in the chosen language, offline. */
export function App() {
  const [lang, setLang] = useState<Language>(initialLanguage);
  const t = (key: UiKey, vars?: Record<string, string>) => translate(lang, key, vars);
  const p = (key: string) => protocolText(lang, key);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.dir = directionOf(lang);
    document.title = `${t('app.name')} · ${t('app.tagline')}`;
    localStorage.setItem(STORAGE_KEY, lang);
  });

  const phones = CHANNELS.filter((c) => c.urgent).flatMap((c) =>
    c.contacts.filter((k) => k.kind === 'tel' && k.value).map((k) => ({ id: c.id, number: k.value ?? '' })),
  );

  return (
    <div className="shell">
      <header className="top">
        <div>
          <h1>{t('app.name')}</h1>
          <p className="tagline">{t('app.tagline')}</p>
        </div>
        <label className="lang">
          {t('app.language')}
          <select value={lang} onChange={(e) => setLang(e.target.value as Language)}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
      </header>

      <main>
        <section className="emergency" aria-labelledby="emergency-title">
          <h2 id="emergency-title">{t('emergency.title')}</h2>
          <p>{t('emergency.intro')}</p>
          <ul className="phones">
            {phones.map(({ id, number }) => (
              <li key={id}>
                <a href={`tel:${number}`} aria-label={`${t('emergency.call', { number })} · ${p(`channel.${id}.name`)}`}>
                  <bdi className="number">{number}</bdi>
                  <span>{p(`channel.${id}.name`)}</span>
                </a>
              </li>
            ))}
          </ul>
        </section>

        <section aria-labelledby="protocol-title">
          <h2 id="protocol-title">{t('protocol.title')}</h2>
          <ol className="steps">
            {STEPS.map((step) => (
              <li key={step.id}>
                <h3>{p(`step.${step.id}.title`)}</h3>
                <p>{p(`step.${step.id}.summary`)}</p>
                {step.never.length > 0 && (
                  <details>
                    <summary>{t('protocol.never')}</summary>
                    <ul>
                      {step.never.map((c) => (
                        <li key={c}>{p(`checklist.${c}`)}</li>
                      ))}
                    </ul>
                  </details>
                )}
              </li>
            ))}
          </ol>
        </section>
      </main>

      <footer>
        <p>{t('offline.note')}</p>
        <p>{t('protocol.version', { version: PROTOCOL_VERSION })}</p>
      </footer>
    </div>
  );
}
