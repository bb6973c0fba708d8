import { useEffect, useRef, useState } from 'react';
import { deleteSetting, useSetting } from '../storage/setting-hooks';
import { appDb } from '../storage/instance';
import { dropPreviousKeys, markVaultSettled, sessionGeneration, sessionKeys } from '../storage/session';
import { useI18n } from './i18n';
import { AUTO_LOCK_KEY, lockAllTabs, useIdleLock } from './lock';
import { LOCK_DRAFT_KEY, restoreForms } from './lock-draft';
import type { LockDraft } from './lock-draft';
import { usePersistentStorage } from './StorageStatus';
import { CompactionOutcome, compactNow, compactionToTryNow } from '../retention-ui/Compaction';
import { noteTried } from '../retention-ui/compaction-due';
import type { CompactionState } from '../retention-ui/Compaction';

/**
 * What runs while this tab holds the keys, on every page (the protocol and training pages too: a shared PC
 * left on any of them must lock): the idle lock, persistent storage, sealing rows from before the vault, and
 * removing the traces of purged cases.
 */
export function WhileUnlocked() {
  const { t } = useI18n();
  const minutes = useSetting<number>(AUTO_LOCK_KEY);
  const { warning, stay } = useIdleLock(minutes, true);
  usePersistentStorage();
  const upgrade = useVaultUpgrade();
  return (
    <>
      {warning !== null && <LockWarning seconds={warning} onStay={stay} />}
      <LockDraftOffer />
      {upgrade.progress && <p role="status">{t('vault.upgrading', { done: String(upgrade.progress.done + 1), total: String(upgrade.progress.total) })}</p>}
      {upgrade.clearRows > 0 && (
        <p role="status" className="reminder" data-testid="clear-residue">
          {t('vault.clearResidue')}
        </p>
      )}
      <CompactionOutcome state={upgrade.compaction} manual={false} />
      {upgrade.flagged > 0 && (
        <p role="alert" className="problems">
          {t('vault.upgradeFlagged', { count: String(upgrade.flagged) })}
        </p>
      )}
    </>
  );
}

/**
 * The vault's upgrade to the ledger (src/storage/upgrade.ts), then the resealing of a revocation under way
 * (src/storage/revoke.ts), once per unlock: both return at once when there is nothing to do. Interrupted (a
 * lock, a full disk), they resume at the next unlock: each case is done whole or not at all.
 */
function useVaultUpgrade() {
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [flagged, setFlagged] = useState(0);
  const [clearRows, setClearRows] = useState(0);
  const [compaction, setCompaction] = useState<CompactionState>({ kind: 'idle' });
  useEffect(() => {
    let live = true;
    const gen = sessionGeneration();
    (async () => {
      // Loaded on demand: it needs the machines, which the home screen does not.
      const [{ upgradeVault }, { schoolCalendar }] = await Promise.all([import('../storage/upgrade'), import('../storage/calendar-setting')]);
      const cal = await schoolCalendar();
      const report = await upgradeVault(appDb(), sessionKeys(), cal, (done, total) => live && total > 0 && setProgress(done < total ? { done, total } : null));
      if (live) setFlagged(report.flagged.length);
      if (live) setClearRows(report.clearRows);
      // A revocation interrupted (tab closed, lock): its resealing resumes here (a no-op when none is under way).
      const { finishRevocation } = await import('../storage/revoke');
      await finishRevocation(appDb(), sessionKeys(), cal, (done, total) => live && setProgress(done < total ? { done, total } : null));
      if (!(await appDb().vault.get('vault'))?.rekey) dropPreviousKeys();
      // Drafts left unsent past the retention policy's period go (a policy that does not open keeps them).
      const [{ expireDrafts }, { readRetentionPolicy }] = await Promise.all([import('../storage/draft-expiry'), import('../storage/retention-store')]);
      const policy = await readRetentionPolicy(appDb(), sessionKeys()).catch(() => null);
      if (policy) await expireDrafts(appDb(), sessionKeys(), new Date().toISOString(), policy);
      // Purges made since the last compaction: their traces leave this device now, at the unlock, before anything
      // is typed (the page then reloads to the lock screen). Another tab writing or a restore being staged
      // ('busy') just waits for the next unlock; any other failure is said, the data in use untouched.
      // Each state is tried once by itself (a failure that is not 'busy' is left to the head, in Settings).
      if (!live || !(await compactionToTryNow(appDb(), sessionKeys()))) return;
      setCompaction({ kind: 'running', progress: null });
      await compactNow((p) => live && setCompaction({ kind: 'running', progress: p })).catch((err: unknown) => {
        const busy = (err as { problem?: string }).problem === 'busy';
        if (busy) noteTried(null);
        if (live) setCompaction({ kind: busy ? 'busy' : 'failed' });
      });
    })()
      .catch(() => undefined)
      .finally(() => {
        markVaultSettled(gen);
        if (live) setProgress(null);
      });
    return () => {
      live = false;
    };
  }, []);
  return { progress, flagged, clearRows, compaction };
}

/** The minute before the idle lock: announced, focus on "Stay unlocked" (WCAG 2.2.1: the limit can be extended). */
function LockWarning({ seconds, onStay }: { seconds: number; onStay: () => void }) {
  const { t } = useI18n();
  const stayButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    // Without scrolling: a scroll is the teacher's activity, not the dialog's.
    stayButton.current?.focus({ preventScroll: true });
    // Back where the teacher was, once the dialog goes.
    return () => before?.focus?.({ preventScroll: true });
  }, []);
  return (
    <div className="lock-warning" role="alertdialog" aria-modal="true" aria-labelledby="lock-warning-title" aria-describedby="lock-warning-text" data-lock-warning>
      <h2 id="lock-warning-title">{t('lock.warningTitle', { seconds: String(seconds) })}</h2>
      <p id="lock-warning-text">{t('lock.warningText')}</p>
      <div className="buttons">
        <button ref={stayButton} type="button" onClick={onStay}>
          {t('lock.stay')}
        </button>
        <button type="button" className="secondary" onClick={lockAllTabs}>
          {t('lock.now')}
        </button>
      </div>
    </div>
  );
}

/** After unlocking: what the forms held when the vault locked, offered back (sealed in the vault meanwhile). */
function LockDraftOffer() {
  const { t, when } = useI18n();
  const draft = useSetting<LockDraft>(LOCK_DRAFT_KEY);
  const [restored, setRestored] = useState<number | null>(null);
  if (restored !== null) return <p role="status">{t('lock.restored', { count: String(restored) })}</p>;
  if (!draft) return null;
  const restore = async () => {
    if (location.hash !== draft.route) location.hash = draft.route;
    // The page of the draft renders first (its case is read and decrypted), then the fields are filled.
    await new Promise((r) => setTimeout(r, 300));
    const count = await restoreForms(draft);
    await deleteSetting(LOCK_DRAFT_KEY);
    setRestored(count);
  };
  return (
    <div className="reminder lock-draft" role="status">
      <p>{t('lock.draftTitle', { when: when(draft.at) })}</p>
      <button type="button" onClick={() => void restore()}>
        {t('lock.restore')}
      </button>{' '}
      <button type="button" className="secondary" onClick={() => void deleteSetting(LOCK_DRAFT_KEY)}>
        {t('lock.discard')}
      </button>
    </div>
  );
}
