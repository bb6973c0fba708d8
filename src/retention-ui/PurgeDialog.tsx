import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { localDate } from '../../protocol/calendar';
import type { SchoolCalendar } from '../../protocol/calendar';
import type { PrintedCopy } from '../../machines/retention-facts';
import { isInterfaceLanguage } from '../../protocol/languages';
import { LANGUAGE_NAMES, directionOf } from '../i18n/ui';
import { ErrorSummary, invalidProps } from '../app/ErrorSummary';
import type { FormProblem } from '../app/ErrorSummary';
import { useI18n } from '../app/i18n';
import { holdText } from './hold-text';
import { useCaseStore } from '../storage/case-store';
import type { CaseStore } from '../storage/case-store';
import { lastKeptDay } from '../cases/retention-due';
import { nowIso } from '../cases/use-save';
import { purgeProblem } from './purge-refusal';
import type { PurgeProblem } from './purge-refusal';

const DECIDED_BY = 'purge-decidedBy';
const TODAY = 'purge-today';

/** The last day a case is kept, at `now`, as the rules read it now (for a "not due" refusal). */
async function keptUntil(store: CaseStore, caseId: string, cal: SchoolCalendar, now: string): Promise<string | null> {
  const { loadCase } = await import('../storage/case-repository');
  const { readRetentionPolicy, readRetentionRecord, retentionOfLoaded } = await import('../storage/retention-store');
  const [loaded, policy, record] = await Promise.all([loadCase(store.db(), store.keys(), caseId), readRetentionPolicy(store.db(), store.keys()), readRetentionRecord(store.db(), store.keys(), caseId)]);
  const r = retentionOfLoaded(loaded, record, policy, cal, now);
  return r.kind === 'open' ? null : lastKeptDay(r.purgeFrom, cal);
}

/**
 * The confirmation of a purge (docs/decisions/0021-retention.md): what goes, what stays (and what the team must
 * destroy itself), who decides, and the date the device believes it is, which the head checks. The rules are
 * the storage's (`purgeCase`): a refusal names the rule that refused.
 */
