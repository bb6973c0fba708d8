import { useLiveQuery } from 'dexie-react-hooks';
import { savedScenarios, trainingDb } from './training-db';

/**
 * The trainer's own scenarios, live (an import in another tab shows up here). Where the browser gives no
 * IndexedDB (some private modes), the built-in library still plays: no saved scenario rather than no page.
 */
export const useSavedScenarios = () => useLiveQuery(() => savedScenarios().catch(() => ({ scenarios: [], broken: [] })), []);

/** The sandbox's cases, most recent activity first. */
export const useSandboxCases = () => useLiveQuery(() => trainingDb().cases.orderBy('updatedAt').reverse().toArray(), []);
