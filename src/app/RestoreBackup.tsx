import { useState } from 'react';
import type { FormEvent } from 'react';
import type { CheckedBackup } from '../storage/backup';
import type { VaultKeys } from '../storage/crypto';
import { appDb } from '../storage/instance';
import type { UiKey } from '../i18n/ui';
import { useI18n } from './i18n';

/** Either secret works: a recovery code is recognised by its shape, anything else is a passphrase. */
async function secretOf(text: string) {
  const { parseRecoveryCode } = await import('../storage/crypto');
  try {
    parseRecoveryCode(text);
    return { recoveryCode: text };
  } catch {
    return { passphrase: text };
  }
}

/**
 * Restore: the whole file is checked (shape, secret, every event, every chain) before anything is written;
 * a refused file leaves the device exactly as it was and says why.
 */
export function RestoreBackup({ onRestored }: { onRestored: (keys: VaultKeys) => void }) {
  const { t, when } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [secret, setSecret] = useState('');
  const [checked, setChecked] = useState<CheckedBackup | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const refuse = (err: unknown) => {
    const problem = (err as { problem?: string }).problem;
    setMessage(`${t(problem ? (`backup.problem.${problem}` as UiKey) : 'error.unknown')} ${t('backup.nothingChanged')}`);
  };
  const check = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !file || !secret) return;
    setBusy(true);
    setMessage(null);
    setChecked(null);
    try {
      const { checkBackup } = await import('../storage/backup');
      setChecked(await checkBackup(await file.text(), await secretOf(secret.trim())));
    } catch (err) {
      refuse(err);
    } finally {
      setBusy(false);
    }
  };
  const replace = async () => {
    if (!checked) return;
    setBusy(true);
    try {
      const { restoreBackup } = await import('../storage/backup');
      await restoreBackup(appDb(), checked);
      onRestored(checked.keys);
    } catch (err) {
      refuse(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel restore" onSubmit={(e) => void check(e)} aria-labelledby="restore-title" noValidate>
      <h3 id="restore-title">{t('backup.restoreTitle')}</h3>
      <p className="hint">{t('backup.restoreIntro')}</p>
      <label className="field">
        <span>{t('backup.file')}</span>
        <input id="restore-file" type="file" accept=".sanad,application/json" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>
      <label className="field">
        <span>{t('backup.secret')}</span>
        <input id="restore-secret" type="password" dir="auto" autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} />
      </label>
      {message && (
        <p className="problems" role="alert">
          {message}
        </p>
      )}
      <button type="submit" className="secondary" aria-disabled={busy || !file || !secret || undefined}>
        {t('backup.check')}
      </button>
      {checked && (
        <>
          <p role="status">{t('backup.checked', { cases: String(checked.manifest.cases), events: String(checked.manifest.events), when: when(checked.manifest.createdAt) })}</p>
          <button type="button" className="danger" aria-disabled={busy || undefined} onClick={() => !busy && void replace()}>
            {t('backup.replace')}
          </button>
        </>
      )}
    </form>
  );
}