export function PurgeDialog({ caseId, title, cal, onPurged, onClose }: { caseId: string; title: ReactNode; cal: SchoolCalendar; onPurged: () => void; onClose: () => void }) {
  const { t, p, day, when } = useI18n();
  const store = useCaseStore();
  const dialog = useRef<HTMLDialogElement>(null);
  const ids = useId();
  // The device's date when the form opened: the one the head checks, and the one the purge is asked for.
  const [today, setToday] = useState(() => localDate(nowIso(), cal));
  const [decidedBy, setDecidedBy] = useState('');
  const [checked, setChecked] = useState(false);
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  // What this device's print log recorded: the paper the team must find and destroy, named in the confirmation.
  const [printed, setPrinted] = useState<readonly PrintedCopy[]>([]);
  useEffect(() => {
    let live = true;
    void import('../storage/retention-store')
      .then(({ readRetentionRecord }) => readRetentionRecord(store.db(), store.keys(), caseId))
      .then((r) => live && setPrinted(r.printed ?? []))
      .catch(() => undefined); // Unreadable: the general warning about printed copies stands alone.
    return () => {
      live = false;
    };
  }, [store, caseId]);
  // Modal while it is up (Escape cancels it); a close fired by a remount (development's double effects) finds it open again and is ignored.
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  const refuse = (found: FormProblem[]) => {
    setProblems(found);
    setAttempt((n) => n + 1);
  };


  const problemTexts = async (problem: PurgeProblem, now: string): Promise<FormProblem[]> => {
    switch (problem.kind) {
      case 'open':
        return [{ text: t('purge.refused.open') }];
      case 'synced':
        return [{ text: t('purge.refused.synced') }];
      case 'held':
        return [{ text: t('purge.refused.held') }, ...problem.holds.map((h) => ({ text: holdText(h, { t, p, when }) }))];
      case 'notDue': {
        const until = await keptUntil(store, caseId, cal, now).catch(() => null);
        return [{ text: until ? t('purge.refused.notDue', { date: day(until) }) : t('purge.refused.notDueUnknown') }];
      }
      case 'clockBehind':
      case 'dateUnconfirmed':
        return [{ text: problem.newest ? t(`purge.refused.${problem.kind}`, { date: day(today), newest: day(problem.newest) }) : t('purge.refused.other', { rule: problem.kind }) }];
      case 'rule':
        return [{ text: t('purge.refused.other', { rule: problem.rule }) }];
      default:
        return [{ text: t(`purge.${problem.kind}`) }];
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const found: FormProblem[] = [];
    if (!decidedBy.trim()) found.push({ text: t('purge.needDecidedBy'), field: DECIDED_BY });
    if (!checked) found.push({ text: t('purge.needToday', { date: day(today) }), field: TODAY });
    if (found.length > 0) return refuse(found);
    const now = nowIso();
    // The day turned while the form was open: the head checks the new date before anything is purged.
    if (localDate(now, cal) !== today) {
      const newDay = localDate(now, cal);
      setToday(newDay);
      setChecked(false);
      return refuse([{ text: t('purge.needToday', { date: day(newDay) }), field: TODAY }]);
    }
    setBusy(true);
    setProblems([]);
    try {
      const { purgeCase } = await import('../storage/purge');
      // The local date the head checked: the purge refuses a date far past the vault's newest without it.
      await purgeCase(store.db(), store.keys(), caseId, { now, cal, decidedBy: decidedBy.trim(), confirmedDate: today });
      onPurged();
    } catch (err) {
      refuse(await problemTexts(purgeProblem(err), now));
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={dialog} className="purge-dialog" aria-labelledby={`${ids}-title`} onClose={() => !dialog.current?.open && onClose()}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <h2 id={`${ids}-title`}>
          {t('purge.title')} · {title}
        </h2>
        <h3>{t('purge.goes')}</h3>
        <ul>
          <li>{t('purge.goes.record')}</li>
          <li>{t('purge.goes.retention')}</li>
          <li>{t('purge.goes.draft')}</li>
        </ul>
        <h3>{t('purge.stays')}</h3>
        <ul>
          <li>{t('purge.stays.log')}</li>
          <li className="hint warning">{t('purge.stays.copies')}</li>
          {printed.length > 0 && (
            <li className="hint warning">
              {t('purge.stays.printed')}
              <ul>
                {printed.map((c) => (
                  <li key={`${c.kind}-${c.on}-${c.lang}-${c.redacted}`}>
                    {t('purge.stays.printedCopy', { document: t(`pdf.${c.kind}`), date: day(c.on) })}{' '}
                    {isInterfaceLanguage(c.lang) && (
                      <span lang={c.lang} dir={directionOf(c.lang)}>
                        ({LANGUAGE_NAMES[c.lang]})
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            </li>
          )}
        </ul>
        <div className="field">
          <label htmlFor={DECIDED_BY}>{t('retention.decidedBy')}</label>
          <input id={DECIDED_BY} dir="auto" autoComplete="off" value={decidedBy} onChange={(e) => setDecidedBy(e.target.value)} {...invalidProps(problems, DECIDED_BY)} />
        </div>
        <p id={`${ids}-today`}>{t('purge.today', { date: day(today) })}</p>
        <label className="chip">
          <input id={TODAY} type="checkbox" checked={checked} onChange={(e) => setChecked(e.target.checked)} {...invalidProps(problems, TODAY)} />
          {t('purge.confirmToday', { date: day(today) })}
        </label>
        <ErrorSummary problems={problems} attempt={attempt} title={t('purge.refusedTitle')} />
        <div className="settings-actions">
          <button type="submit" className="danger" aria-disabled={busy || undefined}>
            {t('purge.confirm')}
          </button>
          <button type="button" className="secondary" onClick={() => dialog.current?.close()}>
            {t('purge.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
