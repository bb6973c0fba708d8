import { Dexie } from 'dexie';
import type { EntityTable } from 'dexie';
import type { CaseEvent } from '../../machines/events';
import type { StoredSnapshot } from '../../machines/replay';
import { DB_NAME, SCHEMA } from './schema';

export interface CaseRow {
  id: string;
  step: string;
  level: number;
  openedAt: string;
  updatedAt: string;
  /** Earliest pending deadline, or '' when nothing is due (kept sortable as a string). */
  nextDueAt: string;
  eventCount: number;
}

export interface EventRow {
  id: string;
  caseId: string;
  seq: number;
  at: string;
  by: string;
  event: CaseEvent;
}

export interface SnapshotRow extends StoredSnapshot {
  caseId: string;
  seq: number;
}

export interface SettingRow {
  key: string;
  value: unknown;
}

export type SanadDb = Dexie & {
  cases: EntityTable<CaseRow, 'id'>;
  events: Dexie.Table<EventRow, [string, number]>;
  snapshots: EntityTable<SnapshotRow, 'caseId'>;
  settings: EntityTable<SettingRow, 'key'>;
};

export function openDb(name = DB_NAME): SanadDb {
  // Strict durability: a write reported done has reached the disk (ARCHITECTURE §5).
  const db = new Dexie(name, { chromeTransactionDurability: 'strict' }) as SanadDb;
  for (const { version, stores } of SCHEMA) db.version(version).stores(stores);
  return db;
}

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
