import { Suspense, lazy, useEffect, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import type { VaultKeys } from '../storage/crypto';
import { appDb } from '../storage/instance';
import { setSessionKeys } from '../storage/session';
import { writeSetting } from '../storage/settings';
import { VaultError, checkPassphrase, createVault, unlockWithPassphrase, unlockWithRecoveryCode } from '../storage/vault';
import { useVaultRow } from '../storage/vault-hooks';
import type { VaultProblem } from '../storage/vault';
import type { UiKey } from '../i18n/ui';
import { ErrorSummary, invalidProps } from './ErrorSummary';
import type { FormProblem } from './ErrorSummary';
import { useI18n } from './i18n';
import { RecoveryCodeShown } from './RecoveryCodeShown';
import { vaultErrorText } from './vault-error-text';
import { useUnlocked } from './use-unlocked';
import { focusNewHeading, pageHeading } from './page-focus';
import { takeRestoredNote } from './restored-notice';
import { takeCompactedNote } from '../retention-ui/compaction-due';
import { checkPassphraseStrength, preloadPassphraseCheck, weakPassphraseText } from './passphrase-strength';

const PROBLEM_TEXT: Record<VaultProblem, UiKey> = {
  tooShort: 'vault.tooShort',
  tooLong: 'vault.tooLong',
  wrongPassphrase: 'vault.wrongPassphrase',
  wrongRecoveryCode: 'vault.wrongRecoveryCode',
  exists: 'vault.wrongPassphrase',
  noVault: 'vault.wrongPassphrase',
  notReady: 'settings.revokeUnderway',
  attemptUnderway: 'vault.attemptUnderway',
};

/** A form's own refusal, thrown from inside a run: its text and the field to fix. */
class Refusal extends Error {
  constructor(
    readonly text: string,
    readonly field: string,
  ) {
    super(text);
  }
}

/**
 * A new passphrase as the forms require it: the storage layer's length rule, then hard enough to guess
 * (passphrase-strength.ts); `context` holds words an attacker would try with it (the school's name).
 */
async function requireNewPassphrase(t: (key: UiKey, vars?: Record<string, string>) => string, passphrase: string, field: string, context: readonly string[] = []) {
  const problem = checkPassphrase(passphrase);
  if (problem) throw new Refusal(t(PROBLEM_TEXT[problem]), field);
  const strength = await checkPassphraseStrength(passphrase, context);
  if (!strength.strong) throw new Refusal(weakPassphraseText(t, strength.reason), field);
}

/** Runs a vault operation; a refusal becomes one problem, naming the field to fix (`field` of the run). */
function useVaultAction() {
  const { t } = useI18n();
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const refuse = (text: string, field?: string) => {
    setProblems([{ text, field }]);
    setAttempt((n) => n + 1);
  };
  const run = async (work: () => Promise<void>, field?: string) => {
    if (busy) return;
    setBusy(true);
    setProblems([]);
    try {
      await work();
    } catch (err) {
      if (err instanceof Refusal) refuse(err.text, err.field);
      else if (err instanceof VaultError) {
        refuse(vaultErrorText(t, err, PROBLEM_TEXT[err.problem]), field);
      } else refuse(t('error.unknown'));
    } finally {
      setBusy(false);
    }
  };
  return { problems, attempt, busy, run, refuse };
}

function Passphrase({ id, label, value, onChange, autoComplete, problems, onFocus }: { id: string; label: string; value: string; onChange: (v: string) => void; autoComplete: string; problems: readonly FormProblem[]; onFocus?: () => void }) {
  return (
    <label className="field" htmlFor={id}>
      <span className="required-field">{label}</span>
      <input id={id} type="password" dir="auto" required value={value} autoComplete={autoComplete} spellCheck={false} onFocus={onFocus} onChange={(e) => onChange(e.target.value)} {...invalidProps(problems, id)} />
    </label>
  );
}

const RestoreBackup = lazy(() => import('./RestoreBackup').then((m) => ({ default: m.RestoreBackup })));

function CreateVault({ onStart, onDone }: { onStart: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [restoring, setRestoring] = useState(false);
  const [first, setFirst] = useState('');
  const [second, setSecond] = useState('');
  const [school, setSchool] = useState('');
  const [made, setMade] = useState<{ keys: VaultKeys; recoveryCode: string } | null>(null);
  const [saved, setSaved] = useState(false);
  const { problems, attempt, busy, run, refuse } = useVaultAction();
  // Once, when the code is shown (not at every re-render, which would pull the focus back from the checkbox).
  const recoveryTitle = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (made) recoveryTitle.current?.focus();
  }, [made]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (first !== second) return refuse(t('vault.mismatch'), 'vault-confirm');
    void run(async () => {
      // Refused before anything is created: every field keeps what was typed.
      await requireNewPassphrase(t, first, 'vault-passphrase', [school]);
      // Checked before the vault exists: once created, this form is never shown again to ask for it.
      if (!school.trim()) throw new Refusal(t('settings.schoolRequired'), 'vault-school');
      onStart();
      const created = await createVault(appDb(), first, new Date().toISOString());
      // The recovery code is shown whatever happens next: it exists only in this tab's memory. The keys are held
      // from now on, so the idle lock watches this screen too (its warning offers to stay). A code lost to a lock
      // cannot be shown again, and no new one can be issued yet: the passphrase is then the only way in.
      setMade(created);
      setSessionKeys(created.keys);
      // Sealed like every setting, so written with the new vault's keys; should it fail, Settings asks for it
      // again (the field says the name is required).
      await writeSetting(appDb(), created.keys, 'school', school.trim()).catch(() => undefined);
    });
  };

  if (made) {
    return (
      <section className="vault panel" aria-labelledby="recovery-title">
        {/* The focus was on "Create", which is gone: it goes to this screen's title, read first. */}
        <h2 id="recovery-title" tabIndex={-1} ref={recoveryTitle}>
          {t('vault.recoveryTitle')}
        </h2>
        <p>{t('vault.recoveryIntro')}</p>
        <RecoveryCodeShown code={made.recoveryCode} />
        <label className="chip">
          <input id="vault-saved" type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} />
          {t('vault.saved')}
        </label>
        <button type="button" id="vault-continue" disabled={!saved} onClick={onDone}>
          {t('vault.continue')}
        </button>
      </section>
    );
  }
  return (
    <>
    <form className="vault panel" onSubmit={submit} aria-labelledby="vault-title" noValidate>
      <h2 id="vault-title">{t('vault.createTitle')}</h2>
      <p>{t('vault.createIntro')}</p>
      <p className="hint">{t('form.requiredNote')}</p>
      <Passphrase id="vault-passphrase" label={t('vault.passphrase')} value={first} onChange={setFirst} autoComplete="new-password" problems={problems} onFocus={preloadPassphraseCheck} />
      <Passphrase id="vault-confirm" label={t('vault.confirm')} value={second} onChange={setSecond} autoComplete="new-password" problems={problems} />
      {/* The school's name heads every case file and letter to parents: asked once here, changed in Settings. */}
      <label className="field" htmlFor="vault-school">
        <span className="required-field">{t('settings.school')}</span>
        <input
          id="vault-school"
          dir="auto"
          value={school}
          autoComplete="off"
          required
          {...invalidProps(problems, 'vault-school')}
          aria-describedby={['vault-school-hint', invalidProps(problems, 'vault-school')['aria-describedby']].filter(Boolean).join(' ')}
          onChange={(e) => setSchool(e.target.value)}
        />
      </label>
      <p id="vault-school-hint" className="hint">
        {t('settings.schoolFirstRun')}
      </p>
      <ErrorSummary problems={problems} attempt={attempt} />
      {/* aria-disabled, not disabled: the pressed button keeps the focus while the keys are made. */}
      <button type="submit" aria-disabled={busy || undefined}>
        {busy ? t('vault.working') : t('vault.create')}
      </button>
    </form>
    {/* A new or wiped device: the cases come back from a backup, with the backup's passphrase. */}
    <button type="button" className="link" onClick={() => setRestoring(true)}>
      {t('backup.orRestore')}
    </button>
    {restoring && (
      <Suspense fallback={null}>
        {/* The page starts again on the restored database, whose lock screen says so. */}
        <RestoreBackup onRestored={() => location.reload()} />
      </Suspense>
    )}
    </>
  );
}

