import type { ReactNode } from 'react';
import { unansweredTriggers } from '../../machines/facts';
import { dueItems, requiredActions } from '../../machines/guidance';
import { stepOf } from '../../machines/replay';
import { stepDef } from '../../protocol/steps';
import type { StepId } from '../../protocol/steps';
import { useI18n } from '../app/i18n';
import { useCase, useSetting, useStoreCalendar } from '../storage/app-db';
import { useCaseStore } from '../storage/case-store';
import type { CaseEventRecord } from '../storage/db';
import { writeSetting } from '../storage/settings';
import { ActionForms } from './ActionForms';
import { CaseRecord } from './CaseRecord';
import { ChainCheck } from './ChainCheck';
import { Chronology } from './Chronology';
import { EmergencyPanel } from './EmergencyPanel';
import { PrintPanel } from './PrintPanel';
import { TransferPanel } from './TransferPanel';
import { TriagePanel } from './TriagePanel';
import { caseRef, nowIso } from './use-save';

/** The guided step view: where the case is, what to do and never do, what is due, and the chronology. */
export function CasePage({ id, extra }: { id: string; extra?: (caseId: string, events: CaseEventRecord[]) => ReactNode }) {
  const { t, p, when } = useI18n();
  const store = useCaseStore();
  const loaded = useCase(id);
  const author = useSetting<string>('author') ?? '';
  const calendar = useStoreCalendar();
  if (loaded === undefined || calendar === undefined) return null;
  if (loaded === null) return <p role="alert">{t('case.notFound')}</p>;
  const { snapshot, events, chainHead } = loaded;
  const step = stepOf(snapshot) as StepId;
  const def = stepDef(step);
  const now = nowIso();
  const due = dueItems(snapshot, now, calendar);
  const required = requiredActions(snapshot);
  const level = snapshot.context.level;

  return (
    <article aria-labelledby="case-title" className={`case step-${step}`}>
      <header className="case-head">
        <h2 id="case-title">{t('case.reference', { ref: caseRef(id) })}</h2>
        <p>
          {t('case.step')}: <strong data-testid="current-step">{p(`step.${step}.title`)}</strong> · {t('case.severity')}:{' '}
          <strong data-testid="current-level">{level === undefined ? t('case.noSeverity') : `${level} · ${p(`severity.${level}.label`)}`}</strong>
        </p>
        <p className="hint">{p(`step.${step}.summary`)}</p>
      </header>

      {/* In an emergency the calls come first: on a phone they must be on the first screen. */}
      {author && step === 'emergencyEscalation' && <EmergencyPanel caseId={id} snapshot={snapshot} author={author} />}

      {!author && (
        <label className="field">
          <span>{t('report.author')}</span>
          <input dir="auto" onBlur={(e) => e.target.value.trim() && void writeSetting(store.db(), store.keys(), 'author', e.target.value.trim())} />
        </label>
      )}

      {required.length > 0 && (
        <section aria-labelledby="required-title" className="required">
          <h3 id="required-title">{t('case.required')}</h3>
          <ul>
            {required.map((r) => (
              <li key={r}>{p(`action.${r}`)}</li>
            ))}
          </ul>
        </section>
      )}

      {due.length > 0 && (
        <section aria-labelledby="due-title">
          <h3 id="due-title">{t('case.deadlines')}</h3>
          <ul className="deadlines">
            {due.map((d) => (
              <li key={`${d.id}-${d.referralId ?? ''}`} className={d.overdue ? 'overdue' : ''}>
                {p(d.textKey)} — {d.overdue ? t('case.overdueSince', { when: when(d.dueAt) }) : t('case.due', { when: when(d.dueAt) })}
              </li>
            ))}
          </ul>
        </section>
      )}

      {author && step === 'triage' && <TriagePanel key={events.length} caseId={id} snapshot={snapshot} author={author} />}
      {author && step === 'emergencyEscalation' && (unansweredTriggers(snapshot.context).length > 0 || snapshot.context.categories.length === 0) && (
        <TriagePanel key={events.length} caseId={id} snapshot={snapshot} author={author} mode="emergency" />
      )}

      {author && <ActionForms caseId={id} snapshot={snapshot} author={author} />}

      <section aria-labelledby="checklist-title" className="checklist">
        <h3 id="checklist-title">{t('case.todo')}</h3>
        <ul>
          {def.todo.map((c) => (
            <li key={c}>{p(`checklist.${c}`)}</li>
          ))}
        </ul>
        {def.never.length > 0 && (
          <>
            <h3>{t('case.never')}</h3>
            <ul className="never">
              {def.never.map((c) => (
                <li key={c}>{p(`checklist.${c}`)}</li>
              ))}
            </ul>
          </>
        )}
      </section>

      <CaseRecord ctx={snapshot.context} />
      {/* A training case never leaves the sandbox as a case: no case file, no transfer (decision 0009). */}
      {store.kind === 'real' ? (
        <>
          <PrintPanel caseId={id} snapshot={snapshot} events={events} chainHead={chainHead} />
          <TransferPanel caseId={id} />
        </>
      ) : (
        extra?.(id, events)
      )}
      <Chronology events={events} />
      <ChainCheck caseId={id} />
    </article>
  );
}
