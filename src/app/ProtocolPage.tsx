import { STEPS } from '../../protocol/steps';
import { PROTOCOL_VERSION } from '../../protocol/version';
import { localProps } from '../i18n/interface-text';
import { useI18n } from './i18n';

/**
 * The protocol at a glance: every step, what it is for and what never to do. In Tamazight the headings and the
 * steps' titles and summaries are translated, the rest shows in the fallback; each element says its language (docs/decisions/0020).
 */
export function ProtocolPage() {
  const { t, p, tl, pl } = useI18n();
  return (
    <section aria-labelledby="protocol-title">
      <h2 id="protocol-title" {...localProps(tl('protocol.title'))} />
      <ol className="steps">
        {STEPS.map((step) => (
          <li key={step.id}>
            <h3 {...localProps(pl(`step.${step.id}.title`))} />
            <p {...localProps(pl(`step.${step.id}.summary`))} />
            {step.never.length > 0 && (
              <details>
                <summary {...localProps(tl('protocol.never'))} />
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
