import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { BackupProgress } from '../storage/backup-v2';
import type { Running, StagedRestore } from '../storage/backup-client';
import type { UiKey } from '../i18n/ui';
import { useI18n } from './i18n';
import { JobProgress } from './JobProgress';
import { noteRestored, takeRestoredNote } from './restored-notice';

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
 * Restore: the file is read in a worker and written, piece by piece once each piece is checked, into a new
 * database that nothing uses; the whole is checked again there. Only "Replace" then switches to it
 * (storage/active-db.ts). A refused, cancelled or abandoned restore leaves this device exactly as it was.
 */
export function RestoreBackup({ onRestored }: { onRestored: () => void }) {
  const { t, when } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [secret, setSecret] = useState('');
  const [staged, setStaged] = useState<StagedRestore | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [running, setRunning] = useState<{ job: Running<StagedRestore>; startedAt: number } | null>(null);
  const [progress, setProgress] = useState<BackupProgress | null>(null);
  const [switching, setSwitching] = useState(false);
  // A restore checked but not chosen is dropped when the form goes (another page, another file).
  const stagedRef = useRef<StagedRestore | null>(null);
  const jobRef = useRef<Running<StagedRestore> | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    // Set here too: React's strict mode runs the cleanup once, then this again.
    mounted.current = true;
    return () => {
      mounted.current = false;
      jobRef.current?.cancel();
      void stagedRef.current?.discard();
    };
  }, []);
  const keep = (s: StagedRestore | null) => {
    void stagedRef.current?.discard();
    stagedRef.current = s;
    setStaged(s);
  };

  const refuse = (err: unknown) => {
    const problem = (err as { problem?: string }).problem;
    setMessage(`${t(problem ? (`backup.problem.${problem}` as UiKey) : 'backup.problem.unexpected')} ${problem === 'cancelled' ? '' : t('backup.nothingChanged')}`.trim());
  };
  const check = async (e: FormEvent) => {
    e.preventDefault();
    if (running || switching || !file || !secret) return;
    setMessage(null);
    keep(null);
    setProgress(null);
    const { stageRestore } = await import('../storage/backup-client');
    const job = stageRestore(file, await secretOf(secret.trim()), setProgress);
    jobRef.current = job;
    setRunning({ job, startedAt: performance.now() });
    try {
      const done = await job.done;
      // Unmounted meanwhile (the cleanup ran before this restore was known): dropped, not kept.
      if (mounted.current) keep(done);
      else void done.discard();
    } catch (err) {
      if (jobRef.current === job) refuse(err);
    } finally {
      if (jobRef.current === job) {
        jobRef.current = null;
        setRunning(null);
      }
    }
  };
  const replace = async () => {
    if (!staged || switching) return;
    setSwitching(true);
    // Noted before the switch: deleting the old database reloads this page as soon as it lets go (instance.ts).
    noteRestored();
    try {
      await staged.switchTo();
      stagedRef.current = null;
      onRestored();
    } catch (err) {
      // Nothing was switched: the old database is still in use; the checked restore can be tried again.
      takeRestoredNote();
      refuse(err);
      setSwitching(false);
    }
  };

  return (
    <form className="panel restore" onSubmit={(e) => void check(e)} aria-labelledby="restore-title" noValidate>
      <h3 id="restore-title">{t('backup.restoreTitle')}</h3>
      <p className="hint">{t('backup.restoreIntro')}</p>
      <label className="field">
        <span>{t('backup.file')}</span>
        <input
          id="restore-file"
          type="file"
          accept=".sanad,application/json,application/octet-stream"
          onChange={(e) => {
            keep(null);
            setFile(e.target.files?.[0] ?? null);
          }}
        />
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
      {running ? (
        <JobProgress doing="job.restoring" progress={progress} startedAt={running.startedAt} onCancel={() => running.job.cancel()} />
      ) : (
        <button type="submit" className="secondary" aria-disabled={switching || !file || !secret || undefined}>
          {t('backup.check')}
        </button>
      )}
      {staged && (
        <>
          <p role="status">{t('backup.checked', { cases: String(staged.manifest.cases), events: String(staged.manifest.events), when: when(staged.manifest.createdAt) })}</p>
          <button type="button" className="danger" aria-disabled={switching || undefined} onClick={() => void replace()}>
            {t('backup.replace')}
          </button>
        </>
      )}
    </form>
  );
}
