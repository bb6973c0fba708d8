import { useMemo, useState } from 'react';
import { endOfLocalDay, localDate } from '../../protocol/calendar';
import { STEP_IDS } from '../../protocol/steps';
import { useI18n } from '../app/i18n';
import { localProps } from '../i18n/interface-text';
import { href } from '../app/router';
import { useSchoolCalendar } from '../storage/calendar-setting';
import { displayable, useCaseAudit, useCaseCards, useCaseChanges, useClosedCases, useClosedCount, useOpenCases } from '../storage/case-list';
import { useSettingOrNull } from '../storage/setting-hooks';
import { LAST_BACKUP_KEY, needsBackup } from '../app/backup-reminder';
import type { LastBackup } from '../app/backup-reminder';
import { isDue } from '../storage/backup-register';
import { useBackupRegister } from '../app/use-backup-register';
import type { CaseCard, CaseRow } from '../storage/db';
import { RetentionDue } from './RetentionDue';
import { caseRef, nowIso } from './use-save';

/** Rows shown per group before "show all": a long list is slow to scan under stress, and to render. */
const PAGE = 20;

const byDue = (a: CaseRow, b: CaseRow) => (a.nextDueAt || '9999').localeCompare(b.nextDueAt || '9999');

function CaseItem({ row, card, now }: { row: CaseRow; card?: CaseCard; now: string }) {
  const { t, p, when } = useI18n();
  const overdue = row.nextDueAt !== '' && row.nextDueAt < now;
  const ref = t('case.reference', { ref: caseRef(row.id) });
  // Nothing due is '' (no date to show): read only when there is one.
  const due = row.nextDueAt === '' ? '' : card?.nextDue ? t('home.dueWhat', { what: p(card.nextDue), when: when(row.nextDueAt) }) : when(row.nextDueAt);
  return (
    <li className="case-row">
      <a href={href({ name: 'case', id: row.id })}>
        <span className="label">
          {card?.pseudonym ? <bdi dir="auto">{card.pseudonym}</bdi> : ref}
          {card?.className && (
            <>
              {' · '}
              <bdi dir="auto">{card.className}</bdi>
            </>
          )}
        </span>
        {card?.pseudonym && <span className="ref">{ref}</span>}
        {row.level >= 0 && <span className={`level level-${row.level}`}>{t('home.level', { level: String(row.level) })}</span>}
        <span className={overdue ? 'due overdue' : 'due'}>{row.nextDueAt ? `${overdue ? t('home.overdue') : t('home.dueSoon')} · ${due}` : t('home.nothingDue')}</span>
      </a>
    </li>
  );
}

function CaseList({ rows, now }: { rows: CaseRow[]; now: string }) {
  const { t } = useI18n();
  const [all, setAll] = useState(false);
  const shown = useMemo(() => (all ? rows : rows.slice(0, PAGE)), [all, rows]);
  const cards = useCaseCards(shown);
  return (
    <>
      <ul className="cases">
        {shown.map((row) => (
          <CaseItem key={row.id} row={row} card={cards.get(row.id)} now={now} />
        ))}
      </ul>
      {shown.length < rows.length && (
        <button type="button" className="secondary" onClick={() => setAll(true)}>
          {t('home.showAll', { count: String(rows.length) })}
        </button>
      )}
    </>
  );
}

/** Closed cases are read only when the teacher opens the list, most recent first. */
function ClosedCases({ now }: { now: string }) {
  const [limit, setLimit] = useState(PAGE);
  const { t } = useI18n();
  const stored = useClosedCases(limit);
  const rows = useMemo(() => stored?.map(displayable), [stored]);
  const count = useClosedCount() ?? 0;
  const cards = useCaseCards(rows);
  if (!rows) return <p role="status">{t('home.loading')}</p>;
  return (
    <>
      <ul className="cases">
        {rows.map((row) => (
          <CaseItem key={row.id} row={row} card={cards.get(row.id)} now={now} />
        ))}
      </ul>
      {rows.length < count && (
        <button type="button" className="secondary" onClick={() => setLimit(count)}>
          {t('home.showAll', { count: String(count) })}
        </button>
      )}
    </>
  );
}

