import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { openCard } from './case-card';
import type { CaseCard, CaseRow } from './db';
import { sessionKeys } from './session';
import { countClosedCases, listClosedCases, listOpenCases } from './db';
import { appDb } from './instance';

/** The home lists read only the index table, so the home screen does not load the protocol machines. */
export const useOpenCases = () => useLiveQuery(() => listOpenCases(appDb()), []);
export const useClosedCount = () => useLiveQuery(() => countClosedCases(appDb()), []);
export const useClosedCases = (limit: number) => useLiveQuery(() => listClosedCases(appDb(), limit), [limit]);

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
    void Promise.all(rows.map(async (r) => [r.id, await openCard(keys, r)] as const)).then((opened) => {
      if (live) setCards(new Map(opened.filter((x): x is readonly [string, CaseCard] => x[1] !== null)));
    });
    return () => {
      live = false;
    };
  }, [rows]);
  return cards;
}
