import { STEPS } from '../../protocol/steps';
import { PROTOCOL_VERSION } from '../../protocol/version';
import { useI18n } from './i18n';

/** The protocol at a glance: every step, what it is for and what never to do. */
export function ProtocolPage() {
  const { t, p } = useI18n();
  return (
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
      <p className="hint">{t('protocol.version', { version: PROTOCOL_VERSION })}</p>
    </section>
  );
}
