import type { CaseContext } from '../../machines/case-context';
import type { CaseEventRecord } from '../storage/db';
import { useI18n } from '../app/i18n';
import { eventDetails } from './field-text';
import { Typed } from './Typed';

/**
 * Every event of the case in order, with its author, its time and what was recorded, in plain words (the same
 * fields the case file prints). User-typed text is isolated (dir="auto").
 */
export function Chronology({ events, ctx, fold = false }: { events: CaseEventRecord[]; ctx?: CaseContext; fold?: boolean }) {
  const i18n = useI18n();
  const { t, p, when } = i18n;
  const list = (
      <ol className="chronology" aria-labelledby="chronology-title">
        {events.map((row) => {
          const details = eventDetails(i18n, row.event, ctx);
          return (
            <li key={row.id}>
              <time dateTime={row.at}>{when(row.at)}</time> <strong>{p(`event.${row.event.type}`)}</strong>{' '}
              <span className="by">{t('event.by', { by: row.by })}</span>
              {row.from && (
                <>
                  {' '}
                  <span className="from">
                    {t('transfer.receivedFrom')} <bdi dir="ltr">{row.from}</bdi>
                  </span>
                </>
              )}
              {details.length > 0 && (
                <dl className="detail">
                  {details.map((d, i) => (
                    <div key={i}>
                      <dt>{d.label}</dt>
                      <dd>
                        {d.typed ? <Typed>{d.value}</Typed> : <bdi dir="auto">{d.value}</bdi>}
                      </dd>
                    </div>
                  ))}
                </dl>
              )}
            </li>
          );
        })}
      </ol>
  );
  // On the case page the chronology folds away (the next step comes first); in training it stays open.
  return fold ? (
    <details className="fold" id="chronology">
      <summary>
        <h3 id="chronology-title">
          {t('case.chronology')} <span className="count">({events.length})</span>
        </h3>
      </summary>
      {list}
    </details>
  ) : (
    <section aria-labelledby="chronology-title">
      <h3 id="chronology-title">
          {t('case.chronology')} <span className="count">({events.length})</span>
        </h3>
      {list}
    </section>
  );
}
