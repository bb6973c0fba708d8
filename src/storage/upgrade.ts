import type { SchoolCalendar } from '../../protocol/calendar';
import { parseEvent } from '../../machines/events';
import type { CaseEvent } from '../../machines/events';
import { ReplayError, replayRecorded } from '../../machines/replay';
import { verifyChainRows, indexRow, rewriteCase, sealEvents, sealSnapshot } from './case-repository';
import { CHAIN_START, aadFor, eventAad, open, seal, settingAad } from './crypto';
import type { VaultKeys } from './crypto';
import { caseEvents } from './db';
import type { CaseRow, EventRow, SanadDb, SettingRow, SnapshotRow } from './db';
import { StorageError } from './errors';
import { LEDGER_KEY, anchorOf, ledgerUnchanged, nextLedger, openLedger, readLedgerRow, sealLedger } from './ledger';
import type { CaseAnchor, CaseFlag, Ledger } from './ledger';

/**
 * The vault's upgrade to the ledger (docs/decisions/0014), run after every unlock until it is done, and on
 * the training sandbox's database. It replaces the sealing of rows from before the vault: each case in its own
 * transaction (with its anchor), so an interruption leaves every case either as it was or upgraded, and the
 * next unlock resumes.
 *
 * - Rows in clear (from before the vault) and rows sealed under their id only are resealed under the AAD that
 *   binds case, position and id, with the chain recomputed over the new ciphertexts.
 * - A sealed case is first checked against the chain head its index row recorded: a log that does not match
 *   is kept as it is and flagged 'altered'. So is a case whose rows already carry the new AAD while the ledger
 *   does not know it (the ledger was removed): nothing found on the disk is vouched for silently.
 * - A log the protocol now refuses (recorded in clear by an older version) is sealed as it is and flagged
 *   'legacyRefused' for the team to review; it never blocks the other cases.
 */
export interface UpgradeReport {
  cases: number;
  flagged: { caseId: string; flag: CaseFlag }[];
  /** Rows found in clear (from before the vault) and sealed: their old values are still in the storage files. */
  clearRows: number;
}

type Progress = (done: number, total: number) => void;

interface Prepared {
  rows: EventRow[];
  snapshot?: SnapshotRow;
  index: CaseRow;
  flag?: CaseFlag;
}

async function openOld(keys: VaultKeys, row: EventRow): Promise<CaseEvent | 'new' | 'bad'> {
  if (!row.sealed) {
    // Checked before anything is sealed: a value that is not an event (a cycle, a number JSON cannot hold)
    // makes its case flagged, never the whole upgrade fail.
    const parsed = parseEvent(row.event);
    if (parsed.ok) return row.at === parsed.event.at ? parsed.event : 'bad';
    // Not an event of a kind this version knows: sealed as it is (the replay then flags its case for review).
    try {
      const copy = JSON.parse(JSON.stringify(row.event)) as CaseEvent | null;
      return copy && typeof copy === 'object' && copy.at === row.at ? copy : 'bad';
    } catch {
      return 'bad';
    }
  }
  const old = await open<CaseEvent>(keys.data, aadFor('events', row.id), row.sealed).catch(() => null);
  if (old) return old;
  const resealed = await open<CaseEvent>(keys.data, eventAad(row.caseId, row.seq, row.id), row.sealed).catch(() => null);
  return resealed ? 'new' : 'bad';
}

const flaggedIndex = (caseId: string, rows: EventRow[], index: CaseRow | undefined): CaseRow => ({
  id: caseId,
  step: index?.step ?? 'report',
  level: index?.level ?? -1,
  openedAt: index?.openedAt ?? rows[0]?.at ?? '',
  updatedAt: index?.updatedAt ?? rows.at(-1)?.at ?? '',
  nextDueAt: '',
  eventCount: rows.length,
  chainHead: rows.at(-1)?.chain ?? CHAIN_START,
});

/**
 * `clearIsForged`: this vault already sealed its rows from before it, or lost its ledger: rows found in clear
 * now were put there behind Sanad's back.
 */
