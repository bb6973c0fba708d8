import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { openCard } from './case-card';
import type { CaseCard, CaseRow } from './db';
import { sessionKeys } from './session';
import { countClosedCases, listClosedCases, listOpenCases } from './db';
import { appDb } from './instance';
import { auditIndex, openLedger, readLedgerRow } from './ledger';

/** The home lists read only the index table, so the home screen does not load the protocol machines. */
export const useOpenCases = () => useLiveQuery(() => listOpenCases(appDb()), []);
export const useClosedCount = () => useLiveQuery(() => countClosedCases(appDb()), []);
export const useClosedCases = (limit: number) => useLiveQuery(() => listClosedCases(appDb(), limit), [limit]);

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;
const isInstant = (v: unknown) => typeof v === 'string' && ISO.test(v) && !Number.isNaN(Date.parse(v));

/**
 * A clear index row as the list can show it. Its fields can be edited outside Sanad: one that is not of its kind
 * (a deadline that is no date, a level that is no number) reads as unknown, so one edited row cannot take the
 * whole list down; the ledger check lists the row under "Needs checking".
 */
export function displayable(row: CaseRow): CaseRow {
  return {
    ...row,
    id: String(row.id),
    step: typeof row.step === 'string' ? row.step : 'report',
    level: Number.isInteger(row.level) && row.level >= -1 && row.level <= 4 ? row.level : -1,
    nextDueAt: row.nextDueAt === '' || isInstant(row.nextDueAt) ? row.nextDueAt : '',
    updatedAt: isInstant(row.updatedAt) ? row.updatedAt : '',
    openedAt: isInstant(row.openedAt) ? row.openedAt : '',
  };
}

/**
 * The home screen's check of the clear index against the ledger (docs/decisions/0014): cases the ledger knows
 * that have no row (deleted outside Sanad), open cases whose row was edited to look closed (listed anyway), and
 * rows whose fields disagree with their anchor ("needs checking"). Reads the index's keys, not its rows, plus
 * the rows of the cases that went missing from the open list.
 */
export function useCaseAudit(
  open: readonly CaseRow[] | undefined,
): { missing: string[]; suspect: CaseRow[]; suspectShown: CaseRow[]; flagged: number; ledgerAltered?: boolean } | undefined {
  return useLiveQuery(async () => {
    if (!open) return undefined;
    const db = appDb();
    const [row, ids] = await db.transaction('r', [db.settings, db.cases], () => Promise.all([readLedgerRow(db), db.cases.toCollection().primaryKeys()]));
    const ledger = await openLedger(sessionKeys(), row).catch(() => 'altered' as const);
    if (ledger === 'altered') return { missing: [], suspect: [], suspectShown: [], flagged: 0, ledgerAltered: true };
    if (!ledger) return { missing: [], suspect: [], suspectShown: [], flagged: 0 };
    const present = new Set(ids as string[]);
    const openIds = new Set(open.map((r) => r.id));
    // Open by the ledger but not listed as open, and every flagged case whatever its step: listed, never hidden.
    const hiddenIds = Object.entries(ledger.cases).filter(([id, a]) => (a.s !== 'closed' || a.flag) && present.has(id) && !openIds.has(id)).map(([id]) => id);
    const hidden = (await db.cases.bulkGet(hiddenIds)).filter((r): r is CaseRow => r !== undefined);
    const audit = auditIndex(ledger, [...open, ...hidden]);
    const suspect = [...open, ...hidden].filter((r) => audit.suspect.has(r.id) || audit.flagged.has(r.id));
    return {
      missing: Object.keys(ledger.cases).filter((id) => !present.has(id)),
      suspect,
      suspectShown: suspect.map(displayable),
      flagged: audit.flagged.size,
    };
  }, [open]);
}

/** How many cases changed after `at`, and how many there are: for the backup reminder. */
export const useCaseChanges = (at: string | null) =>
  useLiveQuery(async () => ({ total: await appDb().cases.count(), changed: at ? await appDb().cases.where('updatedAt').above(at).count() : 0 }), [at]);

/**
 * The sealed cards of the rows shown (the target's pseudonym and class, what is due next), opened in this tab
 * with the session keys. Until they are open, and for rows from before cards, the list shows the reference.
 */
export function useCaseCards(rows: readonly CaseRow[] | undefined): ReadonlyMap<string, CaseCard> {
  const [cards, setCards] = useState<ReadonlyMap<string, CaseCard>>(new Map());
  useEffect(() => {
    if (!rows) return;
    let live = true;
    const keys = sessionKeys();
    void Promise.all(rows.map(async (r) => [r.id, await openCard(keys, r).catch(() => null)] as const)).then((opened) => {
      if (live) setCards(new Map(opened.filter((x): x is readonly [string, CaseCard] => x[1] !== null)));
    });
    return () => {
      live = false;
    };
  }, [rows]);
  return cards;
}
