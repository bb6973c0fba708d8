import { useState } from 'react';
import type { FormEvent } from 'react';
import { schoolCalendar } from '../storage/calendar-setting';
import { appDb } from '../storage/instance';
import { sessionKeys } from '../storage/session';
import type { UiKey } from '../i18n/ui';
import type { OpenedTransfer } from '../storage/transfer';
import { useI18n } from './i18n';
import { href } from './router';

/**
 * Imports a colleague's case file in two steps: the file is opened with its one-time code and its signature
 * checked, then the sender's key fingerprint is shown for the teacher to compare with the sender's screen;
 * only then are the events the local copy lacks appended to it.
 */
export function ImportCase() {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [code, setCode] = useState('');
  const [opened, setOpened] = useState<OpenedTransfer | null>(null);
  const [done, setDone] = useState<{ caseId: string; added: number } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const refuse = (err: unknown) => {
    const problem = (err as { problem?: string }).problem;
    setMessage(`${t(problem ? (`transfer.problem.${problem}` as UiKey) : 'error.unknown')} ${t('backup.nothingChanged')}`);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setMessage(null);
    setDone(null);
    setOpened(null);
    try {
      const { openTransfer } = await import('../storage/transfer');
      setOpened(await openTransfer(await file.text(), code.trim()));
    } catch (err) {
      refuse(err);
    }
  };
  const confirm = async () => {
    if (!opened) return;
    try {
      const { mergeTransfer } = await import('../storage/transfer');
      setDone(await mergeTransfer(appDb(), sessionKeys(), opened, await schoolCalendar()));
    } catch (err) {
      refuse(err);
    }
    setOpened(null);
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
      {opened ? (
        <div className="confirm" role="group" aria-labelledby="import-sender">
          <p id="import-sender">
            {t('transfer.fingerprintSender')}{' '}
            <strong className="recovery-code" data-testid="sender-fingerprint">
              <bdi dir="ltr">{opened.fingerprint}</bdi>
            </strong>
          </p>
          <p className="hint">{t('transfer.compare')}</p>
          <div className="buttons">
            <button type="button" onClick={() => void confirm()}>
              {t('transfer.confirm')}
            </button>{' '}
            <button type="button" className="secondary" onClick={() => setOpened(null)}>
              {t('transfer.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <button type="submit" className="secondary" disabled={!file || !code.trim()}>
          {t('transfer.open')}
        </button>
      )}
    </form>
  );
}
