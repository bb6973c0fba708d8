/**
 * The database schema, append-only: a released version is never edited, a change is a new entry.
 * Index tables hold only non-identifying fields (step, level, dates): no names, no narrative.
 * See docs/decisions/0005-storage-schema.md.
 */
export const DB_NAME = 'sanad';

export interface SchemaVersion {
  version: number;
  stores: Record<string, string | null>;
}

export const SCHEMA: readonly SchemaVersion[] = [
  {
    version: 1,
    stores: {
      // One row per case, for lists and the home screen.
      cases: 'id, step, level, openedAt, updatedAt, nextDueAt',
      // The append-only event log: the case itself.
      events: '[caseId+seq], &id, caseId',
      // Cache of the machine snapshot, rebuilt from the log when stale.
      snapshots: 'caseId',
      settings: 'key',
    },
  },
  {
    // v2: closed cases listed a page at a time, most recent first, without reading them all.
    version: 2,
    stores: {
      cases: 'id, step, level, openedAt, updatedAt, nextDueAt, [step+updatedAt]',
    },
  },
];

export const CURRENT_VERSION = SCHEMA.at(-1)?.version ?? 1;