function Unlock() {
  const { t } = useI18n();
  const [recovery, setRecovery] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [code, setCode] = useState('');
  const [next, setNext] = useState('');
  const { problems, attempt, busy, run } = useVaultAction();
  const [waiting, setWaiting] = useState<number | null>(null);
  const [restored] = useState(takeRestoredNote);
  // Back here after removing the traces of purged cases (the page had to reload): why the passphrase is asked again.
  const [compacted] = useState(takeCompactedNote);
  const now = () => new Date().toISOString();
  const options = { onWait: setWaiting };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(
      async () => {
        // The new passphrase is checked before the code is tried: a refusal here costs no attempt.
        if (recovery) await requireNewPassphrase(t, next, 'vault-new');
        try {
          setSessionKeys(recovery ? await unlockWithRecoveryCode(appDb(), code, next, now(), options) : await unlockWithPassphrase(appDb(), passphrase, now(), options));
        } finally {
          setWaiting(null);
        }
      },
      recovery ? 'vault-code' : 'vault-passphrase',
    );
  };
  return (
    <form className="vault panel" onSubmit={submit} aria-labelledby="vault-title" noValidate>
      <h2 id="vault-title">{t('vault.unlockTitle')}</h2>
      {restored && <p role="status">{t('backup.restored')}</p>}
      {compacted && <p role="status">{t('compact.done')}</p>}
      {recovery ? (
        <>
          <label className="field" htmlFor="vault-code">
            <span>{t('vault.recoveryCode')}</span>
            <input id="vault-code" dir="ltr" value={code} autoComplete="off" spellCheck={false} onChange={(e) => setCode(e.target.value)} {...invalidProps(problems, 'vault-code')} />
          </label>
          <Passphrase id="vault-new" label={t('vault.newPassphrase')} value={next} onChange={setNext} autoComplete="new-password" problems={problems} onFocus={preloadPassphraseCheck} />
        </>
      ) : (
        <Passphrase id="vault-passphrase" label={t('vault.passphraseUnlock')} value={passphrase} onChange={setPassphrase} autoComplete="current-password" problems={problems} />
      )}
      <ErrorSummary problems={problems} attempt={attempt} />
      {waiting !== null && <p role="status">{t('vault.waiting', { seconds: String(waiting) })}</p>}
      <button type="submit" aria-disabled={busy || undefined}>
        {busy ? t('vault.working') : recovery ? t('vault.unlockRecovery') : t('vault.unlock')}
      </button>
      <button type="button" className="link" onClick={() => setRecovery(!recovery)}>
        {recovery ? t('vault.usePassphrase') : t('vault.useRecovery')}
      </button>
      <p className="hint">{t('vault.lockedNote')}</p>
    </form>
  );
}

