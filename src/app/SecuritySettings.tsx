import { useState } from 'react';
import type { FormEvent } from 'react';
import { saveSetting, useSetting } from '../storage/setting-hooks';
import { appDb } from '../storage/instance';
import { VaultError, changePassphrase, checkPassphrase } from '../storage/vault';
import { ErrorSummary, invalidProps } from './ErrorSummary';
import type { FormProblem } from './ErrorSummary';
import { useI18n } from './i18n';
import { checkPassphraseStrength, preloadPassphraseCheck, weakPassphraseText } from './passphrase-strength';
import { PersistenceState } from './StorageStatus';
import { AUTO_LOCK_CHOICES, AUTO_LOCK_DEFAULT, AUTO_LOCK_KEY } from './lock';

const CURRENT = 'settings-current-passphrase';
const NEXT = 'settings-new-passphrase';
const AGAIN = 'settings-confirm-passphrase';

/** Auto-lock delay and passphrase change. Changing the passphrase reseals one row; no case is rewritten. */
export function SecuritySettings() {
  const { t, when } = useI18n();
  const minutes = useSetting<number>(AUTO_LOCK_KEY);
  const school = useSetting<string>('school');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [changed, setChanged] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [attempt, setAttempt] = useState(0);
  // A refusal keeps every field as typed; the summary names the one to fix.
  const refuse = (text: string, field?: string) => {
    setProblems([{ text, field }]);
    setAttempt((n) => n + 1);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setChanged(false);
    if (next !== again) return refuse(t('vault.mismatch'), AGAIN);
    const tooShortOrLong = checkPassphrase(next);
    if (tooShortOrLong) return refuse(t(tooShortOrLong === 'tooLong' ? 'vault.tooLong' : 'vault.tooShort'), NEXT);
    setBusy(true);
    setProblems([]);
    try {
      const strength = await checkPassphraseStrength(next, school ? [school] : []);
      if (!strength.strong) return refuse(weakPassphraseText(t, strength.reason), NEXT);
      await changePassphrase(appDb(), current, next, new Date().toISOString());
      setCurrent('');
      setNext('');
      setAgain('');
      setChanged(true);
    } catch (err) {
      const problem = err instanceof VaultError ? err.problem : null;
      if (problem === 'tooShort' || problem === 'tooLong') refuse(t(`vault.${problem}`), NEXT);
      else if (problem === 'tooSoon') refuse(t('vault.tooSoon', { time: when((err as VaultError).retryAt ?? '') }), CURRENT);
      else if (problem) refuse(t('vault.wrongPassphrase'), CURRENT);
      else refuse(t('error.unknown'));
    } finally {
      setBusy(false);
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
          <input id={CURRENT} type="password" dir="auto" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} {...invalidProps(problems, CURRENT)} />
        </label>
        <label className="field">
          <span>{t('vault.newPassphrase')}</span>
          <input id={NEXT} type="password" dir="auto" autoComplete="new-password" value={next} onFocus={preloadPassphraseCheck} onChange={(e) => setNext(e.target.value)} {...invalidProps(problems, NEXT)} />
        </label>
        <label className="field">
          <span>{t('vault.confirm')}</span>
          <input id={AGAIN} type="password" dir="auto" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} {...invalidProps(problems, AGAIN)} />
        </label>
        {changed && (
          <p className="hint" role="status">
            {t('settings.passphraseChanged')}
          </p>
        )}
        <ErrorSummary problems={problems} attempt={attempt} />
        <button type="submit" aria-disabled={busy || undefined}>
          {t('settings.changePassphrase')}
        </button>
      </form>
    </fieldset>
  );
}
