import { STEP_IDS } from '../../protocol/steps';
import { useI18n } from '../app/i18n';
import { href } from '../app/router';
import { useCaseList } from '../storage/case-list';
import type { CaseRow } from '../storage/db';
import { caseRef, nowIso } from './use-save';

/** Open cases grouped by stage, most urgent deadline first; closed cases last. */
export function HomePage() {
  const { t, p, when } = useI18n();
  const cases = useCaseList();
  if (!cases) return <p role="status">{t('home.loading')}</p>;
  const now = nowIso();
  const open = cases.filter((c) => c.step !== 'closed');
  const closed = cases.filter((c) => c.step === 'closed');
  const byDue = (a: CaseRow, b: CaseRow) => (a.nextDueAt || '9999').localeCompare(b.nextDueAt || '9999');
  const item = (c: CaseRow) => (
    <li key={c.id} className="case-row">
      <a href={href({ name: 'case', id: c.id })}>
        <span className="ref">{t('case.reference', { ref: caseRef(c.id) })}</span>
        {c.level >= 0 && <span className={`level level-${c.level}`}>{t('home.level', { level: String(c.level) })}</span>}
        <span className={c.nextDueAt && c.nextDueAt < now ? 'due overdue' : 'due'}>
          {c.nextDueAt ? `${c.nextDueAt < now ? t('home.overdue') : t('home.dueSoon')} · ${when(c.nextDueAt)}` : t('home.nothingDue')}
        </span>
      </a>
    </li>
  );
  return (
    <section aria-labelledby="home-title">
      <h2 id="home-title">{t('home.title')}</h2>
      {open.length === 0 && <p>{t('home.empty')}</p>}
      {STEP_IDS.filter((s) => s !== 'closed').map((step) => {
        const rows = open.filter((c) => c.step === step).sort(byDue);
        if (rows.length === 0) return null;
        return (
          <section key={step} aria-label={p(`step.${step}.title`)} className="stage">
            <h3>{p(`step.${step}.title`)}</h3>
            <ul className="cases">{rows.map(item)}</ul>
          </section>
        );
      })}
      {closed.length > 0 && (
        <details>
          <summary>{t('home.closed')}</summary>
          <ul className="cases">{closed.map(item)}</ul>
        </details>
      )}
    </section>
  );
}