/** Nothing past this point renders until this tab holds the keys; the emergency numbers stay outside it. */
export function VaultGate({ children }: { children: ReactNode }) {
  const unlocked = useUnlocked();
  // Unlocked here (not on arrival): the focus was on a button that is gone; it goes to the page's heading.
  const wasLocked = useRef(false);
  useEffect(() => {
    if (!unlocked) wasLocked.current = true;
    else if (wasLocked.current) return focusNewHeading();
  }, [unlocked]);
  const vault = useVaultRow();
  // Once this tab starts creating the vault, it stays on that screen: the recovery code comes after the row
  // exists. Another tab still on the creation screen switches to unlocking as soon as the vault appears.
  const [creating, setCreating] = useState(false);
  // Past the recovery code, the focus (on "Continue", now gone) goes to the page's heading.
  const done = () => {
    const el = pageHeading();
    setCreating(false);
    focusNewHeading({ el, text: el?.textContent });
  };
  // The creating tab keeps its screen until the recovery code is acknowledged, keys held or not.
  if (creating) return <CreateVault onStart={() => setCreating(true)} onDone={done} />;
  if (unlocked) return children;
  if (vault === undefined) return null;
  return vault === null ? <CreateVault onStart={() => setCreating(true)} onDone={done} /> : <Unlock />;
}
