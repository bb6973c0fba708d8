import { useSyncExternalStore } from 'react';
import type { RemoteProblem } from './remote';

/**
 * What the sync indicator and the Team settings show, and the one way to ask for a pass now. Light on purpose: the
 * replicator (PouchDB) is loaded only once sync is on (./runner.ts), and registers itself here.
 */
export type SyncProblem = RemoteProblem | 'serverRefused' | 'local';

export type SyncStatus =
  | { kind: 'off' }
  /** The first pass of this unlock has not ended yet. */
  | { kind: 'starting' }
  /** This device asked to join and no member has added it yet. */
  | { kind: 'joining' }
  /** In the team, waiting for a member's device to give it the team key. */
  | { kind: 'noKey' }
  | { kind: 'synced'; refused: number; needsReview: number }
  /** Records of this device not yet on the server (a pass will send them). */
  | { kind: 'waiting'; count: number }
  | { kind: 'offline'; count: number }
  | { kind: 'error'; problem: SyncProblem; count: number };

let status: SyncStatus = { kind: 'off' };
const listeners = new Set<() => void>();

export function setSyncStatus(next: SyncStatus): void {
  if (JSON.stringify(next) === JSON.stringify(status)) return;
  status = next;
  for (const l of listeners) l();
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

export const useSyncStatus = () => useSyncExternalStore(subscribe, () => status);

let runPass: (() => Promise<void>) | null = null;

/** The runner registers how to run a pass (null once it stops). */
export function registerRunner(run: (() => Promise<void>) | null): void {
  runPass = run;
}

/** Runs a pass now (after the one under way, if any); resolves once it ended. Without a runner, does nothing. */
export function requestSync(): Promise<void> {
  return runPass ? runPass() : Promise.resolve();
}
