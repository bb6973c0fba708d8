import type { VaultKeys } from './crypto';
import { StorageError } from './errors';

/**
 * The unlocked keys of this tab, in memory only. Locking drops them; nothing here is ever written anywhere.
 */
let current: VaultKeys | null = null;
const listeners = new Set<() => void>();

export function setSessionKeys(keys: VaultKeys): void {
  current = keys;
  // For `npm run bench`: unlock time and the render after it are measured from this mark.
  performance.mark('sanad:unlocked');
  for (const l of listeners) l();
}

export function clearSessionKeys(): void {
  current = null;
  for (const l of listeners) l();
}

export const isUnlocked = () => current !== null;

/** A revocation finished resealing every case: the keys it replaced are dropped from memory. */
export function dropPreviousKeys(): void {
  if (current?.previous) current = { data: current.data, chain: current.chain };
}

/** The keys, or a 'locked' storage error: no sensitive read or write can happen while locked. */
export function sessionKeys(): VaultKeys {
  if (!current) throw new StorageError('locked', 'the vault is locked');
  return current;
}

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
