import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { sessionKeys } from '../storage/session';
import { useSetting } from '../storage/setting-hooks';
import type { BackupProgress } from '../storage/backup-v2';
import type { UiKey } from '../i18n/ui';
import { downloadBlob } from './download';
import { JobProgress } from './JobProgress';
import { useI18n } from './i18n';
import { caseRef, nowIso } from '../cases/use-save';
import { ImportCase } from './ImportCase';
import { RestoreBackup } from './RestoreBackup';
import { LAST_BACKUP_KEY } from './backup-reminder';
import type { LastBackup } from './backup-reminder';
import { BACKUP_REGISTER_KEY, isDue } from '../storage/backup-register';
import type { BackupStatus, RegisteredBackup } from '../storage/backup-register';
import { useBackupRegister } from './use-backup-register';
import { ErrorSummary, invalidProps } from './ErrorSummary';
import type { FormProblem } from './ErrorSummary';

/**
 * Make a backup, then prove it: "Backup OK" only once the saved file has been chosen, read back and decrypted
 * with this tab's keys (the same checks as a restore). Restore below.
 */
const pad = (n: number) => String(n).padStart(2, '0');
/** yyyy-mm-dd-hhmmss on the device's wall clock (what the team sees beside the file). */
const fileStamp = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;

export function BackupPage() {
  const { t, when } = useI18n();
  const last = useSetting<LastBackup>(LAST_BACKUP_KEY);
  // The file just made: only that one can be called "Backup OK" (an older file of this vault opens too).
  const [saved, setSaved] = useState<{ name: string; createdAt: string } | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [running, setRunning] = useState<{ doing: UiKey; cancel: () => void; startedAt: number } | null>(null);
  const [progress, setProgress] = useState<BackupProgress | null>(null);
  // Bumped when a job ends: the register of backup files is read again (its worker wrote it).
  const [jobsEnded, setJobsEnded] = useState(0);
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
    // The day and time on the device's clock, to the second: two backups of one day get two names, so the register
    // (and the team destroying a file) can tell them apart.
    const name = `sanad-backup-${fileStamp(new Date(now))}.sanad`;
    // The worker enters the file in the register of backup files as it finishes (0021), under the name offered.
    const job = makeBackupInWorker(sessionKeys(), now, setProgress, { key: BACKUP_REGISTER_KEY, name });
    begin('job.backingUp', job.cancel);
    try {
      const { blob, skipped, addedMeanwhile, manifest } = await job.done;
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
      setJobsEnded((n) => n + 1);
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
    // It marks the file checked in the register of backup files in the same write, at this page's clock.
    const expected = saved ? { key: LAST_BACKUP_KEY, createdAt: saved.createdAt, at: nowIso(), register: { key: BACKUP_REGISTER_KEY, name: saved.name } } : undefined;
    const job = checkBackupInWorker(sessionKeys(), file, setProgress, expected);
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
      setJobsEnded((n) => n + 1);
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
      <BackupRegister jobsEnded={jobsEnded} />
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

/** A file's status in words (docs/decisions/0021-retention.md, "Backup register"). */
function useStatusText() {
  const { t, when } = useI18n();
  return (s: BackupStatus): ReactNode => {
    switch (s.kind) {
      case 'destroyed':
        return <Naming text={t('backup.register.destroyed', { by: NAME, when: when(s.at) })} name={s.by} />;
      case 'destroyPurged':
        return t('backup.register.destroyPurged', { count: s.purges });
      case 'destroyOld':
        return t('backup.register.destroyOld', { days: s.days });
      case 'keepPurged':
        return t('backup.register.keepPurged', { count: s.purges });
      case 'keepNewest':
        return t('backup.register.keepNewest');
      case 'keepUnchecked':
        return t('backup.register.keepUnchecked');
      case 'keepUntil':
        return t('backup.register.keepUntil', { when: when(s.from) });
    }
  };
}

/**
 * The backup files this device made, newest first: made when, checked or not, and whether to keep or destroy each
 * (the rule of `backupToDestroy`). The app cannot delete a file on the team's USB key: a file due has "I have
 * destroyed this file…", which asks who did it and records it in the register (in the worker, as every write of it).
 */
function BackupRegister({ jobsEnded }: { jobsEnded: number }) {
  const { t, when } = useI18n();
  const [recorded, setRecorded] = useState(0);
  const view = useBackupRegister(`${jobsEnded}/${recorded}`);
  const statusText = useStatusText();
  const ids = useId();
  const [destroying, setDestroying] = useState<RegisteredBackup | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  // The button that opened the dialog is gone once the file is marked: the focus goes to the confirmation.
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);
  if (!view || view.files.length === 0) return null;
  const lines = view.lines ?? view.files.map((file) => ({ file, status: null })).reverse();
  return (
    <section aria-labelledby={`${ids}-title`} className="backup-register">
      <h3 id={`${ids}-title`}>{t('backup.register.title')}</h3>
      <p className="hint">{t('backup.register.intro')}</p>
      {done && (
        <p ref={doneRef} tabIndex={-1} className="ok" role="status">
          <Naming text={t('backup.destroy.done', { file: NAME })} name={done} file />
        </p>
      )}
      <ul className="backup-files">
        {lines.map(({ file, status }, i) => {
          const id = `${ids}-${i}`;
          const due = status !== null && isDue(status);
          return (
            <li key={file.createdAt} className={status?.kind === 'destroyed' ? 'backup-file destroyed' : 'backup-file'}>
              <span className="label" id={`${id}-name`}>
                <bdi dir="ltr">{file.name}</bdi>
              </span>
              <span>{t('backup.register.made', { when: when(file.createdAt), cases: file.cases, events: file.events })}</span>
              <span>{file.verifiedAt ? t('backup.register.checked', { when: when(file.verifiedAt) }) : t('backup.register.notChecked')}</span>
              <span id={`${id}-status`} className={due ? 'due overdue' : 'due'}>
                {status ? statusText(status) : t('backup.register.unknown')}
              </span>
              {due && (
                <button
                  type="button"
                  className="secondary"
                  aria-describedby={`${id}-name ${id}-status`}
                  onClick={() => {
                    setDone(null);
                    setDestroying(file);
                  }}
                >
                  {t('backup.register.markDestroyed')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {destroying && (
        <DestroyedDialog
          file={destroying}
          onRecorded={() => {
            setDone(destroying.name);
            setDestroying(null);
            setRecorded((n) => n + 1);
          }}
          onClose={() => setDestroying(null)}
        />
      )}
    </section>
  );
}

/** Stands for a name in a message, replaced by the name as an element (Naming). */
const NAME = '\uE000';

/**
 * A message with a name in it, the name isolated (`<bdi>`): a file's name left to right in a box of its own
 * (`.file-name`), since inside an Arabic sentence its hyphens and digits would otherwise be reordered by the
 * bidirectional algorithm, worst where the line wraps in the middle of it; a name typed by a team member in its
 * own direction. One span, so a flex label (`.chip`) keeps it one item.
 */
function Naming({ text, name, file = false }: { text: string; name: string; file?: boolean }) {
  const [before, ...after] = text.split(NAME);
  return (
    <span>
      {before}
      {file ? (
        <bdi dir="ltr" className="file-name">
          {name}
        </bdi>
      ) : (
        <bdi dir="auto">{name}</bdi>
      )}
      {after.join(name)}
    </span>
  );
}

const DESTROYED_BY = 'backup-destroyed-by';
const DESTROYED_CONFIRM = 'backup-destroyed-confirm';

/** "I have destroyed this file": the file named, who did it, a box to tick; recorded in the register by the worker. */
function DestroyedDialog({ file, onRecorded, onClose }: { file: RegisteredBackup; onRecorded: () => void; onClose: () => void }) {
  const { t, when } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const ids = useId();
  const [by, setBy] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  // Modal while it is up (Escape cancels it); a close fired by a remount (development's double effects) finds it open again and is ignored.
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  const refuse = (found: FormProblem[]) => {
    setProblems(found);
    setAttempt((n) => n + 1);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const found: FormProblem[] = [];
    if (!by.trim()) found.push({ text: t('backup.destroy.needBy'), field: DESTROYED_BY });
    // Isolated left to right, as Naming does: a plain string here (the summary's item).
    if (!confirmed) found.push({ text: t('backup.destroy.needConfirm', { file: `\u2068${file.name}\u2069` }), field: DESTROYED_CONFIRM });
    if (found.length > 0) return refuse(found);
    setBusy(true);
    setProblems([]);
    try {
      const { markDestroyedInWorker } = await import('../storage/backup-client');
      await markDestroyedInWorker(sessionKeys(), BACKUP_REGISTER_KEY, file.createdAt, nowIso(), by.trim()).done;
      onRecorded();
    } catch {
      refuse([{ text: t('backup.destroy.failed') }]);
    } finally {
      setBusy(false);
    }
  };
  return (
    <dialog ref={dialog} className="purge-dialog" aria-labelledby={`${ids}-title`} onClose={() => !dialog.current?.open && onClose()}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <h2 id={`${ids}-title`}>{t('backup.destroy.title')}</h2>
        <p>
          <Naming text={t('backup.destroy.file', { file: NAME, when: when(file.createdAt) })} name={file.name} file />
        </p>
        <p className="hint">{t('backup.destroy.how')}</p>
        <div className="field">
          <label htmlFor={DESTROYED_BY}>{t('backup.destroy.by')}</label>
          <input id={DESTROYED_BY} dir="auto" autoComplete="off" value={by} onChange={(e) => setBy(e.target.value)} {...invalidProps(problems, DESTROYED_BY)} />
        </div>
        <label className="chip">
          <input id={DESTROYED_CONFIRM} type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} {...invalidProps(problems, DESTROYED_CONFIRM)} />
          <Naming text={t('backup.destroy.confirm', { file: NAME })} name={file.name} file />
        </label>
        <ErrorSummary problems={problems} attempt={attempt} title={t('backup.destroy.refusedTitle')} />
        <div className="settings-actions">
          <button type="submit" className="danger" aria-disabled={busy || undefined}>
            {t('backup.destroy.save')}
          </button>
          <button type="button" className="secondary" onClick={() => dialog.current?.close()}>
            {t('backup.destroy.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