async function prepareCase(keys: VaultKeys, caseId: string, rows: EventRow[], index: CaseRow | undefined, cal: SchoolCalendar, clearIsForged: boolean): Promise<Prepared> {
  const opened = await Promise.all(rows.map((r) => openOld(keys, r)));
  if (clearIsForged && rows.some((r) => !r.sealed)) return flagAsFound(keys, caseId, rows, opened, index);
  const wellOrdered = rows.every((r, i) => r.seq === i);
  const sealedRows = rows.filter((r) => r.sealed);
  // Sealed rows were chained when written: their chain must still reach the head the index row recorded.
  const chainOk =
    sealedRows.length === 0 || (sealedRows.length === rows.length && index?.chainHead !== undefined && (await verifyChainRows(keys, rows, { head: index.chainHead, events: index.eventCount })).ok);
  if (rows.length === 0 || !wellOrdered || !chainOk || opened.some((e) => e === 'new' || e === 'bad')) return flagAsFound(keys, caseId, rows, opened, index);
  const events = opened as CaseEvent[];
  const resealed = await sealEvents(keys, caseId, events, 0, CHAIN_START, rows.map((r) => r.id));
  try {
    // Recorded under the rules of its time: applied as recorded, departures listed (docs/decisions/0010).
    const { snapshot, departures } = replayRecorded(events, caseId);
    const last = events.length - 1;
    return {
      rows: resealed,
      snapshot: await sealSnapshot(keys, caseId, last, snapshot, departures),
      index: await indexRow(keys, caseId, snapshot, events[0]?.at ?? '', events[last]?.at ?? '', events.length, cal, resealed.at(-1)?.chain ?? CHAIN_START),
    };
  } catch (err) {
    if (!(err instanceof ReplayError)) throw err;
    return { rows: resealed, index: flaggedIndex(caseId, resealed, index), flag: 'legacyRefused' };
  }
}

/**
 * A case the upgrade cannot vouch for, kept as found and flagged 'altered'. Events found in clear are sealed
 * (under the new AAD, renumbered in their order) so no clear text stays; sealed rows stay as they are.
 */
async function flagAsFound(keys: VaultKeys, caseId: string, rows: EventRow[], opened: (CaseEvent | 'new' | 'bad')[], index: CaseRow | undefined): Promise<Prepared> {
  const allClear = rows.length > 0 && rows.every((r, i) => !r.sealed && typeof opened[i] === 'object');
  const kept = allClear ? await sealEvents(keys, caseId, opened as CaseEvent[], 0, CHAIN_START, rows.map((r) => r.id)).catch(() => rows) : rows;
  return { rows: kept, index: flaggedIndex(caseId, kept, index), flag: 'altered' };
}

async function writeLedgerOnly(db: SanadDb, keys: VaultKeys, ledger: Ledger | null, change: (l: Ledger) => void, extra?: SettingRow): Promise<boolean> {
  const next = nextLedger(ledger, change);
  const row = await sealLedger(keys, next);
  return db.transaction('rw', db.settings, async () => {
    if (!(await ledgerUnchanged(db, ledger?.rev))) return false;
    if (extra) await db.settings.put(extra);
    await db.settings.put(row);
    return true;
  });
}

const ATTEMPTS = 5;

