import { useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { DEFAULT_RETENTION } from '../../protocol/retention';
import type { RetentionPolicy } from '../../protocol/retention';
import type { UiKey } from '../i18n/ui';
import { ErrorSummary, invalidProps } from '../app/ErrorSummary';
import type { FormProblem } from '../app/ErrorSummary';
import { useI18n } from '../app/i18n';
import { StorageError } from '../storage/errors';
import { appDb } from '../storage/instance';
import { sessionKeys } from '../storage/session';
import { saveSetting, useSettingOrNull } from '../storage/setting-hooks';
import { NUMBER_FIELDS, boundsOf, fieldId, formOf, formProblems, policyOf } from './policy-form';
import type { NumberField, PolicyForm } from './policy-form';
import { CompactionSettings } from './CompactionSettings';

/** Who last saved the periods, and when: the head's name or role as typed (the policy itself holds only the periods). */
export const RETENTION_CHANGE_KEY = 'retention:policyChange';
interface PolicyChange {
  by: string;
  at: string;
}

const DECIDED_BY = 'retention-decidedBy';
const MONTHS = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0'));
const DAYS = Array.from({ length: 31 }, (_, i) => String(i + 1).padStart(2, '0'));

const LABEL: Record<keyof RetentionPolicy, UiKey> = {
  openReviewDays: 'retention.field.openReviewDays',
  closedSchoolYears: 'retention.field.closedSchoolYears',
  ceilingSchoolYears: 'retention.field.ceilingSchoolYears',
  schoolYearLastDay: 'retention.field.schoolYearLastDay',
  summaryYears: 'retention.field.summaryYears',
  draftDays: 'retention.field.draftDays',
  backupDays: 'retention.field.backupDays',
};
const WHY: Record<keyof RetentionPolicy, UiKey> = {
  openReviewDays: 'retention.why.openReviewDays',
  closedSchoolYears: 'retention.why.closedSchoolYears',
  ceilingSchoolYears: 'retention.why.ceilingSchoolYears',
  schoolYearLastDay: 'retention.why.schoolYearLastDay',
  summaryYears: 'retention.why.summaryYears',
  draftDays: 'retention.why.draftDays',
  backupDays: 'retention.why.backupDays',
};

type Loaded = { form: PolicyForm; unreadable: boolean };

/**
 * The school's retention periods (docs/decisions/0021-retention.md), edited by the head of school
 * (RETENTION_EDITORS): each class with its default, its bounds and the reason it exists. A refused save names
 * each field to fix and keeps what was typed; the periods saved before stay in force.
 */
export function RetentionSettings() {
  const [loaded, setLoaded] = useState<Loaded>();
  useEffect(() => {
    let live = true;
    void (async () => {
      const { readRetentionPolicy } = await import('../storage/retention-store');
      let next: Loaded;
      try {
        next = { form: formOf(await readRetentionPolicy(appDb(), sessionKeys())), unreadable: false };
      } catch {
        // Altered, or no longer within the bounds: shown as such, never silently as the school's periods.
        next = { form: formOf(DEFAULT_RETENTION), unreadable: true };
      }
      if (live) setLoaded(next);
    })();
    return () => {
      live = false;
    };
  }, []);
  if (!loaded) return null;
  return (
    <>
      <RetentionForm initial={loaded.form} unreadable={loaded.unreadable} />
      <CompactionSettings />
    </>
  );
}

function RetentionForm({ initial, unreadable }: { initial: PolicyForm; unreadable: boolean }) {
  const { t, when } = useI18n();
  const ids = useId();
  const [form, setForm] = useState(initial);
  const [decidedBy, setDecidedBy] = useState('');
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [stillUnreadable, setStillUnreadable] = useState(unreadable);
  const change = useSettingOrNull<PolicyChange>(RETENTION_CHANGE_KEY);
  const update = (patch: Partial<PolicyForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setSaved(false);
  };
  const refuse = (found: FormProblem[]) => {
    setProblems(found);
    setAttempt((n) => n + 1);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setSaved(false);
    const found: FormProblem[] = formProblems(form).map((p) => ({ text: t(p.key, { field: t(LABEL[p.field]), ...p.vars }), field: fieldId(p.field) }));
    if (!decidedBy.trim()) found.push({ text: t('retention.needDecidedBy'), field: DECIDED_BY });
    if (found.length > 0) return refuse(found);
    setBusy(true);
    setProblems([]);
    try {
      const { writeRetentionPolicy } = await import('../storage/retention-store');
      await writeRetentionPolicy(appDb(), sessionKeys(), policyOf(form));
      const at = new Date().toISOString();
      await saveSetting(RETENTION_CHANGE_KEY, { by: decidedBy.trim(), at } satisfies PolicyChange).catch(() => undefined);
      setSaved(true);
      setStillUnreadable(false);
    } catch (err) {
      const detail = err instanceof StorageError && Array.isArray(err.detail) ? (err.detail as { field: keyof RetentionPolicy; key: UiKey & `retention.problem.${string}`; min?: number; max?: number }[]) : [];
      refuse(
        detail.length > 0
          ? detail.map((p) => ({ text: t(p.key, { field: t(LABEL[p.field]), ...(p.min !== undefined ? { min: p.min } : {}), ...(p.max !== undefined ? { max: p.max } : {}) }), field: fieldId(p.field) }))
          : [{ text: t('retention.saveFailed') }],
      );
    } finally {
      setBusy(false);
    }
  };

  const hintId = (field: string) => `${ids}-${field}-hint`;
  const described = (field: keyof RetentionPolicy) => {
    const invalid = invalidProps(problems, fieldId(field));
    return { ...invalid, 'aria-describedby': [hintId(field), invalid['aria-describedby']].filter(Boolean).join(' ') };
  };
  const numberField = (field: NumberField) => {
    const b = boundsOf(field);
    return (
      <div className="field retention-field" key={field}>
        <label htmlFor={fieldId(field)}>{t(LABEL[field])}</label>
        <input
          id={fieldId(field)}
          inputMode="numeric"
          autoComplete="off"
          dir="ltr"
          size={4}
          value={form[field]}
          onChange={(e) => update({ [field]: e.target.value })}
          {...described(field)}
        />
        <span id={hintId(field)} className="hint">
          {t('retention.defaultRange', { value: b.value ?? '', min: b.min, max: b.max })} {t(WHY[field])}
        </span>
      </div>
    );
  };
  const summary = boundsOf('summaryYears');

  return (
    <form className="retention-settings" onSubmit={(e) => void submit(e)} aria-labelledby={`${ids}-title`} noValidate>
      <fieldset>
        <legend id={`${ids}-title`}>{t('retention.title')}</legend>
        <p className="hint">{t('retention.intro')}</p>
        {stillUnreadable && (
          <p className="problems" role="alert">
            {t('retention.unreadable')}
          </p>
        )}
        {change && <p className="hint">{t('retention.lastChange', { who: change.by, when: when(change.at) })}</p>}
        {NUMBER_FIELDS.slice(0, 3).map(numberField)}

        <div className="field retention-field" role="group" aria-labelledby={`${ids}-lastDay`}>
          <span id={`${ids}-lastDay`} className="label">
            {t(LABEL.schoolYearLastDay)}
          </span>
          <span className="retention-day">
            <label>
              <span>{t('retention.lastDay.day')}</span>
              <select id={fieldId('schoolYearLastDay')} value={form.lastDay} onChange={(e) => update({ lastDay: e.target.value })} {...described('schoolYearLastDay')}>
                {DAYS.map((d) => (
                  <option key={d} value={d}>
                    {d}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>{t('retention.lastDay.month')}</span>
              <select id={`${fieldId('schoolYearLastDay')}-month`} value={form.lastMonth} onChange={(e) => update({ lastMonth: e.target.value })}>
                {MONTHS.map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
              </select>
            </label>
          </span>
          <span id={hintId('schoolYearLastDay')} className="hint">
            {t('retention.defaultValue', { value: DEFAULT_RETENTION.schoolYearLastDay.split('-').reverse().join('/') })} {t(WHY.schoolYearLastDay)}
          </span>
        </div>

        <fieldset className="retention-field" aria-describedby={hintId('summaryYears')}>
          <legend>{t(LABEL.summaryYears)}</legend>
          <label className="chip">
            <input type="radio" name={`${ids}-summary`} checked={!form.summaryKept} onChange={() => update({ summaryKept: false })} />
            {t('retention.summary.fold')}
          </label>
          <label className="chip">
            <input type="radio" name={`${ids}-summary`} checked={form.summaryKept} onChange={() => update({ summaryKept: true })} />
            {t('retention.summary.keep')}
          </label>
          {form.summaryKept && (
            <label className="field">
              <span>{t('retention.summary.years')}</span>
              <input
                id={fieldId('summaryYears')}
                inputMode="numeric"
                autoComplete="off"
                dir="ltr"
                size={4}
                value={form.summaryYears}
                onChange={(e) => update({ summaryYears: e.target.value })}
                {...invalidProps(problems, fieldId('summaryYears'))}
              />
            </label>
          )}
          <span id={hintId('summaryYears')} className="hint">
            {t('retention.summary.default', { min: summary.min, max: summary.max })} {t(WHY.summaryYears)}
          </span>
        </fieldset>

        {NUMBER_FIELDS.slice(3).map(numberField)}

        <div className="field">
          <label htmlFor={DECIDED_BY}>{t('retention.decidedBy')}</label>
          <input id={DECIDED_BY} dir="auto" autoComplete="off" value={decidedBy} onChange={(e) => setDecidedBy(e.target.value)} aria-describedby={`${ids}-decided-hint`} {...invalidProps(problems, DECIDED_BY)} />
          <span id={`${ids}-decided-hint`} className="hint">
            {t('retention.decidedByHint')}
          </span>
        </div>
        <ErrorSummary problems={problems} attempt={attempt} title={t('retention.refusedTitle')} />
        {saved && (
          <p className="hint" role="status">
            {t('retention.saved')}
          </p>
        )}
        <div className="settings-actions">
          <button type="submit" aria-disabled={busy || undefined}>
            {t('retention.save')}
          </button>
          <button type="button" className="secondary" onClick={() => update(formOf(DEFAULT_RETENTION))}>
            {t('retention.defaults')}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
