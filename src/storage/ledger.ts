import { open, seal } from './crypto';
import type { Sealed, VaultKeys } from './crypto';
import type { CaseRow, SanadDb, SettingRow } from './db';
import { StorageError } from './errors';

/**
 * The ledger (docs/decisions/0014): one sealed record that anchors what the clear index cannot vouch for.
 * For every case: how many events its log holds, the last link of its keyed hash chain, and the index fields
 * the home screen sorts and filters by (step, level, next deadline); for every setting: its revision. A case
 * whose log lost its last events, a case deleted or hidden outside Sanad, an index row edited to close an
 * emergency, or an older setting written back all disagree with it.
 *
 * It is written in the same transaction as what it anchors, and its revision is bound into its AAD and kept
 * in clear beside it, so a write can check, inside the transaction, that nobody else wrote it meanwhile.
 */
export const LEDGER_KEY = 'sanad:ledger';

export type CaseFlag = 'altered' | 'legacyRefused';

export interface CaseAnchor {
  /** events in the log */
  n: number;
  /** the chain head */
  h: string;
  /** step, level and next deadline, as the index row must show them */
  s: string;
  l: number;
  d: string;
  /** Set by the vault's upgrade for a case it could not vouch for; the case is kept, never written to. */
  flag?: CaseFlag;
  /** The key generation its rows are sealed under (absent: the first); see `Ledger.gen`. */
  g?: number;
  /**
   * A revocation could not reseal it (its rows did not open): they stay under the previous keys, which the vault
   * keeps until no case needs them.
   */
  prev?: true;
}

export interface Ledger {
  rev: number;
  /** The vault's upgrade is under way: what is not anchored yet is read the old way until it is. */
  upgrading: boolean;
  cases: Record<string, CaseAnchor>;
  settings: Record<string, number>;
  /**
   * The vault's key generation (absent: the first). A revocation starts the next one; until every case's `g`
   * reaches it, the cases behind open with the previous keys (src/storage/revoke.ts).
   */
  gen?: number;
}

export interface LedgerRow extends SettingRow {
  key: typeof LEDGER_KEY;
  rev: number;
  sealed: Sealed;
  /**
   * The key generation, in clear beside the sealed one (absent: the first): a vault row whose generation differs
   * was put back from an older copy, and a ledger that then does not open is not remade over the cases.
   */
  gen?: number;
}

const ledgerAad = (rev: number) => `sanad/ledger/r${rev}/v2`;

export const readLedgerRow = (db: SanadDb) => db.settings.get(LEDGER_KEY);

/** The writers' lock (a Web Lock, shared by this device's tabs). */
export const WRITER_LOCK = 'sanad-ledger-write';

/**
 * Every write moves the one ledger, so writers from several tabs would make each other redo their work: where
 * the browser has Web Locks they take turns (the revision check inside each transaction stays the guarantee).
 * The vault row's writes (a revocation, the unlock-attempt counter, a passphrase change) take it too, so that a
 * compaction, which holds it from its first copy to its switch, never switches away from one of them
 * (docs/decisions/0021-retention.md). Not re-entrant: `work` must not ask for it again.
 */
export function oneWriterAtATime<T>(work: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  return locks ? locks.request(WRITER_LOCK, work) : work();
}

/**
 * Whether a writer (another tab's, or this one's) is waiting for the writers' lock, as far as the browser says
 * (false when it cannot: no Web Locks, no `query`). The holder of a long turn (a compaction) gives way to it.
 */
export async function writersWaiting(): Promise<boolean> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (typeof locks?.query !== 'function') return false;
  const snapshot = await locks.query().catch(() => null);
  return (snapshot?.pending ?? []).some((l) => l.name === WRITER_LOCK);
}

/** The ledger, or null for a database from before it. A ledger that does not open is itself an alteration. */
export async function openLedger(keys: VaultKeys, row: SettingRow | undefined): Promise<Ledger | null> {
  if (!row) return null;
  if (!row.sealed || !Number.isInteger(row.rev)) throw new StorageError('altered', 'the ledger was altered', { reason: 'ledger' });
  const ledger = await open<Ledger>(keys.data, ledgerAad(row.rev!), row.sealed).catch(() => null);
  if (!ledger || ledger.rev !== row.rev) throw new StorageError('altered', 'the ledger was altered', { reason: 'ledger' });
  return ledger;
}

