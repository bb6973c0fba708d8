import { useLiveQuery } from 'dexie-react-hooks';
import { countClosedCases, listClosedCases, listOpenCases } from './db';
import { appDb } from './instance';

/** The home lists read only the index table, so the home screen does not load the protocol machines. */
export const useOpenCases = () => useLiveQuery(() => listOpenCases(appDb()), []);
export const useClosedCount = () => useLiveQuery(() => countClosedCases(appDb()), []);
export const useClosedCases = (limit: number) => useLiveQuery(() => listClosedCases(appDb(), limit), [limit]);