function BackupReminder({ now }: { now: string }) {
  const { t } = useI18n();
  const last = useSettingOrNull<LastBackup>(LAST_BACKUP_KEY);
  const changes = useCaseChanges(last ? last.createdAt : null);
  if (last === undefined || !changes || !needsBackup(last, changes.total, changes.changed, now)) return null;
  return (
    <p className="reminder" role="status">
      {t(last ? 'backup.reminder' : 'backup.never')} <a href={href({ name: 'backup' })}>{t('backup.make')}</a>
    </p>
  );
}

/**
 * Backup files the register says are due for destruction (decision 0021): the team destroys them itself and
 * says so on the Backup page. `closedCount` moves when a case is purged, after which older files may be due.
 */
function BackupsToDestroy({ closedCount }: { closedCount: number }) {
  const { t } = useI18n();
  const view = useBackupRegister(closedCount);
  const due = view?.lines?.filter((l) => isDue(l.status)).length ?? 0;
  if (due === 0) return null;
  return (
    <p className="reminder" role="status">
      {t('backup.toDestroy', { count: due })} <a href={href({ name: 'backup' })}>{t('backup.toDestroyLink')}</a>
    </p>
  );
}

/** What needs doing today first, then the other open cases grouped by stage, most urgent deadline first; closed cases last. */
export function HomePage() {
  const { t, p, tl } = useI18n();
  // Tamazight has this page's headings (docs/decisions/0020): each element says which language it is in.
  const L = (key: 'home.title' | 'home.loading' | 'home.today' | 'home.nothingToday' | 'home.closed') => localProps(tl(key));
  const raw = useOpenCases();
  // The ledger check reads the rows as stored; the lists show them as they can be shown.
  const audit = useCaseAudit(raw);
  const open = useMemo(() => raw?.map(displayable), [raw]);
  const closedCount = useClosedCount();
  const cal = useSchoolCalendar();
  const [closedShown, setClosedShown] = useState(false);
  if (!open || closedCount === undefined || !cal) return <p role="status" {...L('home.loading')} />;
  const now = nowIso();
  const endOfToday = endOfLocalDay(localDate(now, cal), cal);
  const pressing = open.filter((c) => c.nextDueAt !== '' && c.nextDueAt <= endOfToday).sort(byDue);
  // A case listed under "due today" is not listed again under its stage: one row per case.
  const later = open.filter((c) => !pressing.includes(c));
  return (
    <section aria-labelledby="home-title">
      <h2 id="home-title" {...L('home.title')} />
      <BackupReminder now={now} />
      <BackupsToDestroy closedCount={closedCount} />
      {audit?.ledgerAltered && (
        <p role="alert" className="problems">
          {t('home.ledgerAltered')}
        </p>
      )}
      {audit && audit.missing.length > 0 && (
        <p role="alert" className="problems" data-testid="missing-cases">
          {t('home.missingCases', { count: String(audit.missing.length) })}
        </p>
      )}
      {audit && audit.suspect.length > 0 && (
        <section aria-labelledby="suspect-title" className="stage suspect">
          <h3 id="suspect-title">
            {t('home.needsChecking')} <span className="count">({audit.suspect.length})</span>
          </h3>
          <p className="hint">{t('home.needsCheckingHelp')}</p>
          <CaseList rows={audit.suspectShown} now={now} />
        </section>
      )}
      {open.length === 0 && <p>{t('home.empty')}</p>}
      {open.length > 0 && (
        <section aria-labelledby="today-title" className="stage today">
          <h3 id="today-title" {...L('home.today')} />
          {pressing.length === 0 ? <p className="hint" {...L('home.nothingToday')} /> : <CaseList rows={pressing} now={now} />}
        </section>
      )}
      <RetentionDue cal={cal} />
      {STEP_IDS.filter((s) => s !== 'closed').map((step) => {
        const rows = later.filter((c) => c.step === step).sort(byDue);
        if (rows.length === 0) return null;
        return (
          <section key={step} aria-label={p(`step.${step}.title`)} className="stage">
            <h3>
              {p(`step.${step}.title`)} <span className="count">({rows.length})</span>
            </h3>
            <CaseList rows={rows} now={now} />
          </section>
        );
      })}
      {closedCount > 0 && (
        <details onToggle={(e) => setClosedShown((e.target as HTMLDetailsElement).open)}>
          <summary>
            <span {...L('home.closed')} /> <span className="count">({closedCount})</span>
          </summary>
          {closedShown && <ClosedCases now={now} />}
        </details>
      )}
    </section>
  );
}