/**
 * The next revision of a ledger. When there was none, the fresh one is still `upgrading` if the database holds
 * anything from before it (the vault's upgrade anchors it), and done at once for an empty database.
 */
export function nextLedger(current: Ledger | null, change: (l: Ledger) => void, olderRows = true): Ledger {
  const next: Ledger = current ? structuredClone(current) : { rev: 0, upgrading: olderRows, cases: {}, settings: {} };
  next.rev += 1;
  change(next);
  return next;
}

export async function sealLedger(keys: VaultKeys, ledger: Ledger): Promise<LedgerRow> {
  return { key: LEDGER_KEY, rev: ledger.rev, sealed: await seal(keys.data, ledgerAad(ledger.rev), ledger), ...(ledger.gen && ledger.gen > 1 ? { gen: ledger.gen } : {}) };
}

/** Inside a write transaction: the ledger is still the revision the write was prepared on. */
export async function ledgerUnchanged(db: SanadDb, rev: number | undefined): Promise<boolean> {
  const row = await readLedgerRow(db);
  return (row?.rev ?? undefined) === rev;
}

/** Whether a database without a ledger holds rows from before it (read before its first ledger is written). */
export async function holdsOlderRows(db: SanadDb): Promise<boolean> {
  const [cases, events, settings] = await Promise.all([db.cases.count(), db.events.count(), db.settings.filter((r) => r.key !== LEDGER_KEY).count()]);
  return cases + events + settings > 0;
}

export const anchorOf = (row: CaseRow, g?: number): CaseAnchor => ({ n: row.eventCount, h: row.chainHead ?? '', s: row.step, l: row.level, d: row.nextDueAt, ...(g && g > 1 ? { g } : {}) });

/** The keys a case's rows open with: the vault's, or the previous ones while a revocation has not reached it. */
export function keysForCase(keys: VaultKeys, ledger: Ledger | null, anchor: CaseAnchor | undefined): VaultKeys | null {
  if (!ledger || !anchor || (anchor.g ?? 1) >= (ledger.gen ?? 1)) return keys;
  return keys.previous ?? null;
}

/** Why a case cannot be vouched for: what its rows or its anchor show (the case page words each). */
export type Alteration = 'notAnchored' | 'flagged' | 'truncated' | 'extended' | 'head' | 'moved' | 'unsealed' | 'ledger' | 'legacyRefused';

export function alteredError(caseId: string, reason: Alteration): StorageError {
  return new StorageError('altered', `case ${caseId}: its record was altered outside Sanad (${reason})`, { reason });
}

/** What the index row of each case should say, against what it says: the home screen's check. */
export interface IndexAudit {
  /** Cases the ledger knows that have no index row (deleted outside Sanad). */
  missing: string[];
  /** Rows whose fields disagree with the ledger, or that the ledger does not know: shown as "needs checking". */
  suspect: Set<string>;
  /** Cases the ledger says are open whose row says otherwise: listed with the open ones, never hidden. */
  hiddenOpen: string[];
  flagged: Map<string, CaseFlag>;
}

export function auditIndex(ledger: Ledger | null, rows: readonly CaseRow[]): IndexAudit {
  const audit: IndexAudit = { missing: [], suspect: new Set(), hiddenOpen: [], flagged: new Map() };
  if (!ledger) return audit;
  const seen = new Set<string>();
  for (const row of rows) {
    seen.add(row.id);
    const a = ledger.cases[row.id];
    if (!a) {
      if (!ledger.upgrading) audit.suspect.add(row.id);
      continue;
    }
    if (a.flag) audit.flagged.set(row.id, a.flag);
    if (a.n !== row.eventCount || a.h !== (row.chainHead ?? '') || a.s !== row.step || a.l !== row.level || a.d !== row.nextDueAt) {
      audit.suspect.add(row.id);
      if (a.s !== 'closed' && row.step === 'closed') audit.hiddenOpen.push(row.id);
    }
  }
  for (const id of Object.keys(ledger.cases)) if (!seen.has(id)) audit.missing.push(id);
  return audit;
}
