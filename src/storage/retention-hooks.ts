import { useLiveQuery } from 'dexie-react-hooks';
import type { SchoolCalendar } from '../../protocol/calendar';
import type { Retention } from '../../protocol/retention';
import type { RetentionRecord } from '../../machines/retention-facts';
import type { LoadedCase } from './case-repository';
import { useCaseStore } from './case-store';
import { readRetentionPolicy, readRetentionRecord, retentionOfLoaded } from './retention-store';

/** A case's retention record and where the rules place it; 'unreadable' when the record or the policy does not open. */
export type CaseRetentionRead = { record: RetentionRecord; retention: Retention } | 'unreadable';

/**
 * Read live, so a hold placed in another tab shows at once; keyed on the loaded case as well, since a new event (a
 * closure) moves the retention without touching the record. `now` is read at each query: the clock of the moment.
 */
export function useCaseRetention(caseId: string, loaded: LoadedCase, cal: SchoolCalendar, now: () => string): CaseRetentionRead | undefined {
  const store = useCaseStore();
  return useLiveQuery<CaseRetentionRead>(async () => {
    try {
      const [policy, record] = await Promise.all([readRetentionPolicy(store.db(), store.keys()), readRetentionRecord(store.db(), store.keys(), caseId)]);
      return { record, retention: retentionOfLoaded(loaded, record, policy, cal, now()) };
    } catch {
      // Altered, or a policy that no longer passes its checks: said as such, never shown as "kept".
      return 'unreadable';
    }
  }, [store, caseId, loaded, cal, now]);
}
