import type { VaultKeys } from './crypto';
import { StorageError } from './errors';

/**
 * The unlocked keys of this tab, in memory only. Locking drops them; nothing here is ever written anywhere.
 */
let current: VaultKeys | null = null;
const listeners = new Set<() => void>();
/** Counts unlocks: work started for one unlock cannot report for the next one. */
let generation = 0;
/** Whether this unlock's upkeep (sealing rows from before the vault, finishing a revocation) has ended. */
let settled = false;

export function setSessionKeys(keys: VaultKeys): void {
  // A new unlock, not a passphrase change while unlocked: its upkeep has not run yet.
  if (current === null) {
    generation++;
    settled = false;
  }
  current = keys;
  // For `npm run bench`: unlock time and the render after it are measured from this mark.
  performance.mark('sanad:unlocked');
  for (const l of listeners) l();
}

export function clearSessionKeys(): void {
  current = null;
  settled = false;
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

/** The unlock the caller's work belongs to (see `markVaultSettled`). */
export const sessionGeneration = () => generation;

/** This unlock's upkeep has ended (done, or failed and left for the next unlock). */
export function markVaultSettled(gen: number): void {
  if (gen !== generation || current === null || settled) return;
  settled = true;
  for (const l of listeners) l();
}

/**
 * Resolves once this unlock's upkeep has ended: a reader that replays every case (the retention list) waits for
 * it, or it would read rows half-way through being sealed and call them unreadable.
 */
export function whenVaultSettled(): Promise<void> {
  if (settled) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = onSessionChange(() => {
      if (!settled) return;
      stop();
      resolve();
    });
  });
}
