import { Dexie } from 'dexie';
import type { EntityTable } from 'dexie';
import type { CaseEvent } from '../../machines/events';
import type { StoredSnapshot } from '../../machines/replay';
import type { Sealed } from './crypto';
import { DB_NAME, SCHEMA } from './schema';
import type { VaultRow } from './vault';

export interface CaseRow {
  id: string;
  step: string;
  level: number;
  openedAt: string;
  updatedAt: string;
  /** Earliest pending deadline, or '' when nothing is due (kept sortable as a string). */
  nextDueAt: string;
  eventCount: number;
  /** The last link of the case's keyed hash chain (a MAC: says nothing about the case). */
  chainHead?: string;
  /**
   * What the home list shows of the case, sealed like the events (it names a child): the target's pseudonym
   * and class, and what is due next. Rows written before it have none; the list then shows the reference.
   */
  card?: Sealed;
}

/** The content of `CaseRow.card`, once opened. */
export interface CaseCard {
  pseudonym?: string;
  className?: string;
  /** Protocol text key of the next item due (`nextDueAt` is its time). */
  nextDue?: string;
}

/**
 * One event of a case's log. Since schema v3 the event (author and narrative included) is sealed and the
 * row carries its link of the case's keyed hash chain; rows written before the vault have `event` and
 * `by` in clear until the vault seals them.
 */
export interface EventRow {
  id: string;
  caseId: string;
  seq: number;
  at: string;
  sealed?: Sealed;
  chain?: string;
  event?: CaseEvent;
  by?: string;
  /** Received by case transfer: the sender vault's key fingerprint (bound into the AAD). */
  from?: string;
}

/** The snapshot cache: sealed since v3 (a clear one from before is simply ignored and the case replayed). */
export interface SnapshotRow extends Partial<StoredSnapshot> {
  caseId: string;
  seq: number;
  sealed?: Sealed;
}

export interface SettingRow {
  key: string;
  sealed?: Sealed;
  /** The revision bound into the AAD, anchored in the ledger (docs/decisions/0014). */
  rev?: number;
  /** The ledger's row only: its key generation, in clear (see `LedgerRow`). */
  gen?: number;
  /** Before the vault. */
  value?: unknown;
}

/** An event as the app uses it: opened, with its place in the log. */
export interface CaseEventRecord {
  id: string;
  caseId: string;
  seq: number;
  at: string;
  by: string;
  event: CaseEvent;
  /** Received by case transfer from the vault with this key fingerprint; absent when recorded here. */
  from?: string;
}

export type SanadDb = Dexie & {
  cases: EntityTable<CaseRow, 'id'>;
  events: Dexie.Table<EventRow, [string, number]>;
  snapshots: EntityTable<SnapshotRow, 'caseId'>;
  settings: EntityTable<SettingRow, 'key'>;
  vault: EntityTable<VaultRow, 'id'>;
};

export function openDb(name = DB_NAME): SanadDb {
  // Strict durability: a write reported done has reached the disk, so a crash right after loses nothing.
  const db = new Dexie(name, { chromeTransactionDurability: 'strict' }) as SanadDb;
  for (const { version, stores } of SCHEMA) db.version(version).stores(stores);
  // Deleted by another tab (a restore switched to another database): this connection must not open it again,
  // which would create an empty database under the old name and take writes that are then lost.
  db.on('versionchange', (ev) => {
    if (ev.newVersion === null) db.close({ disableAutoOpen: true });
  });
  return db;
}

/** One case's event log, in order (the `[caseId+seq]` index). */
export const caseEvents = (db: SanadDb, caseId: string) => db.events.where('[caseId+seq]').between([caseId, Dexie.minKey], [caseId, Dexie.maxKey]);

/** The case list, newest activity first: the index table only, so a list never loads the machines. */
export function listCases(db: SanadDb): Promise<CaseRow[]> {
  return db.cases.orderBy('updatedAt').reverse().toArray();
}

/**
 * Open cases only, through the step index: years of closed cases must not slow the home screen down.
 * Two plain ranges rather than `notEqual`, which Dexie walks with a cursor (measured 10× slower).
 */
export async function listOpenCases(db: SanadDb): Promise<CaseRow[]> {
  const [before, after] = await Promise.all([db.cases.where('step').below('closed').toArray(), db.cases.where('step').above('closed').toArray()]);
  return [...before, ...after];
}

/** Closed cases, most recently closed first, a page at a time. */
export function listClosedCases(db: SanadDb, limit: number): Promise<CaseRow[]> {
  return db.cases.where('[step+updatedAt]').between(['closed', Dexie.minKey], ['closed', Dexie.maxKey]).reverse().limit(limit).toArray();
}

export const countClosedCases = (db: SanadDb) => db.cases.where('step').equals('closed').count();
