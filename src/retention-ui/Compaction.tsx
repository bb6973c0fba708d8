import { useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../app/i18n';
import { JOB_MOVED_ON } from '../app/JobProgress';
import { lockOtherTabs } from '../app/lock';
import { captureForms, LOCK_DRAFT_KEY } from '../app/lock-draft';
import { RESTORE_LOCK, activeDbName } from '../storage/active-db';
import type { VaultKeys } from '../storage/crypto';
import type { SanadDb } from '../storage/db';
import { StorageError } from '../storage/errors';
import { appDb } from '../storage/instance';
import { sessionKeys } from '../storage/session';
import { writeSetting } from '../storage/settings';
import { compactionDue, noteCompacted, noteTried, readMark, wasTried, writeMark } from './compaction-due';

/**
 * Removing the traces of purged cases from this device (docs/decisions/0021-retention.md, "Compaction"): the rows
 * that survive are copied into a fresh database, switched to, and the old one is deleted. Run by the unlock upkeep
 * when purges happened since the last one, or asked for on home right after a purge and in Settings.
 *
 * The page must reload after the switch (its connection belongs to the deleted database), and the keys live only
 * in this tab's memory: it comes back to the lock screen, as a lock does. So it is prepared like a lock: what this
 * tab's forms hold is sealed into the vault first (and copied with the rest, offered back after unlocking), and
 * the other tabs are locked, which seals theirs, rather than reloaded mid-sentence by the deletion.
 */

export interface CompactionProgress {
  done: number;
  total: number;
}

/**
 * Whether the unlock should compact now: owed, and not tried automatically yet in this state (see `noteTried`).
 * Noted as tried before it runs; a 'busy' outcome forgets it (`noteTried(null)`), so the next unlock tries again.
 */
export async function compactionToTryNow(db: SanadDb, keys: VaultKeys): Promise<boolean> {
  const { deletionLogRevision } = await import('../storage/compact');
  const logRev = await deletionLogRevision(db, keys).catch(() => undefined);
  const name = activeDbName();
  if (logRev === undefined || !compactionDue(logRev, name, readMark())) return false;
  const attempt = { db: name, logRev };
  if (wasTried(attempt)) return false;
  noteTried(attempt);
  return true;
}

/** A restore being staged in another tab holds its lock: asked before anything is locked or sealed. */
async function restoreStaged(): Promise<boolean> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return false;
  return ((await locks.query()).held ?? []).some((l) => l.name === RESTORE_LOCK);
}

/**
 * Compacts the database in use, then reloads this page (to the lock screen, which says why). Throws a
 * StorageError when nothing was switched: 'busy' (another tab writing or staging a restore), anything else a
 * failure; the database in use is untouched either way.
 */
export async function compactNow(onProgress: (p: CompactionProgress) => void): Promise<void> {
  const db = appDb();
  const keys = sessionKeys();
  // Before the other tabs are locked: a restore staged in one of them would be lost to its reload, for nothing.
  if (await restoreStaged()) throw new StorageError('busy', 'a restore is being staged in another tab');
  const draft = captureForms();
  // Not sealed (a full disk): nothing is switched, so nothing typed is lost to the reload.
  if (draft) await writeSetting(db, keys, LOCK_DRAFT_KEY, draft);
  lockOtherTabs();
  const { compactDatabase, deletionLogRevision } = await import('../storage/compact');
  const attempt = () => {
    let logRev: number | undefined;
    return compactDatabase(activeDbName(), {
      // Read under the compaction's locks: the revision recorded is the one the copy holds.
      onStart: async (from) => {
        logRev = await deletionLogRevision(from, keys);
      },
      onProgress: (done, total) => onProgress({ done, total }),
      onSwitched: (name) => {
        if (logRev !== undefined) writeMark({ db: name, logRev, at: new Date().toISOString() });
        noteCompacted();
      },
    });
  };
  try {
    await attempt();
  } catch (err) {
    // The other tabs just told to lock seal their forms, and those writes may land while the copy runs, which
    // makes it give way: once more, queued behind them. A restore being staged refuses again at once.
    if (!(err instanceof StorageError && err.problem === 'busy')) throw err;
    await attempt();
  }
  location.reload();
}

export type CompactionState = { kind: 'idle' } | { kind: 'running'; progress: CompactionProgress | null } | { kind: 'busy' } | { kind: 'failed' };

/** Runs `compactNow` with its state for the screen: the dialog while it runs, the words when it did not switch. */
export function useCompaction(): { state: CompactionState; run: () => Promise<void> } {
  const [state, setState] = useState<CompactionState>({ kind: 'idle' });
  const running = useRef(false);
  const run = async () => {
    if (running.current) return;
    running.current = true;
    setState({ kind: 'running', progress: null });
    try {
      await compactNow((progress) => setState({ kind: 'running', progress }));
      // Reloading: the dialog stays until the page goes.
    } catch (err) {
      setState({ kind: err instanceof StorageError && err.problem === 'busy' ? 'busy' : 'failed' });
      running.current = false;
    }
  };
  return { state, run };
}

/**
 * While a compaction runs: a modal dialog (the page behind is inert, so nothing can be typed that the reload would
 * lose) whose sentence a screen reader announces, with a progress bar.
 */
export function CompactionDialog({ progress }: { progress: CompactionProgress | null }) {
  const { t } = useI18n();
  const ids = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  useEffect(() => {
    // A long copy is not the teacher being away: the idle lock would end it.
    if (progress) window.dispatchEvent(new Event(JOB_MOVED_ON));
  }, [progress]);
  const percent = progress && progress.total > 0 ? Math.floor((progress.done * 100) / progress.total) : null;
  return (
    <dialog
      ref={dialog}
      className="compaction-dialog"
      aria-labelledby={`${ids}-title`}
      aria-describedby={`${ids}-then`}
      data-testid="compaction"
      // Not cancellable: Escape would leave the page usable while the reload is coming.
      onCancel={(e) => e.preventDefault()}
    >
      <h2 id={`${ids}-title`}>{t('compact.running')}</h2>
      <p id={`${ids}-then`}>{t('compact.then')}</p>
      <p role="status" id={`${ids}-progress`}>
        {percent === null ? t('compact.starting') : t('compact.progress', { percent: String(percent) })}
      </p>
      <progress aria-labelledby={`${ids}-progress`} max={100} value={percent ?? undefined} />
    </dialog>
  );
}

/** What to say when a compaction did not switch: the data in use is untouched. */
export function CompactionOutcome({ state, manual }: { state: CompactionState; manual: boolean }) {
  const { t } = useI18n();
  if (state.kind === 'running') return <CompactionDialog progress={state.progress} />;
  if (state.kind === 'failed')
    return (
      <p role="alert" className="problems">
        {t('compact.failed')}
      </p>
    );
  // Another tab or a restore: at the unlock it just waits for the next one; asked for, it says so.
  if (state.kind === 'busy' && manual)
    return (
      <p role="status" className="hint">
        {t('compact.busy')}
      </p>
    );
  return null;
}
