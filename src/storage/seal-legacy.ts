import type { SchoolCalendar } from '../../protocol/calendar';
import type { CaseEvent } from '../../machines/events';
import { replayRecorded } from '../../machines/replay';
import { CHAIN_START } from './crypto';
import type { VaultKeys } from './crypto';
import { indexRow, sealEvents, sealSnapshot } from './case-repository';
import { caseEvents } from './db';
import type { SanadDb } from './db';
import { writeSetting } from './settings';

/**
 * Seals what was written before the vault existed (schemas v1 and v2): each case in its own transaction,
 * keeping row ids and order, so an interruption leaves every case either all clear or all sealed, and the
 * next unlock finishes the job. Returns the number of cases sealed.
 */
export async function sealLegacyRows(db: SanadDb, keys: VaultKeys, cal: SchoolCalendar): Promise<number> {
  let sealedCases = 0;
  const ids = (await db.cases.toCollection().primaryKeys()) as string[];
  for (const caseId of ids) {
    const rows = await caseEvents(db, caseId).toArray();
    if (rows.every((r) => r.sealed)) continue;
    const events = rows.map((r) => r.event as CaseEvent);
    // Recorded before the vault, under the rules of its time: applied as recorded, departures listed.
    const { snapshot, departures } = replayRecorded(events, caseId);
    const sealed = await sealEvents(keys, caseId, events, 0, CHAIN_START, rows.map((r) => r.id));
    const last = events.length - 1;
    const snapRow = await sealSnapshot(keys, caseId, last, snapshot, departures);
    const index = await indexRow(keys, caseId, snapshot, events[0]?.at ?? '', events[last]?.at ?? '', events.length, cal, sealed.at(-1)?.chain ?? CHAIN_START);
    await db.transaction('rw', [db.events, db.snapshots, db.cases], async () => {
      const now = await db.events.where('caseId').equals(caseId).count();
      if (now !== rows.length) return; // written meanwhile by a newer tab: sealed on the next unlock
      await db.events.bulkPut(sealed);
      await db.snapshots.put(snapRow);
      await db.cases.put(index);
      sealedCases++;
    });
  }
  for (const row of await db.settings.toArray()) {
    if (!row.sealed && row.value !== undefined) await writeSetting(db, keys, row.key, row.value);
  }
  return sealedCases;
}
