import { useLiveQuery } from 'dexie-react-hooks';
import { appDb } from './instance';
import { readVault } from './vault';

/** The vault row (clear on purpose: it only says whether a vault exists and how to derive its key). */
export const useVaultRow = () => useLiveQuery(async () => (await readVault(appDb())) ?? null, []);
