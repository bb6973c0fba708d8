import { describe, expect, it } from 'vitest';
import { compactionDue, noteTried, parseMark, wasTried } from './compaction-due';
import type { CompactionMark } from './compaction-due';

/**
 * "Should the traces of purged cases be removed now?" (docs/decisions/0021-retention.md, "Compaction"): owed after
 * purges not yet compacted, never for a vault that never purged, and on the safe side when the record is lost.
 */
const AT = '2027-09-02T09:00:00.000Z';
const mark = (db: string, logRev: number): CompactionMark => ({ db, logRev, at: AT });

describe('compactionDue', () => {
  it('is not owed where nothing was ever purged, whatever the record says', () => {
    expect(compactionDue(undefined, 'sanad', null)).toBe(false);
    expect(compactionDue(undefined, 'sanad-db-abc-01234567', mark('sanad', 3))).toBe(false);
  });

  it('is owed after a first purge with no compaction recorded', () => {
    expect(compactionDue(1, 'sanad', null)).toBe(true);
  });

  it('is not owed again for the database and log revision it compacted', () => {
    expect(compactionDue(2, 'sanad-db-abc-01234567', mark('sanad-db-abc-01234567', 2))).toBe(false);
  });

  it('is owed after another purge since (the log moved)', () => {
    expect(compactionDue(3, 'sanad-db-abc-01234567', mark('sanad-db-abc-01234567', 2))).toBe(true);
  });

  it('is owed on another database (a restore switched to one, which re-applied the log there)', () => {
    expect(compactionDue(2, 'sanad-db-def-89abcdef', mark('sanad-db-abc-01234567', 2))).toBe(true);
  });

  it('is owed when the recorded revision is ahead of the log (not this history): compacting again is the safe side', () => {
    expect(compactionDue(1, 'sanad', mark('sanad', 5))).toBe(true);
  });
});

describe('parseMark', () => {
  it('reads a mark written by a compaction', () => {
    expect(parseMark(JSON.stringify(mark('sanad-db-abc-01234567', 4)))).toEqual(mark('sanad-db-abc-01234567', 4));
  });

  it('reads anything else as no mark, so that the compaction is owed rather than skipped', () => {
    for (const text of [null, '', 'not json', 'null', '[]', '{}', JSON.stringify({ db: 'sanad', logRev: '4', at: AT }), JSON.stringify({ db: 'sanad', logRev: 1.5, at: AT }), JSON.stringify({ db: 'sanad', logRev: 4, at: 'yesterday' }), JSON.stringify({ logRev: 4, at: AT })]) {
      expect({ text, mark: parseMark(text) }).toEqual({ text, mark: null });
      expect(compactionDue(4, 'sanad', parseMark(text))).toBe(true);
    }
  });
});

/** A Storage in memory, full once `room` items are held (a quota reached), or refusing every access. */
function memoryStorage(room = Infinity): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (k) => items.get(k) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (k) => void items.delete(k),
    setItem: (k, v) => {
      if (!items.has(k) && items.size >= room) throw new DOMException('full', 'QuotaExceededError');
      items.set(k, v);
    },
  };
}

describe('the unlock tries each state once', () => {
  const withStorages = (local: Storage, session: Storage, run: () => void) => {
    const g = globalThis as { localStorage?: Storage; sessionStorage?: Storage };
    const before = [g.localStorage, g.sessionStorage] as const;
    g.localStorage = local;
    g.sessionStorage = session;
    try {
      run();
    } finally {
      [g.localStorage, g.sessionStorage] = before;
    }
  };

  it('a state tried is not tried again by itself; another purge (the log moved) or another database is', () => {
    withStorages(memoryStorage(), memoryStorage(), () => {
      expect(wasTried({ db: 'sanad', logRev: 1 })).toBe(false);
      noteTried({ db: 'sanad', logRev: 1 });
      expect(wasTried({ db: 'sanad', logRev: 1 })).toBe(true);
      expect(wasTried({ db: 'sanad', logRev: 2 })).toBe(false);
      expect(wasTried({ db: 'sanad-db-x', logRev: 1 })).toBe(false);
      // 'busy' forgets it: the next unlock tries again.
      noteTried(null);
      expect(wasTried({ db: 'sanad', logRev: 1 })).toBe(false);
    });
  });

  it('with localStorage full (where the record of a compaction could not be written either), the tab still remembers it tried', () => {
    withStorages(memoryStorage(0), memoryStorage(), () => {
      noteTried({ db: 'sanad-db-x', logRev: 4 });
      expect(wasTried({ db: 'sanad-db-x', logRev: 4 })).toBe(true);
    });
  });
});
