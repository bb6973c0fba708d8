import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { targetOf, unansweredTriggers } from '../../machines/facts';
import { dueItems } from '../../machines/guidance';
import { stepOf } from '../../machines/replay';
import { localDate } from '../../protocol/calendar';
import { stepDef } from '../../protocol/steps';
import type { StepId } from '../../protocol/steps';
import { EmergencyNumbers } from '../app/EmergencyNumbers';
import { formatDayMonthYear } from '../app/date-input';
import { useI18n } from '../app/i18n';
import { useCase, useSettingOrNull, useStoreCalendar, useWhatStillOpens } from '../storage/app-db';
import type { Alteration } from '../storage/ledger';
import type { UiKey } from '../i18n/ui';
import { useCaseStore } from '../storage/case-store';
import type { CaseEventRecord } from '../storage/db';
import { writeSetting } from '../storage/settings';
import { CaseRecord } from './CaseRecord';
import { ChainCheck } from './ChainCheck';
import { Chronology } from './Chronology';
import { EmergencyPanel } from './EmergencyPanel';
import { NextSteps } from './NextSteps';
import { PrintPanel } from './PrintPanel';
import { TransferPanel } from './TransferPanel';
import { TriagePanel } from './TriagePanel';
import { CaseRetention } from '../retention-ui/CaseRetention';
import { caseRef, nowIso } from './use-save';

/** A section folded under its title: the next step stays at the top of a phone's screen. */
function Fold({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <details className="fold" id={id}>
      <summary>
        <h3>{title}</h3>
      </summary>
      {children}
    </details>
  );
}

const ALTERATION_TEXT: Record<Alteration, UiKey> = {
  truncated: 'case.altered.missingEvents',
  extended: 'case.altered.extraEvents',
  legacyRefused: 'case.altered.legacy',
  notAnchored: 'case.altered.changed',
  flagged: 'case.altered.changed',
  head: 'case.altered.changed',
  moved: 'case.altered.changed',
  unsealed: 'case.altered.changed',
  ledger: 'case.altered.changed',
};

/** A case whose record disagrees with the ledger: what happened, by the case's reference only, and what to do. */
function AlteredCase({ id, reason }: { id: string; reason: Alteration }) {
  const { t } = useI18n();
  return (
    <article aria-labelledby="case-title" className="case case-altered" data-altered={reason}>
      <h2 id="case-title">{t('case.reference', { ref: caseRef(id) })}</h2>
      <EmergencyNumbers />
      <div role="alert" className="problems">
        <h3>{t('case.altered.title')}</h3>
        <p>{t(ALTERATION_TEXT[reason])}</p>
        <p>{t('case.altered.what')}</p>
      </div>
      <WhatStillOpens id={id} />
    </article>
  );
}

/**
 * The events of an altered case that still open, each bound to this case and its place, shown read-only under
 * a warning: the team must not be blind to what was recorded (an emergency), nor take it as the whole record.
 */
function WhatStillOpens({ id }: { id: string }) {
  const { t } = useI18n();
  const found = useWhatStillOpens(id);
  if (!found || (found.events.length === 0 && found.unreadable === 0)) return null;
  return (
    <section aria-labelledby="still-opens-title" className="still-opens">
      <h3 id="still-opens-title">{t('case.altered.readable')}</h3>
      <p className="hint">{t('case.altered.readableHint')}</p>
      {found.unreadable > 0 && <p>{t('case.altered.unreadable', { count: String(found.unreadable) })}</p>}
      {found.events.length > 0 && <Chronology events={found.events} />}
    </section>
  );
}

/**
 * The guided case view: which case (the target's pseudonym, class and opening date, read from the decrypted
 * case, never from the clear index), where it stands and what is due next by name; then what to do now; the
 * rest folds away.
 */
