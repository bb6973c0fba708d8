import type { CaseEventRecord } from '../storage/db';
import { useI18n } from '../app/i18n';

/** Every event of the case in order, with its author and time. User-typed text is isolated (dir="auto"). */
export function Chronology({ events }: { events: CaseEventRecord[] }) {
  const { t, p, when } = useI18n();
  const detail = (row: CaseEventRecord): string => {
    const e = row.event;
    switch (e.type) {
      case 'trigger.answer':
        return `${e.trigger} · ${p(`trigger.${e.trigger}.label`)} · ${t(e.answer === 'yes' ? 'triage.yes' : e.answer === 'no' ? 'triage.no' : 'triage.unknown')}`;
      case 'severity.rate':
        return `${e.level} · ${p(`severity.${e.level}.label`)} — ${e.rationale}`;
      case 'category.set':
        return e.codes.map((c) => p(`category.${c}.label`)).join(' · ');
      case 'party.add':
        return `${p(`partyRole.${e.role}`)} · ${e.pseudonym}`;
      case 'referral.make':
        return `${p(`channel.${e.channel}.name`)}${e.reference ? ` · ${e.reference}` : ''}`;
      case 'intake.submit':
        return e.narrative;
      case 'safety.confirm':
        return e.note;
      case 'note.add':
        return e.text;
      case 'case.close':
        return p(`closure.${e.reason}`);
      default:
        return '';
    }
  };
  return (
    <section aria-labelledby="chronology-title">
      <h3 id="chronology-title">{t('case.chronology')}</h3>
      <ol className="chronology">
        {events.map((row) => (
          <li key={row.id}>
            <time dateTime={row.at}>{when(row.at)}</time> <strong>{p(`event.${row.event.type}`)}</strong>{' '}
            <span className="by">{t('event.by', { by: row.by })}</span>
            {detail(row) && (
              <div dir="auto" className="detail">
                {detail(row)}
              </div>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
