import PouchDB from 'pouchdb-core';
import type { Database } from 'pouchdb-core';
import http from 'pouchdb-adapter-http';
import indexeddb from 'pouchdb-adapter-indexeddb';
import replication from 'pouchdb-replication';
import { schoolCalendar } from '../storage/calendar-setting';
import { appDb } from '../storage/instance';
import { isUnlocked, sessionGeneration, sessionKeys } from '../storage/session';
import { receivePending, sendPending } from '../storage/sync-bridge';
import { readSyncServer, teamIdOf, watchVault } from '../storage/sync-enrol';
import { registerRunner, setSyncStatus } from './control';
import type { SyncProblem } from './control';
import { RemoteError, checkServer, problemOfStatus, remoteOf } from './remote';

/**
 * The replicator in the browser (decision 0018, "The app"): loaded only once sync is on, it keeps a PouchDB database
 * of the team's ciphertext documents on IndexedDB and runs passes, one at a time:
 *   sendPending (vault → local documents) → push to the server → pull → receivePending (local documents → vault).
 * PouchDB does the protocol (opaque `last_seq`, `_local` checkpoints on both sides, `_revs_diff` / `_bulk_get`
 * batches, resuming where an interrupted pass stopped); this module schedules the passes: at start, soon after a
 * record is saved, when the device comes back online, when asked ("Sync now"), every 30 s, and after a failure
 * again after 5 s, 10 s, 20 s… up to 5 min. An error is a status in words; nothing in the vault is touched by a
 * failed pass (a pass imports only what it decoded and checked).
 */

const Pouch = PouchDB.plugin(indexeddb).plugin(http).plugin(replication);

const EVERY_MS = 30_000;
const BACKOFF_MS = 5_000;
const MAX_BACKOFF_MS = 5 * 60_000;
const SOON_MS = 800;
/** This device's documents written locally and not yet pushed: kept in the local database, across reloads. */
const WAITING_ID = '_local/sanad-waiting';

async function waitingIds(local: Database): Promise<{ ids: string[]; rev?: string }> {
  try {
    const doc = await local.get(WAITING_ID);
    return { ids: Array.isArray(doc.ids) ? (doc.ids as string[]) : [], rev: doc._rev };
  } catch {
    return { ids: [] };
  }
}

async function setWaiting(local: Database, ids: string[]): Promise<void> {
  const { rev } = await waitingIds(local);
  await local.put({ _id: WAITING_ID, ids, ...(rev ? { _rev: rev } : {}) });
}

const recordsIn = (ids: readonly string[]) => ids.filter((id) => id.startsWith('e:')).length;

/** PouchDB's errors (an HTTP status, or none for a network failure) as a problem said in words. */
function problemOf(err: unknown): SyncProblem {
  if (err instanceof RemoteError) return err.problem;
  const status = (err as { status?: number } | null)?.status;
  if (typeof status === 'number' && status >= 400) return problemOfStatus(status);
  return navigator.onLine === false ? 'offline' : 'unreachable';
}

class Runner {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | null = null;
  private again = false;
  private failures = 0;
  private stopped = false;
  private checked = false;
  private readonly locals = new Map<string, Database>();
  private readonly unwatch: () => void;
  private readonly onOnline = () => this.soon(0);

  constructor() {
    this.unwatch = watchVault(appDb(), () => this.soon(SOON_MS));
    addEventListener('online', this.onOnline);
    addEventListener('offline', this.onOnline);
    setSyncStatus({ kind: 'starting' });
  }

  private soon(ms: number) {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.pass(), ms);
  }

  /** A pass now, or right after the one under way. */
  pass(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    clearTimeout(this.timer);
    this.running = this.once()
      .then(
        (ok) => {
          this.failures = ok ? 0 : this.failures + 1;
        },
        () => {
          this.failures++;
        },
      )
      .finally(() => {
        this.running = null;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          this.soon(0);
        } else this.soon(this.failures === 0 ? EVERY_MS : Math.min(BACKOFF_MS * 2 ** (this.failures - 1), MAX_BACKOFF_MS));
      });
    return this.running;
  }

  private local(teamId: string): Database {
    let db = this.locals.get(teamId);
    if (!db) {
      db = new Pouch(`sanad-team-${teamId}`, { adapter: 'indexeddb' });
      this.locals.set(teamId, db);
    }
    return db;
  }

  /** One pass; false when it failed (the status says why). */
  private async once(): Promise<boolean> {
    const db = appDb();
    const keys = sessionKeys();
    // The unlock this pass belongs to: once the vault locks (or locks and unlocks again), it writes nothing more.
    const gen = sessionGeneration();
    const still = () => !this.stopped && isUnlocked() && sessionGeneration() === gen;
    const [server, teamId] = await Promise.all([readSyncServer(db, keys), teamIdOf(db, keys)]);
    if (!server) {
      setSyncStatus({ kind: 'off' });
      return true;
    }
    if (!teamId) {
      setSyncStatus({ kind: 'joining' });
      return true;
    }
    const local = this.local(teamId);
    let count = 0;
    let noKey = false;
    try {
      const sent = await sendPending(db, keys, local);
      noKey = sent.waiting === 'noTeamKey';
      const waiting = (await waitingIds(local)).ids;
      const fresh = sent.written.filter((id) => !waiting.includes(id));
      if (fresh.length) await setWaiting(local, [...waiting, ...fresh]);
      count = recordsIn([...waiting, ...fresh]);
    } catch {
      setSyncStatus({ kind: 'error', problem: 'local', count });
      return false;
    }
    try {
      if (navigator.onLine === false) throw new RemoteError('offline');
      const remote = remoteOf(server, location.origin);
      // Once per unlock: a server that lost its rules (or another one at that address) would take anything.
      if (!this.checked) {
        await checkServer(remote);
        this.checked = true;
      }
      const target = new Pouch(remote.db, { skip_setup: true, ...(remote.auth ? { auth: remote.auth } : {}) });
      if (count > 0) setSyncStatus({ kind: 'waiting', count });
      const pushed = await local.replicate.to(target, { batch_size: 100 });
      if (pushed.doc_write_failures > 0) {
        setSyncStatus({ kind: 'error', problem: 'serverRefused', count });
        return false;
      }
      await setWaiting(local, []);
      count = 0;
      await local.replicate.from(target, { batch_size: 100 });
      if (!still()) return true;
      const received = await receivePending(db, keys, local, await schoolCalendar());
      // A key received in this pass: the next pass seals what waited for it.
      if (noKey && received.refused.length === 0) noKey = (await sendPending(db, keys, local)).waiting === 'noTeamKey';
      setSyncStatus(noKey ? { kind: 'noKey' } : { kind: 'synced', refused: received.refused.length, needsReview: Object.keys(received.needsReview).length });
      return true;
    } catch (err) {
      const problem = problemOf(err);
      setSyncStatus(problem === 'offline' ? { kind: 'offline', count } : { kind: 'error', problem, count });
      return false;
    }
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.unwatch();
    removeEventListener('online', this.onOnline);
    removeEventListener('offline', this.onOnline);
  }
}

let current: Runner | null = null;
let users = 0;

/** Starts the runner (once, however many callers); returns the caller's stop. The last stop ends it. */
export function startRunner(): () => void {
  users++;
  if (!current) {
    const runner = new Runner();
    current = runner;
    registerRunner(() => runner.pass());
    void runner.pass();
  }
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    users--;
    if (users === 0 && current) {
      current.stop();
      current = null;
      registerRunner(null);
      setSyncStatus({ kind: 'off' });
    }
  };
}
