/**
 * The benches' cases (storage-bench.ts in Chromium, backup-file.ts in Node): the scenario library's logs cut or
 * padded to `perCase` events and spread over two school years, sealed, chained and indexed by the same functions
 * the app's createCase calls (sealEvents, sealSnapshot, indexRow), and anchored in the ledger as writeCase
 * anchors them. Only the writing differs: the rows of many cases go in one transaction with one ledger, where
 * the app writes one case (and reseals the ledger) at a time.
 */
import { DEFAULT_CALENDAR } from '../../protocol/calendar';
import { parseEvent } from '../../machines/events';
import type { CaseEvent } from '../../machines/events';
import { applyCaseEvent, initialSnapshot } from '../../machines/replay';
import { CHAIN_START } from '../../src/storage/crypto';
import type { VaultKeys } from '../../src/storage/crypto';
import { indexRow, sealEvents, sealSnapshot } from '../../src/storage/case-repository';
import type { CaseRow, EventRow, SnapshotRow } from '../../src/storage/db';
import { anchorOf } from '../../src/storage/ledger';
import type { CaseAnchor } from '../../src/storage/ledger';

const HOUR = 3_600_000;

/** A log of exactly `size` events: a scenario cut or padded with notes (allowed at triage) after the intake. */
function template(log: CaseEvent[], size: number): CaseEvent[] {
  const cut = log.slice(0, size);
  const intakeEnd = cut.findIndex((e) => e.type === 'intake.submit') + 1;
  const at = cut[intakeEnd - 1]?.at ?? cut[0]!.at;
  const notes = Array.from({ length: size - cut.length }, (_, i): CaseEvent => ({ type: 'note.add', at, by: 'Bench', text: `Note ${i + 1}` }) as CaseEvent);
  return [...cut.slice(0, intakeEnd), ...notes, ...cut.slice(intakeEnd)];
}

function shifted(log: CaseEvent[], lastAt: number): CaseEvent[] {
  const delta = lastAt - Date.parse(log.at(-1)!.at);
  return log.map((e) => ({ ...e, at: new Date(Date.parse(e.at) + delta).toISOString() }));
}

export interface SealedCases {
  cases: CaseRow[];
  events: EventRow[];
  snapshots: SnapshotRow[];
  anchors: Record<string, CaseAnchor>;
}

/**
 * Builds cases `from` to `to` (exclusive) of `count`: case i is `bench-0000i`; those of the last 60 days are open,
 * older ones closed. Each event is checked as createCase checks it (parsed, then replayed in time order).
 */
export function caseSeeder(scenarios: CaseEvent[][], count: number, perCase: number, now = Date.now()) {
  const templates = scenarios.map((log) => template(log, perCase));
  const endsClosed = (log: CaseEvent[]) => log.at(-1)?.type === 'case.close';
  const closedTemplates = templates.filter(endsClosed);
  const openTemplates = templates.filter((log) => !endsClosed(log));
  const span = 2 * 365 * 24 * HOUR;
  const width = Math.max(5, String(count - 1).length);
  return async (keys: VaultKeys, from: number, to: number): Promise<SealedCases> => {
    const out: SealedCases = { cases: [], events: [], snapshots: [], anchors: {} };
    for (let i = from; i < Math.min(count, to); i++) {
      const caseId = `bench-${String(i).padStart(width, '0')}`;
      const age = (i * span) / count;
      const pool = age < 60 * 24 * HOUR ? openTemplates : closedTemplates;
      const log = shifted(pool[i % pool.length]!, now - age).map((raw) => {
        const parsed = parseEvent(raw);
        if (!parsed.ok) throw new Error(`bench seed: ${caseId}: ${parsed.problem.code}`);
        return parsed.event;
      });
      let snap = initialSnapshot(caseId);
      log.forEach((e, seq) => (snap = applyCaseEvent(snap, e, seq, log[seq - 1]?.at)));
      const rows = await sealEvents(keys, caseId, log, 0, CHAIN_START);
      out.events.push(...rows);
      out.snapshots.push(await sealSnapshot(keys, caseId, log.length - 1, snap));
      const row = await indexRow(keys, caseId, snap, log[0]!.at, log.at(-1)!.at, log.length, DEFAULT_CALENDAR, rows.at(-1)!.chain!);
      out.cases.push(row);
      out.anchors[caseId] = anchorOf(row);
    }
    return out;
  };
}
