import { useState } from 'react';
import type { FormEvent } from 'react';
import { saveSetting, useSetting } from '../storage/setting-hooks';
import { appDb } from '../storage/instance';
import { VaultError, changePassphrase } from '../storage/vault';
import { useI18n } from './i18n';
import { PersistenceState } from './StorageStatus';
import { AUTO_LOCK_CHOICES, AUTO_LOCK_DEFAULT, AUTO_LOCK_KEY } from './lock';

/** Auto-lock delay and passphrase change. Changing the passphrase reseals one row; no case is rewritten. */
export function SecuritySettings() {
  const { t, when } = useI18n();
  const minutes = useSetting<number>(AUTO_LOCK_KEY);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (next !== again) return setMessage({ ok: false, text: t('vault.mismatch') });
    try {
      await changePassphrase(appDb(), current, next, new Date().toISOString());
      setCurrent('');
      setNext('');
      setAgain('');
      setMessage({ ok: true, text: t('settings.passphraseChanged') });
    } catch (err) {
      const problem = err instanceof VaultError ? err.problem : null;
      const text =
        problem === 'tooShort' || problem === 'tooLong' ? t(`vault.${problem}`) : problem === 'tooSoon' ? t('vault.tooSoon', { time: when((err as VaultError).retryAt ?? '') }) : problem ? t('vault.wrongPassphrase') : t('error.unknown');
      setMessage({ ok: false, text });
    }
  };

  return (
    <fieldset>
      <legend>{t('settings.security')}</legend>
      <PersistenceState />
      <label className="field">
        <span>{t('settings.autoLock')}</span>
        <select value={minutes ?? AUTO_LOCK_DEFAULT} onChange={(e) => void saveSetting(AUTO_LOCK_KEY, Number(e.target.value))}>
          {AUTO_LOCK_CHOICES.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      <form onSubmit={(e) => void submit(e)} aria-labelledby="change-passphrase" noValidate>
        <h3 id="change-passphrase">{t('settings.changePassphrase')}</h3>
        <label className="field">
          <span>{t('settings.currentPassphrase')}</span>
          <input type="password" dir="auto" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('vault.newPassphrase')}</span>
          <input type="password" dir="auto" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('vault.confirm')}</span>
          <input type="password" dir="auto" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />
        </label>
        {message && (
          <p className={message.ok ? 'hint' : 'problems'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </p>
        )}
        <button type="submit">{t('settings.changePassphrase')}</button>
      </form>
    </fieldset>
  );
}
