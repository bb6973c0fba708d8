import { useLiveQuery } from 'dexie-react-hooks';
import { countClosedCases, listClosedCases, listOpenCases } from './db';
import { appDb } from './instance';

/** The home lists read only the index table, so the home screen does not load the protocol machines. */
export const useOpenCases = () => useLiveQuery(() => listOpenCases(appDb()), []);
export const useClosedCount = () => useLiveQuery(() => countClosedCases(appDb()), []);
export const useClosedCases = (limit: number) => useLiveQuery(() => listClosedCases(appDb(), limit), [limit]);

/** How many cases changed after `at`, and how many there are: for the backup reminder. */
export const useCaseChanges = (at: string | null) =>
  useLiveQuery(async () => ({ total: await appDb().cases.count(), changed: at ? await appDb().cases.where('updatedAt').above(at).count() : 0 }), [at]);
