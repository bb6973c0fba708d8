/**
 * Whether the traces of purged cases are still to be removed from this device (docs/decisions/0021-retention.md,
 * "Compaction"): pure, over what the caller read.
 *
 * What was compacted is recorded in localStorage, not in the vault: a setting written before the copy would be
 * copied too and claim a compaction that may yet fail, and one written after the switch would need the new
 * database, which the page no longer holds once the old one is deleted (it reloads). localStorage outlives both
 * databases, and the switch's pointer lives there already. Losing it (storage cleared in part) costs one
 * compaction made again, never one skipped that was owed.
 */
export const COMPACTED_KEY = 'sanad:compacted';

export interface CompactionMark {
  /** The database the compaction switched to. */
  db: string;
  /** The deletion log's revision it copied (it moves with every purge, and with a restore that re-applies the log). */
  logRev: number;
  /** When it switched (ISO time): shown in Settings. */
  at: string;
}

/**
 * Owed when the database in use has a deletion log (something was purged in it) and the last compaction recorded
 * is not of this database at this revision: a purge since, a restore switched to another database (a restore
 * re-applies the log by purging in its new database, whose files then hold the purged rows), or no record at all.
 */
export function compactionDue(logRev: number | undefined, dbName: string, mark: CompactionMark | null): boolean {
  if (logRev === undefined) return false;
  return mark === null || mark.db !== dbName || mark.logRev !== logRev;
}

/** The mark as stored, or null when it is missing or not one (then a compaction is owed, which is the safe side). */
export function parseMark(text: string | null): CompactionMark | null {
  if (!text) return null;
  try {
    const m = JSON.parse(text) as Partial<CompactionMark> | null;
    if (!m || typeof m.db !== 'string' || !Number.isInteger(m.logRev) || typeof m.at !== 'string' || Number.isNaN(Date.parse(m.at))) return null;
    return { db: m.db, logRev: m.logRev!, at: m.at };
  } catch {
    return null;
  }
}

export function readMark(): CompactionMark | null {
  try {
    return parseMark(localStorage.getItem(COMPACTED_KEY));
  } catch {
    return null;
  }
}

export function writeMark(mark: CompactionMark): void {
  try {
    localStorage.setItem(COMPACTED_KEY, JSON.stringify(mark));
  } catch {
    // Not recorded: the next unlock compacts once more, for nothing.
  }
}

/**
 * Crosses the reload after a compaction, in this tab only: the lock screen then says why it asks for the
 * passphrase again.
 */
const NOTE = 'sanad:compacted-note';

export function noteCompacted(): void {
  try {
    sessionStorage.setItem(NOTE, '1');
  } catch {
    // Without sessionStorage the lock screen simply does not say it.
  }
}

export function takeCompactedNote(): boolean {
  try {
    const was = sessionStorage.getItem(NOTE) === '1';
    sessionStorage.removeItem(NOTE);
    return was;
  } catch {
    return false;
  }
}

/**
 * The automatic runs tried, per database and log revision: the unlock tries each state once. A failure that is not
 * 'busy' (a disk too full for the copy, say) would otherwise lock the other tabs and copy the whole database at
 * every unlock, and a success whose record could not be written (localStorage full) would compact and reload
 * without end. Kept in localStorage and in this tab's sessionStorage, so one of them holds when the other is full.
 * Asked for by hand (home, Settings) it always runs.
 */
const TRIED = 'sanad:compaction-tried';

export type CompactionAttempt = Pick<CompactionMark, 'db' | 'logRev'>;

function readTried(store: Storage): CompactionAttempt | null {
  try {
    const m = JSON.parse(store.getItem(TRIED) ?? 'null') as Partial<CompactionAttempt> | null;
    return m && typeof m.db === 'string' && Number.isInteger(m.logRev) ? { db: m.db, logRev: m.logRev! } : null;
  } catch {
    return null;
  }
}

const stores = (): Storage[] => {
  const found: Storage[] = [];
  for (const get of [() => localStorage, () => sessionStorage]) {
    try {
      found.push(get());
    } catch {
      // Storage denied: the other one, if any, holds the attempt.
    }
  }
  return found;
};

export function wasTried(a: CompactionAttempt): boolean {
  return stores().some((s) => {
    const t = readTried(s);
    return t !== null && t.db === a.db && t.logRev === a.logRev;
  });
}

export function noteTried(a: CompactionAttempt | null): void {
  for (const s of stores()) {
    try {
      if (a) s.setItem(TRIED, JSON.stringify(a));
      else s.removeItem(TRIED);
    } catch {
      // Full: the other store keeps it.
    }
  }
}