export function CasePage({ id, extra }: { id: string; extra?: (caseId: string, events: CaseEventRecord[]) => ReactNode }) {
  const { t, p, f, when } = useI18n();
  const store = useCaseStore();
  const loaded = useCase(id);
  const shown = Boolean(loaded);
  // The tab names the case by its reference, never by the child's pseudonym: Chromium writes tab titles to the
  // profile's session and history files, in clear.
  useEffect(() => {
    if (shown) document.title = `${t('case.reference', { ref: caseRef(id) })} · ${t('app.name')}`;
  }, [shown, id, t]);
  // `undefined` while the setting loads: the name field must not flash up beside a name already known.
  const authorSetting = useSettingOrNull<string>('author');
  const author = authorSetting ?? '';
  const calendar = useStoreCalendar();
  if (loaded === undefined || calendar === undefined || authorSetting === undefined) return null;
  if (loaded === null) return <p role="alert">{t('case.notFound')}</p>;
  if ('altered' in loaded) return <AlteredCase id={id} reason={loaded.altered} />;
  const { snapshot, events, chainHead } = loaded;
  const ctx = snapshot.context;
  const step = stepOf(snapshot) as StepId;
  const def = stepDef(step);
  const now = nowIso();
  const due = dueItems(snapshot, now, calendar);
  const next = due[0];
  const level = ctx.level;
  const target = targetOf(ctx);
  const opened = events[0] ? formatDayMonthYear(localDate(events[0].at, calendar)) : '';

  return (
    <article aria-labelledby="case-title" className={`case step-${step}`}>
      <header className="case-head">
        <h2 id="case-title">
          {target ? <bdi dir="auto">{target.pseudonym}</bdi> : t('case.noTarget')}
          {target?.className && (
            <>
              {' · '}
              <bdi dir="auto">{target.className}</bdi>
            </>
          )}
        </h2>
        <p className="case-meta">
          <span>{t('case.reference', { ref: caseRef(id) })}</span> · <span>{t('case.opened', { date: opened })}</span>
        </p>
        <dl className="case-facts">
          <div>
            <dt>{t('case.step')}</dt>
            <dd data-testid="current-step">{p(`step.${step}.title`)}</dd>
          </div>
          <div>
            <dt>{t('case.severity')}</dt>
            <dd data-testid="current-level">{level === undefined ? t('case.noSeverity') : `${level} · ${p(`severity.${level}.label`)}`}</dd>
          </div>
          <div>
            <dt>{t('case.track')}</dt>
            <dd data-testid="current-track">{ctx.track ? f(`opt.track.${ctx.track}`) : t('case.noTrack')}</dd>
          </div>
          <div className={next?.overdue ? 'overdue' : ''}>
            <dt>{t('case.next')}</dt>
            <dd data-testid="next-due">
              {next ? t('case.nextDue', { what: p(next.textKey), when: next.overdue ? `${t('case.overdue')} · ${when(next.dueAt)}` : when(next.dueAt) }) : t('case.nothingDue')}
            </dd>
          </div>
        </dl>
      </header>

      {/* In an emergency the calls come first: on a phone they must be on the first screen. */}
      {author && step === 'emergencyEscalation' && <EmergencyPanel caseId={id} snapshot={snapshot} author={author} />}

      {/* Before anyone is named on this device (a case received by transfer), an emergency still shows its numbers. */}
      {!author && step === 'emergencyEscalation' && <EmergencyNumbers top />}
      {!author && (
        <label className="field">
          <span>{t('report.author')}</span>
          <input dir="auto" autoComplete="off" onBlur={(e) => e.target.value.trim() && void writeSetting(store.db(), store.keys(), 'author', e.target.value.trim())} />
        </label>
      )}

      {author && <NextSteps snapshot={snapshot} caseId={id} author={author} />}

      {author && step === 'triage' && <TriagePanel key={events.length} caseId={id} snapshot={snapshot} author={author} />}
      {author && step === 'emergencyEscalation' && (unansweredTriggers(ctx).length > 0 || ctx.categories.length === 0) && (
        <TriagePanel key={events.length} caseId={id} snapshot={snapshot} author={author} mode="emergency" />
      )}

      {due.length > 1 && (
        <Fold id="deadlines" title={`${t('case.deadlines')} (${due.length})`}>
          <ul className="deadlines">
            {due.map((d) => (
              <li key={`${d.id}-${d.referralId ?? ''}`} className={d.overdue ? 'overdue' : ''}>
                {p(d.textKey)} — {d.overdue ? t('case.overdueSince', { when: when(d.dueAt) }) : t('case.due', { when: when(d.dueAt) })}
              </li>
            ))}
          </ul>
        </Fold>
      )}

      <Fold id="checklist" title={t('case.aboutStep')}>
        <div className="checklist">
          <p className="hint">{p(`step.${step}.summary`)}</p>
          <h4>{t('case.todo')}</h4>
          <ul>
            {def.todo.map((c) => (
              <li key={c}>{p(`checklist.${c}`)}</li>
            ))}
          </ul>
          {def.never.length > 0 && (
            <>
              <h4>{t('case.never')}</h4>
              <ul className="never">
                {def.never.map((c) => (
                  <li key={c}>{p(`checklist.${c}`)}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      </Fold>

      <CaseRecord ctx={ctx} fold />
      {/* How long the case file is kept, the target's leaving day and the head's holds: real cases only. */}
      {store.kind === 'real' && (
        <Fold id="retention" title={t('caseRetention.title')}>
          <CaseRetention caseId={id} loaded={loaded} cal={calendar} />
        </Fold>
      )}
      {/* A training case never leaves the sandbox as a case: no case file, no transfer (decision 0009). */}
      {store.kind === 'real' ? (
        <>
          <PrintPanel caseId={id} snapshot={snapshot} events={events} chainHead={chainHead} />
          <TransferPanel caseId={id} />
        </>
      ) : (
        extra?.(id, events)
      )}
      <Chronology events={events} ctx={ctx} fold />
      <ChainCheck caseId={id} />
    </article>
  );
}
