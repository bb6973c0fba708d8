import { useEffect } from 'react';
import { clearSessionKeys, isUnlocked } from '../storage/session';

/**
 * Locking drops the keys and reloads the page, which is the one sure way to clear every decrypted value
 * from memory and from the screen. Every open tab of the app is told at once (BroadcastChannel).
 */
// A BroadcastChannel only reaches same-origin contexts; it has no target origin to give.
const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('sanad-lock');

function lockHere(): void {
  clearSessionKeys();
  location.reload();
}

export function lockAllTabs(): void {
  // oxlint-disable-next-line unicorn/require-post-message-target-origin
  channel?.postMessage('lock');
  lockHere();
}

channel?.addEventListener('message', () => {
  if (isUnlocked()) lockHere();
});

export const AUTO_LOCK_KEY = 'autoLockMinutes';
export const AUTO_LOCK_DEFAULT = 5;
export const AUTO_LOCK_CHOICES = Array.from({ length: 15 }, (_, i) => i + 1);
const ACTIVITY = ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart'] as const;

/** Locks after `minutes` without a touch, a key or a click in this tab. */
export function useIdleLock(minutes: number | undefined, active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const limit = (minutes ?? AUTO_LOCK_DEFAULT) * 60_000;
    let last = Date.now();
    const seen = () => (last = Date.now());
    for (const type of ACTIVITY) window.addEventListener(type, seen, { passive: true, capture: true });
    const timer = setInterval(() => {
      if (Date.now() - last >= limit) lockAllTabs();
    }, 1000);
    return () => {
      clearInterval(timer);
      for (const type of ACTIVITY) window.removeEventListener(type, seen, { capture: true });
    };
  }, [minutes, active]);
}
