import { BackupError } from './backup';
import type { BackupProblem } from './backup';
import { RESTORE_LOCK, activeDbName, deleteQuietly, holdsVault, makeActive, newRestoreName } from './active-db';
import type { CheckRecord, JobReply, JobRequest, ManifestSummary, RegisterEntry } from './backup-jobs';
import type { BackupProgress } from './backup-v2';
import type { VaultKeys } from './crypto';
import { isUnlocked, sessionKeys } from './session';
import type { VaultSecret } from './vault';

/**
 * The page's side of the backup worker (backup-worker.ts): starts one job, relays its progress, cancels it.
 * A job's promise rejects with a BackupError ('cancelled' once cancelled).
 */
export interface Running<T> {
  done: Promise<T>;
  cancel: () => void;
}

function start<T extends JobReply>(job: JobRequest, onProgress: (p: BackupProgress) => void): Running<T> {
  const worker = new Worker(new URL('./backup-worker.ts', import.meta.url), { type: 'module' });
  let stop: (err: BackupError) => void = () => undefined;
  const done = new Promise<T>((resolve, reject) => {
    stop = reject;
    worker.addEventListener('message', (e: MessageEvent<{ progress?: BackupProgress; result?: T; error?: { problem: BackupProblem | null; message: string } }>) => {
      if (e.data.progress) return onProgress(e.data.progress);
      worker.terminate();
      if (e.data.result) resolve(e.data.result);
      else if (e.data.error?.problem) reject(new BackupError(e.data.error.problem, e.data.error.message));
      else reject(new Error(e.data.error?.message ?? 'the backup worker failed'));
    });
    worker.addEventListener('error', (e) => {
      worker.terminate();
      reject(new Error(e.message || 'the backup worker could not start'));
    });
  });
  // A dedicated worker's postMessage has no target origin: it reaches only that worker.
  // oxlint-disable-next-line unicorn/require-post-message-target-origin
  worker.postMessage({ job });
  // A restore is asked to stop at its next piece, so that it deletes the database it was writing; the promise
  // then rejects with 'cancelled'. Making or checking a file writes nothing: that worker is ended at once, and
  // with it the copy of the keys it held.
  const cancel = () => {
    if (job.op === 'restore') {
      // oxlint-disable-next-line unicorn/require-post-message-target-origin
      worker.postMessage({ cancel: true });
      return;
    }
    worker.terminate();
    stop(new BackupError('cancelled', 'stopped by the user'));
  };
  return { done, cancel };
}

/** Makes a backup; with `register`, the worker enters the file in the register of backup files (see CheckRecord). */
export function makeBackupInWorker(keys: VaultKeys, now: string, onProgress: (p: BackupProgress) => void, register?: RegisterEntry) {
  const job = start<Extract<JobReply, { op: 'make' }>>({ op: 'make', dbName: activeDbName(), keys, now, ...(register ? { register } : {}) }, onProgress);
  return { ...job, done: job.done.then(({ blob, manifest, skipped, addedMeanwhile }) => ({ blob, manifest, skipped, addedMeanwhile })) };
}

/** Checks `file`; when it is the one `record` expects, the worker also records "Backup OK" (see CheckRecord). */
export function checkBackupInWorker(keys: VaultKeys, file: Blob, onProgress: (p: BackupProgress) => void, record?: CheckRecord): Running<{ manifest: ManifestSummary; verifiedAt?: string }> {
  const job = start<Extract<JobReply, { op: 'check' }>>({ op: 'check', dbName: activeDbName(), keys, file, ...(record ? { record } : {}) }, onProgress);
  return { ...job, done: job.done.then(({ manifest, verifiedAt }) => ({ manifest, ...(verifiedAt ? { verifiedAt } : {}) })) };
}

/**
 * Notes in the register under `register` that the backup file made at `createdAt` was destroyed, at `at`, by `by`
 * (as typed). In the worker, as every write of the register, so the page's thread never reseals the ledger.
 */
export function markDestroyedInWorker(keys: VaultKeys, register: string, createdAt: string, at: string, by: string): Running<void> {
  const job = start<Extract<JobReply, { op: 'destroyed' }>>({ op: 'destroyed', dbName: activeDbName(), keys, register, createdAt, at, by }, () => undefined);
  return { ...job, done: job.done.then(() => undefined) };
}

/** A restore written and checked in its own database, waiting for the user to switch to it or to drop it. */
export interface StagedRestore {
  manifest: ManifestSummary;
  /** Makes the restored database the one in use, then deletes the old one; the page must reload after. */
  switchTo: () => Promise<void>;
  /** Deletes the restored database; the one in use was never touched. */
  discard: () => Promise<void>;
}

/**
 * Restores `file` into a new database (checked piece by piece, then as a whole) without touching the one in
 * use. Until `switchTo` or `discard`, the restore lock is held so no other tab tidies the new database away;
 * should this tab close first, the next start deletes it.
 */
export function stageRestore(file: Blob, secret: VaultSecret, onProgress: (p: BackupProgress) => void): Running<StagedRestore> {
  const stagingName = newRestoreName();
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const locked = navigator.locks ? new Promise<void>((acquired) => void navigator.locks.request(RESTORE_LOCK, () => (acquired(), held))) : Promise.resolve();
  let job: Running<Extract<JobReply, { op: 'restore' }>> | undefined;
  let cancelledEarly = false;
  const done = locked.then(async () => {
    if (cancelledEarly) {
      release();
      throw new BackupError('cancelled', 'stopped by the user');
    }
    // The database in use gives its deletion log (and this tab's keys, when unlocked) to the restored one (0021).
    const carry = { dbName: activeDbName(), ...(isUnlocked() ? { keys: sessionKeys() } : {}) };
    job = start({ op: 'restore', stagingName, secret, file, carry }, onProgress);
    const { manifest } = await job.done.catch((err: unknown) => {
      release();
      throw err;
    });
    let settled = false;
    const settle = async (use: boolean) => {
      if (settled) return;
      if (use) {
        // Switched to only if it is still there, whole: nothing else may have removed it since it was checked.
        if (!(await holdsVault(stagingName))) throw new BackupError('notReady', 'the restored database is gone');
        const old = activeDbName();
        // Throws if the name cannot be written: nothing switched, the restore can be tried again.
        makeActive(stagingName);
        settled = true;
        release();
        // Other tabs holding the old database let it go and start again on this one (instance.ts).
        await deleteQuietly(old);
      } else {
        settled = true;
        await deleteQuietly(stagingName).finally(release);
      }
    };
    return { manifest, switchTo: () => settle(true), discard: () => settle(false) };
  });
  return {
    done,
    cancel: () => {
      cancelledEarly = true;
      job?.cancel();
    },
  };
}