export async function upgradeVault(db: SanadDb, keys: VaultKeys, cal: SchoolCalendar, progress?: Progress): Promise<UpgradeReport> {
  const report: UpgradeReport = { cases: 0, flagged: [], clearRows: 0 };
  const current = () => readLedgerRow(db).then((r) => openLedger(keys, r));
  const vault = await db.vault.get('vault');
  // Read in one transaction: a setting saved between two reads (the first unlock saves the school's name while
  // this runs) made its revision look like the trace of a ledger deleted, and every case was flagged.
  const [stored, revised] = await db.transaction('r', db.settings, () => Promise.all([readLedgerRow(db), db.settings.filter((r) => r.rev !== undefined).count()]));
  let ledger: Ledger | null;
  let ledgerLost = false;
  try {
    ledger = await openLedger(keys, stored);
    ledgerLost = !ledger && revised > 0;
  } catch (err) {
    if (!(err instanceof StorageError) || err.problem !== 'altered') throw err;
    // A ledger that does not open because the vault row was put back from an older copy, or in the middle of a
    // revocation, is left alone (putting the right vault row back repairs everything): the home screen says it.
    if (vault?.rekey || (stored?.gen ?? 1) !== (vault?.gen ?? 1)) throw err;
    // Otherwise it is treated as deleted, and kept aside: a new one is made, every case it cannot vouch for
    // flagged, and new cases can be recorded again. Only if it is still the row read above: another tab may have
    // set it aside and made the new one meanwhile, which must not be set aside in turn.
    const setAside = await db.transaction('rw', db.settings, async () => {
      if (JSON.stringify(await readLedgerRow(db)) !== JSON.stringify(stored)) return false;
      if (stored) await db.settings.put({ ...stored, key: `${LEDGER_KEY}:unopened` });
      await db.settings.delete(LEDGER_KEY);
      return true;
    });
    if (!setAside) throw new StorageError('busy', 'the ledger changed while this upgrade set it aside: the next unlock resumes');
    ledger = null;
    ledgerLost = true;
  }
  // Gone in the middle of a revocation: not remade, which would let the old master go and the cases still under
  // it with it.
  if (!ledger && vault?.rekey) throw new StorageError('altered', 'the ledger is missing', { reason: 'ledger' });
  if (ledger && !ledger.upgrading) return report;
  // Rows in clear are from before the vault only if the vault never finished sealing them, and no ledger was
  // lost: settings with revisions and no ledger mean one was deleted.
  const clearIsForged = vault?.legacySealed === true || ledgerLost;
  if (!ledger) {
    await writeLedgerOnly(db, keys, null, () => undefined);
    ledger = await current();
  }
  // Every case the database holds: by index row, and by event rows that lost theirs.
  const ids = [...new Set([...((await db.cases.toCollection().primaryKeys()) as string[]), ...((await db.events.orderBy('caseId').uniqueKeys()) as string[])])];
  for (const [i, caseId] of ids.entries()) {
    progress?.(i, ids.length);
    for (let attempt = 0; ; attempt++) {
      if (attempt === ATTEMPTS) throw new StorageError('busy', `case ${caseId} kept changing during the upgrade`);
      ledger = await current();
      if (!ledger || ledger.cases[caseId]) break;
      const [rows, index] = await db.transaction('r', [db.events, db.cases], () => Promise.all([caseEvents(db, caseId).toArray(), db.cases.get(caseId)]));
      const prepared: Prepared = await prepareCase(keys, caseId, rows, index, cal, clearIsForged).catch((): Prepared => ({ rows, index: flaggedIndex(caseId, rows, index), flag: 'altered' }));
      const anchor: CaseAnchor = { ...anchorOf(prepared.index, ledger.gen), ...(prepared.flag ? { flag: prepared.flag } : {}) };
      const ledgerRow = await sealLedger(keys, nextLedger(ledger, (l) => (l.cases[caseId] = anchor)));
      // Replaced whole: a case flagged as found may have been renumbered (a gap in its log).
      const written = await rewriteCase(db, caseId, { ledgerRev: ledger.rev, rows: rows.length }, prepared, ledgerRow);
      if (written) {
        report.cases++;
        report.clearRows += rows.filter((r) => !r.sealed).length;
        if (prepared.flag) report.flagged.push({ caseId, flag: prepared.flag });
        break;
      }
    }
  }
  for (const row of await db.settings.toArray()) {
    if (row.key === LEDGER_KEY || row.rev !== undefined) continue;
    const value = row.sealed ? await open(keys.data, aadFor('settings', row.key), row.sealed).catch(() => undefined) : row.value;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      ledger = await current();
      if (!ledger || row.key in ledger.settings) break;
      // A value that no longer opens is dropped: it reads as unset, as it did before.
      const sealed: SettingRow | undefined = value === undefined ? undefined : { key: row.key, rev: 1, sealed: await seal(keys.data, settingAad(row.key, 1), value) };
      const ok = await writeLedgerOnly(db, keys, ledger, (l) => value !== undefined && (l.settings[row.key] = 1), sealed);
      if (ok) {
        if (!row.sealed) report.clearRows++;
        break;
      }
    }
  }
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    ledger = await current();
    if (!ledger?.upgrading || (await writeLedgerOnly(db, keys, ledger, (l) => (l.upgrading = false)))) break;
  }
  // From now on, a row found in clear can only have been put there behind Sanad's back.
  if (vault && !vault.legacySealed) await db.vault.update('vault', { legacySealed: true });
  progress?.(ids.length, ids.length);
  return report;
}
