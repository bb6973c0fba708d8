import { useLiveQuery } from 'dexie-react-hooks';
import { savedScenarios, trainingDb } from './training-db';

/** The trainer's own scenarios, live (an import in another tab shows up here). */
export const useSavedScenarios = () => useLiveQuery(savedScenarios, []);

/** The sandbox's cases, most recent activity first. */
export const useSandboxCases = () => useLiveQuery(() => trainingDb().cases.orderBy('updatedAt').reverse().toArray(), []);
