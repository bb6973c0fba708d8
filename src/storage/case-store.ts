import { createContext, useContext } from 'react';
import type { SchoolCalendar } from '../../protocol/calendar';
import { schoolCalendar } from './calendar-setting';
import type { VaultKeys } from './crypto';
import type { SanadDb } from './db';
import { appDb } from './instance';
import { sessionKeys } from './session';

/**
 * Where the case views read and write: the school's real, locked database, or the training sandbox (a
 * database of its own, see docs/decisions/0009). The views never name a database themselves, so a training
 * case can only ever be written where the view was given, and a real case view cannot be pointed elsewhere.
 */
export interface CaseStore {
  readonly kind: 'real' | 'training';
  db(): SanadDb;
  keys(): VaultKeys;
  calendar(): Promise<SchoolCalendar>;
}

export const REAL_STORE: CaseStore = { kind: 'real', db: appDb, keys: sessionKeys, calendar: schoolCalendar };

export const CaseStoreContext = createContext<CaseStore>(REAL_STORE);

export const useCaseStore = () => useContext(CaseStoreContext);
