import { useState } from 'react';
import type { FormEvent } from 'react';
import { saveSetting, useSetting } from '../storage/setting-hooks';
import { appDb } from '../storage/instance';
import { VaultError, changePassphrase, checkPassphrase, renewRecoveryCode } from '../storage/vault';
import { schoolCalendar } from '../storage/calendar-setting';
import { dropPreviousKeys, setSessionKeys } from '../storage/session';
import { lockOtherTabs } from './lock';
import { RecoveryCodeShown } from './RecoveryCodeShown';
import { vaultErrorText } from './vault-error-text';
import { ErrorSummary, invalidProps } from './ErrorSummary';
import type { FormProblem } from './ErrorSummary';
import { useI18n } from './i18n';
import { checkPassphraseStrength, preloadPassphraseCheck, weakPassphraseText } from './passphrase-strength';
import { PersistenceState } from './StorageStatus';
import { AUTO_LOCK_CHOICES, AUTO_LOCK_DEFAULT, AUTO_LOCK_KEY } from './lock';

const CURRENT = 'settings-current-passphrase';
const OTHER_TABS_LOCK_MS = 1000;
const NEXT = 'settings-new-passphrase';
const AGAIN = 'settings-confirm-passphrase';

/**
 * Auto-lock delay, passphrase change and recovery code. A plain change reseals one row and says what it does not
 * do; "revoke" makes a new key and reseals every case (src/storage/revoke.ts), then shows a new recovery code.
 */
export function SecuritySettings() {
  const { t } = useI18n();
  const minutes = useSetting<number>(AUTO_LOCK_KEY);
  const school = useSetting<string>('school');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [changed, setChanged] = useState<'plain' | 'revoked' | false>(false);
  const [revoke, setRevoke] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [newCode, setNewCode] = useState<string | null>(null);
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
      if (revoke) {
        const { revokePassphrase, finishRevocation } = await import('../storage/revoke');
        // Other tabs hold the keys being replaced: they lock (their forms are sealed into the vault first, which
        // takes a moment) before the switch.
        lockOtherTabs();
        await new Promise((r) => setTimeout(r, OTHER_TABS_LOCK_MS));
        const { keys, recoveryCode } = await revokePassphrase(appDb(), current, next, new Date().toISOString());
        setSessionKeys(keys);
        // The old code no longer works from this moment: the new one is shown before the cases are resealed.
        setNewCode(recoveryCode);
        setChanged('revoked');
        setCurrent('');
        await finishRevocation(appDb(), keys, await schoolCalendar(), (done, total) => setProgress(done < total ? { done, total } : null));
        if (!(await appDb().vault.get('vault'))?.rekey) dropPreviousKeys();
        setProgress(null);
      } else {
        await changePassphrase(appDb(), current, next, new Date().toISOString());
      }
      setCurrent('');
      setNext('');
      setAgain('');
      setChanged(revoke ? 'revoked' : 'plain');
    } catch (err) {
      const problem = err instanceof VaultError ? err.problem : null;
      if (problem === 'tooShort' || problem === 'tooLong') refuse(t(`vault.${problem}`), NEXT);
      else if (problem === 'notReady') refuse(t('settings.revokeUnderway'));
      else if (problem === 'attemptUnderway') refuse(t('vault.attemptUnderway'), CURRENT);
      else if (problem) refuse(vaultErrorText(t, err as VaultError, 'vault.wrongPassphrase'), CURRENT);
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
        <label className="chip">
          <input id="settings-revoke" type="checkbox" checked={revoke} onChange={(e) => setRevoke(e.target.checked)} aria-describedby="settings-revoke-help" />
          {t('settings.revoke')}
        </label>
        <p className="hint" id="settings-revoke-help">
          {t('settings.revokeHelp')}
        </p>
        {progress && <p role="status">{t('settings.revoking', { done: String(progress.done + 1), total: String(progress.total) })}</p>}
        {changed && (
          <p className="hint" role="status">
            {t(changed === 'revoked' ? 'settings.revoked' : 'settings.passphraseChanged')}
          </p>
        )}
        {newCode && changed === 'revoked' && <RecoveryCodeShown code={newCode} />}
        <ErrorSummary problems={problems} attempt={attempt} />
        <button type="submit" aria-disabled={busy || undefined}>
          {t('settings.changePassphrase')}
        </button>
      </form>
      <RenewRecoveryCode />
    </fieldset>
  );
}

const RENEW = 'settings-renew-passphrase';

/** A new recovery code for the same vault, shown once; the passphrase is asked first. */
function RenewRecoveryCode() {
  const { t } = useI18n();
  const [passphrase, setPassphrase] = useState('');
  const [code, setCode] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setProblems([]);
    setCode(null);
    try {
      setCode(await renewRecoveryCode(appDb(), passphrase, new Date().toISOString()));
      setPassphrase('');
    } catch (err) {
      const problem = err instanceof VaultError ? err.problem : null;
      const text = problem ? vaultErrorText(t, err as VaultError, 'vault.wrongPassphrase') : t('error.unknown');
      setProblems([{ text, field: RENEW }]);
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="renew-recovery" noValidate>
      <h3 id="renew-recovery">{t('settings.newRecoveryTitle')}</h3>
      <p className="hint">{t('settings.newRecoveryHelp')}</p>
      <label className="field">
        <span>{t('settings.renewPassphraseLabel')}</span>
        <input id={RENEW} type="password" dir="auto" autoComplete="current-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} {...invalidProps(problems, RENEW)} />
      </label>
      <ErrorSummary problems={problems} attempt={attempt} />
      {code && (
        <div role="status">
          <p>{t('settings.recoveryIssued')}</p>
          <RecoveryCodeShown code={code} />
        </div>
      )}
      <button type="submit" aria-disabled={busy || undefined}>
        {t('settings.newRecoveryTitle')}
      </button>
    </form>
  );
}
