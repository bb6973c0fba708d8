import { useLiveQuery } from 'dexie-react-hooks';
import { listCases } from './db';
import { appDb } from './instance';

/** The home list reads only the index table, so the home screen does not load the protocol machines. */
export const useCaseList = () => useLiveQuery(() => listCases(appDb()), []);
