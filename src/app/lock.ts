import { useCallback, useEffect, useRef, useState } from 'react';
import { clearSessionKeys, isUnlocked, sessionKeys } from '../storage/session';
import { appDb } from '../storage/instance';
import { writeSetting } from '../storage/settings';
import { JOB_MOVED_ON } from './JobProgress';
import { captureForms, LOCK_DRAFT_KEY } from './lock-draft';

/**
 * Locking drops the keys and reloads the page, which is the one sure way to clear every decrypted value
 * from memory and from the screen. Every open tab of the app is told at once (BroadcastChannel). Before the
 * keys go, what this tab's forms hold is sealed into the vault, to be offered back after unlocking.
 */
// A BroadcastChannel only reaches same-origin contexts; it has no target origin to give.
const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('sanad-lock');

async function lockHere(): Promise<void> {
  if (isUnlocked()) {
    const draft = captureForms();
    // Best effort: a full disk must not keep a tab unlocked.
    if (draft) await writeSetting(appDb(), sessionKeys(), LOCK_DRAFT_KEY, draft).catch(() => undefined);
  }
  clearSessionKeys();
  location.reload();
}

export function lockAllTabs(): void {
  // oxlint-disable-next-line unicorn/require-post-message-target-origin
  channel?.postMessage('lock');
  void lockHere();
}

/** Locks every other tab, this one staying unlocked: before a revocation replaces the keys they hold. */
export function lockOtherTabs(): void {
  // oxlint-disable-next-line unicorn/require-post-message-target-origin
  channel?.postMessage('lock');
}

channel?.addEventListener('message', () => {
  if (isUnlocked()) void lockHere();
});

export const AUTO_LOCK_KEY = 'autoLockMinutes';
export const AUTO_LOCK_DEFAULT = 5;
export const AUTO_LOCK_CHOICES = Array.from({ length: 15 }, (_, i) => i + 1);
/** How long before the idle lock the warning shows. */
export const LOCK_WARNING_MS = 60_000;
// Reading counts: moving the focus (what a screen reader does while reading controls), the wheel, a touch or a
// key (what scrolls a page), as well as typing. "scroll" events themselves are not read: Chromium also fires
// them while a still page's layout settles, which would keep an idle tab open.
const ACTIVITY = ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart', 'focusin'] as const;

/**
 * Locks after `minutes` without activity in this tab; for the last minute `warning` holds the seconds left
 * (the page shows a dialog), and `stay()` starts the delay again. A backup, check or restore that moves on counts
 * as activity (JOB_MOVED_ON): locking would end it; once it ends, the delay runs from its last progress.
 */
export function useIdleLock(minutes: number | undefined, active: boolean): { warning: number | null; stay: () => void } {
  // The last activity outlives the effect: changing the delay (in Settings, while active) must not forget it.
  const [mountedAt] = useState(() => Date.now());
  const seen = useRef(mountedAt);
  const [warning, setWarning] = useState<number | null>(null);
  const stay = useCallback(() => {
    seen.current = Date.now();
    setWarning(null);
  }, []);
  useEffect(() => {
    if (!active) return;
    const limit = (minutes ?? AUTO_LOCK_DEFAULT) * 60_000;
    const onActivity = (e: Event) => {
      // The warning's own focus move is not the teacher coming back.
      if (e.type === 'focusin' && (e.target as Element | null)?.closest?.('[data-lock-warning]')) return;
      seen.current = Date.now();
    };
    for (const type of ACTIVITY) window.addEventListener(type, onActivity, { passive: true, capture: true });
    window.addEventListener(JOB_MOVED_ON, onActivity);
    const timer = setInterval(() => {
      const left = limit - (Date.now() - seen.current);
      if (left <= 0) return lockAllTabs();
      setWarning(left <= LOCK_WARNING_MS ? Math.ceil(left / 1000) : null);
    }, 1000);
    return () => {
      clearInterval(timer);
      for (const type of ACTIVITY) window.removeEventListener(type, onActivity, { capture: true });
      window.removeEventListener(JOB_MOVED_ON, onActivity);
    };
  }, [minutes, active]);
  return { warning, stay };
}
