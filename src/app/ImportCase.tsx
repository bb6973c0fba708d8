import { useState } from 'react';
import type { FormEvent } from 'react';
import { schoolCalendar } from '../storage/calendar-setting';
import { appDb } from '../storage/instance';
import { sessionKeys } from '../storage/session';
import type { UiKey } from '../i18n/ui';
import { useI18n } from './i18n';
import { href } from './router';

/** Imports a colleague's case file with its one-time code; merged by event id with any local copy. */
export function ImportCase() {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [code, setCode] = useState('');
  const [done, setDone] = useState<{ caseId: string; added: number } | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setMessage(null);
    setDone(null);
    try {
      const { importCase } = await import('../storage/transfer');
      setDone(await importCase(appDb(), sessionKeys(), await file.text(), code.trim(), await schoolCalendar()));
    } catch (err) {
      const problem = (err as { problem?: string }).problem;
      setMessage(`${t(problem ? (`transfer.problem.${problem}` as UiKey) : 'error.unknown')} ${t('backup.nothingChanged')}`);
    }
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby="import-title" noValidate>
      <h3 id="import-title">{t('transfer.importTitle')}</h3>
      <label className="field">
        <span>{t('transfer.file')}</span>
        <input id="import-file" type="file" accept=".sanadcase,application/json" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>
      <label className="field">
        <span>{t('transfer.codeLabel')}</span>
        <input id="import-code" dir="ltr" autoComplete="off" spellCheck={false} value={code} onChange={(e) => setCode(e.target.value)} />
      </label>
      {message && (
        <p className="problems" role="alert">
          {message}
        </p>
      )}
      {done && (
        <p role="status">
          {t('transfer.imported', { added: String(done.added) })} <a href={href({ name: 'case', id: done.caseId })}>{done.caseId.slice(0, 8).toUpperCase()}</a>
        </p>
      )}
      <button type="submit" className="secondary" disabled={!file || !code.trim()}>
        {t('transfer.import')}
      </button>
    </form>
  );
}
