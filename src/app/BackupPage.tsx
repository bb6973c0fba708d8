import { useEffect, useRef, useState } from 'react';
import { sessionKeys } from '../storage/session';
import { useSetting } from '../storage/setting-hooks';
import type { BackupProgress } from '../storage/backup-v2';
import type { UiKey } from '../i18n/ui';
import { downloadBlob } from './download';
import { JobProgress } from './JobProgress';
import { useI18n } from './i18n';
import { caseRef } from '../cases/use-save';
import { ImportCase } from './ImportCase';
import { RestoreBackup } from './RestoreBackup';
import { LAST_BACKUP_KEY } from './backup-reminder';
import type { LastBackup } from './backup-reminder';

/**
 * Make a backup, then prove it: "Backup OK" only once the saved file has been chosen, read back and decrypted
 * with this tab's keys (the same checks as a restore). Restore below.
 */
export function BackupPage() {
  const { t, when } = useI18n();
  const last = useSetting<LastBackup>(LAST_BACKUP_KEY);
  // The file just made: only that one can be called "Backup OK" (an older file of this vault opens too).
  const [saved, setSaved] = useState<{ name: string; createdAt: string } | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [running, setRunning] = useState<{ doing: UiKey; cancel: () => void; startedAt: number } | null>(null);
  const [progress, setProgress] = useState<BackupProgress | null>(null);
  // Leaving the page, or the vault locking (which unmounts it), stops the job: its worker holds a copy of the keys.
  const cancelRef = useRef<(() => void) | null>(null);
  useEffect(() => () => cancelRef.current?.(), []);
  const begin = (doing: UiKey, cancel: () => void) => {
    cancelRef.current = cancel;
    setRunning({ doing, cancel, startedAt: performance.now() });
  };

  const problemText = (err: unknown) => {
    const problem = (err as { problem?: string }).problem;
    return t(problem ? (`backup.problem.${problem}` as UiKey) : 'backup.problem.unexpected');
  };

  const make = async () => {
    if (running) return;
    setMessage(null);
    setProgress(null);
    const { makeBackupInWorker } = await import('../storage/backup-client');
    const now = new Date().toISOString();
    const job = makeBackupInWorker(sessionKeys(), now, setProgress);
    begin('job.backingUp', job.cancel);
    try {
      const { blob, skipped, addedMeanwhile, manifest } = await job.done;
      const name = `sanad-backup-${now.slice(0, 10)}.sanad`;
      // Offered only once the whole file is made: a cancelled or failed backup offers nothing.
      downloadBlob(name, blob);
      setSaved({ name, createdAt: manifest.createdAt });
      // Saved, but without some cases: those that could not be vouched for (by reference), and those recorded in
      // another tab while it was being made.
      const gaps = [
        ...(skipped.length > 0 ? [t('backup.skipped', { count: String(skipped.length), refs: skipped.map(caseRef).join(', ') })] : []),
        ...(addedMeanwhile > 0 ? [t('backup.addedMeanwhile', { count: String(addedMeanwhile) })] : []),
      ];
      if (gaps.length > 0) setMessage({ ok: false, text: gaps.join(' ') });
    } catch (err) {
      setMessage({ ok: false, text: problemText(err) });
    } finally {
      cancelRef.current = null;
      setRunning(null);
    }
  };

  const verify = async (file: File | undefined) => {
    if (!file || running) return;
    setMessage(null);
    setProgress(null);
    const { checkBackupInWorker } = await import('../storage/backup-client');
    // Read back with the keys this tab holds: a file from another vault does not open with them.
    // The worker records "Backup OK" itself when the file is the one just saved: written from this thread, the
    // setting would reseal the whole ledger here (a long task at 10,000 cases).
    const job = checkBackupInWorker(sessionKeys(), file, setProgress, saved ? { key: LAST_BACKUP_KEY, createdAt: saved.createdAt } : undefined);
    begin('job.checking', job.cancel);
    try {
      const { manifest, verifiedAt } = await job.done;
      if (manifest.createdAt !== saved?.createdAt || !verifiedAt) {
        setMessage({ ok: false, text: t('backup.notThisOne', { when: when(manifest.createdAt) }) });
        return;
      }
      const record: LastBackup = { verifiedAt, createdAt: manifest.createdAt, cases: manifest.cases, events: manifest.events };
      setMessage({ ok: true, text: t('backup.ok', { cases: String(record.cases), events: String(record.events), when: when(record.verifiedAt) }) });
    } catch (err) {
      const cancelled = (err as { problem?: string }).problem === 'cancelled';
      setMessage({ ok: false, text: cancelled ? problemText(err) : t('backup.notOk', { reason: problemText(err) }) });
    } finally {
      cancelRef.current = null;
      setRunning(null);
    }
  };

  return (
    <section aria-labelledby="backup-title">
      <h2 id="backup-title">{t('backup.title')}</h2>
      <p className="hint">{t('backup.intro')}</p>
      <p>{last ? t('backup.last', { when: when(last.verifiedAt) }) : t('backup.never')}</p>
      {running ? (
        <JobProgress doing={running.doing} progress={progress} startedAt={running.startedAt} onCancel={running.cancel} />
      ) : (
        <button type="button" onClick={() => void make()}>
          {t('backup.make')}
        </button>
      )}
      {saved && (
        <>
          <p>{t('backup.saved', { file: saved.name })}</p>
          <label className="field">
            <span>{t('backup.verifyFile')}</span>
            <input id="verify-file" type="file" accept=".sanad,application/json,application/octet-stream" disabled={running !== null} onChange={(e) => void verify(e.target.files?.[0])} />
          </label>
        </>
      )}
      {message && (
        <p className={message.ok ? 'ok' : 'problems'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      <ImportCase />
      <RestoreBackup
        onRestored={() => {
          // Another vault may have come with the backup, and this page's connection is to the replaced
          // database: start again from the restored vault's lock screen.
          location.reload();
        }}
      />
    </section>
  );
}
