import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { localDate } from '../../protocol/calendar';
import type { SchoolCalendar } from '../../protocol/calendar';
import type { HeadHold, Retention } from '../../protocol/retention';
import { DateField } from '../app/DateField';
import { ErrorSummary, invalidProps } from '../app/ErrorSummary';
import type { FormProblem } from '../app/ErrorSummary';
import { useI18n } from '../app/i18n';
import { holdText } from './hold-text';
import type { UiKey } from '../i18n/ui';
import { lastKeptDay } from '../cases/retention-due';
import { nowIso } from '../cases/use-save';
import type { LoadedCase } from '../storage/case-repository';
import { useCaseStore } from '../storage/case-store';
import { StorageError } from '../storage/errors';
import { liftHeadHold, placeHeadHold, setTargetLeavesOn } from '../storage/retention-store';
import { useCaseRetention } from '../storage/retention-hooks';
import type { CaseRetentionRead } from '../storage/retention-hooks';

const KEPT: Record<'schoolYear' | 'targetLeaves' | 'ceiling', UiKey> = {
  schoolYear: 'caseRetention.kept.schoolYear',
  targetLeaves: 'caseRetention.kept.targetLeaves',
  ceiling: 'caseRetention.kept.ceiling',
};

/**
 * Where a case stands under the school's retention periods, and what the team records beside the protocol
 * (docs/decisions/0021-retention.md): the day the target leaves the school (which keeps a closed case longer, up
 * to the ceiling) and the head's holds (which keep it whatever the dates, until the head lifts them). Read live,
 * so a hold placed in another tab shows here too. The holds and the leaving day are written by the storage's
 * record writer, which refuses a record for a case purged meanwhile and never writes back a stale copy.
 */
export function CaseRetention({ caseId, loaded, cal }: { caseId: string; loaded: LoadedCase; cal: SchoolCalendar }) {
  const read = useCaseRetention(caseId, loaded, cal, nowIso);
  if (read === undefined) return null;
  return <RetentionPanel caseId={caseId} read={read} cal={cal} />;
}

function RetentionPanel({ caseId, read, cal }: { caseId: string; read: CaseRetentionRead; cal: SchoolCalendar }) {
  const { t, p, day, when } = useI18n();
  if (read === 'unreadable') {
    return (
      <div className="case-retention">
        <p className="problems" role="alert">
          {t('caseRetention.unreadable')}
        </p>
      </div>
    );
  }
  const { record, retention } = read;
  return (
    <div className="case-retention">
      <p data-testid="retention-status">{statusText(retention, cal, t, day)}</p>
      {retention.kind === 'held' && (
        <>
          <p>{t('caseRetention.holdsInForce')}</p>
          <ul className="holds-in-force">
            {retention.holds.map((h, i) => (
              <li key={i}>
                <bdi dir="auto">{holdText(h, { t, p, when })}</bdi>
              </li>
            ))}
          </ul>
        </>
      )}
      <LeavingDay caseId={caseId} current={record.targetLeavesOn} />
      <HeadHolds caseId={caseId} holds={record.headHolds} />
    </div>
  );
}

function statusText(r: Retention, cal: SchoolCalendar, t: ReturnType<typeof useI18n>['t'], day: (d: string) => string): string {
  switch (r.kind) {
    case 'open':
      return t('caseRetention.open', { date: day(localDate(r.reviewFrom, cal)) });
    case 'kept':
      return t(KEPT[r.basis], { date: day(lastKeptDay(r.purgeFrom, cal)) });
    case 'held':
      return t('caseRetention.held', { date: day(lastKeptDay(r.purgeFrom, cal)) });
    case 'purgeDue':
      return t('caseRetention.purgeDue', { date: day(lastKeptDay(r.purgeFrom, cal)) });
  }
}

/** A write refused or failed, in words that say why: a retry helps only when the vault was busy or not written. */
function failureText(t: ReturnType<typeof useI18n>['t'], err: unknown, refused: UiKey = 'caseRetention.alreadyLifted'): string {
  const problem = err instanceof StorageError ? err.problem : undefined;
  if (problem === 'caseNotFound') return t('purge.gone');
  // The record's writer refuses what it cannot keep: a hold no longer standing (lifted in another tab meanwhile), a
  // day that is not a date.
  if (problem === 'notAllowed') return t(refused);
  if (problem === 'altered') return t('purge.altered');
  if (problem === 'busy') return t('caseRetention.busy');
  return t('caseRetention.failed');
}

