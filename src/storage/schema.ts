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
  {
    // v3: the vault (one row: KDF parameters and the sealed master secret, nothing in clear that unlocks it).
    // Event payloads, snapshots and settings are sealed from now on; rows written before are sealed when
    // the vault is created (docs/decisions/0006).
    version: 3,
    stores: {
      vault: 'id',
    },
  },
];

export const CURRENT_VERSION = SCHEMA.at(-1)?.version ?? 1;

/**
 * Schema versions that reached users, each with a frozen database in tests/fixtures/sanad-v<N>.json
 * (v2 shipped only together with v3).
 */
export const RELEASED_VERSIONS: readonly number[] = [1, 3];