function LeavingDay({ caseId, current }: { caseId: string; current?: string }) {
  const { t, day } = useI18n();
  const store = useCaseStore();
  const ids = useId();
  const field = `${ids}-leaves`;
  const [value, setValue] = useState<{ date?: string; ok: boolean }>({ date: current, ok: true });
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async (date: string | undefined) => {
    if (busy) return;
    setDone(null);
    setBusy(true);
    try {
      await setTargetLeavesOn(store.db(), store.keys(), caseId, date);
      setProblems([]);
      setValue({ date, ok: true });
      setDone(date ? t('caseRetention.leaves.saved', { date: day(date) }) : t('caseRetention.leaves.cleared'));
    } catch (err) {
      setProblems([{ text: failureText(t, err, 'caseRetention.leaves.needDate') }]);
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!value.ok || !value.date) {
      setProblems([{ text: t('caseRetention.leaves.needDate'), field }]);
      setAttempt((n) => n + 1);
      return;
    }
    void save(value.date);
  };
  return (
    <form className="leaving-day" onSubmit={submit} noValidate>
      <div className="field">
        <label id={`${ids}-label`} htmlFor={field}>
          {t('caseRetention.leaves.label')}
        </label>
        <span className="hint">{t('caseRetention.leaves.hint')}</span>
        <DateField key={current ?? ''} id={field} labelledBy={`${ids}-label`} value={current} onChange={(date, ok) => setValue({ date, ok })} />
      </div>
      <ErrorSummary problems={problems} attempt={attempt} title={t('caseRetention.refusedTitle')} />
      <div className="settings-actions">
        <button type="submit" aria-disabled={busy || undefined}>
          {t('caseRetention.leaves.save')}
        </button>
        {current && (
          <button type="button" className="secondary" aria-disabled={busy || undefined} onClick={() => void save(undefined)}>
            {t('caseRetention.leaves.clear')}
          </button>
        )}
      </div>
      {done && (
        <p className="ok" role="status">
          {done}
        </p>
      )}
    </form>
  );
}

function HeadHolds({ caseId, holds }: { caseId: string; holds: readonly HeadHold[] }) {
  const { t, when } = useI18n();
  const store = useCaseStore();
  const ids = useId();
  const reasonField = `${ids}-reason`;
  const byField = `${ids}-by`;
  const [reason, setReason] = useState('');
  const [decidedBy, setDecidedBy] = useState('');
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [done, setDone] = useState<UiKey | null>(null);
  const [busy, setBusy] = useState(false);
  const refuse = (found: FormProblem[]) => {
    setProblems(found);
    setAttempt((n) => n + 1);
  };
  // Every change names who decides: a hold keeps a child's file past its period, and lifting one lets it go.
  const run = async (needReason: boolean, write: (by: string) => Promise<void>, doneKey: UiKey) => {
    if (busy) return;
    setDone(null);
    const found: FormProblem[] = [];
    if (needReason && !reason.trim()) found.push({ text: t('caseRetention.hold.needReason'), field: reasonField });
    if (!decidedBy.trim()) found.push({ text: t('caseRetention.hold.needDecidedBy'), field: byField });
    if (found.length > 0) return refuse(found);
    setBusy(true);
    try {
      await write(decidedBy.trim());
      setProblems([]);
      setDone(doneKey);
      if (needReason) setReason('');
    } catch (err) {
      refuse([{ text: failureText(t, err) }]);
    } finally {
      setBusy(false);
    }
  };
  const standing = holds.map((h, index) => ({ h, index })).filter(({ h }) => h.liftedAt === undefined);
  const lifted = holds.filter((h) => h.liftedAt !== undefined);
  return (
    <section className="head-holds" aria-labelledby={`${ids}-title`}>
      <h4 id={`${ids}-title`}>{t('caseRetention.hold.title')}</h4>
      <p className="hint">{t('caseRetention.hold.intro')}</p>
      {standing.length > 0 && (
        <ul className="holds">
          {standing.map(({ h, index }) => (
            <li key={index}>
              <bdi dir="auto">{t('caseRetention.hold.standing', { by: h.by, when: when(h.at), reason: h.reason })}</bdi>{' '}
              <button
                type="button"
                className="secondary"
                aria-disabled={busy || undefined}
                onClick={() => void run(false, (by) => liftHeadHold(store.db(), store.keys(), caseId, index, { at: nowIso(), by }), 'caseRetention.hold.liftedDone')}
              >
                {t('caseRetention.hold.lift')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(true, (by) => placeHeadHold(store.db(), store.keys(), caseId, { at: nowIso(), by, reason: reason.trim() }), 'caseRetention.hold.placed');
        }}
        noValidate
      >
        <div className="field">
          <label htmlFor={reasonField}>{t('caseRetention.hold.reason')}</label>
          <span className="hint" id={`${ids}-reason-hint`}>
            {t('caseRetention.hold.reasonHint')}
          </span>
          <textarea id={reasonField} dir="auto" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} aria-describedby={`${ids}-reason-hint`} {...invalidProps(problems, reasonField)} />
        </div>
        <div className="field">
          <label htmlFor={byField}>{t('retention.decidedBy')}</label>
          <input id={byField} dir="auto" autoComplete="off" value={decidedBy} onChange={(e) => setDecidedBy(e.target.value)} {...invalidProps(problems, byField)} />
        </div>
        <ErrorSummary problems={problems} attempt={attempt} title={t('caseRetention.refusedTitle')} />
        <button type="submit" aria-disabled={busy || undefined}>
          {t('caseRetention.hold.place')}
        </button>
      </form>
      {done && (
        <p className="ok" role="status">
          {t(done)}
        </p>
      )}
      {lifted.length > 0 && (
        <details className="holds-lifted">
          <summary>
            {t('caseRetention.hold.history')} ({lifted.length})
          </summary>
          <ul>
            {lifted.map((h, i) => (
              <li key={i}>
                <bdi dir="auto">
                  {h.liftedBy
                    ? t('caseRetention.hold.lifted', { by: h.by, when: when(h.at), reason: h.reason, liftedBy: h.liftedBy, liftedWhen: when(h.liftedAt!) })
                    : t('caseRetention.hold.liftedUnsigned', { by: h.by, when: when(h.at), reason: h.reason, liftedWhen: when(h.liftedAt!) })}
                </bdi>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
