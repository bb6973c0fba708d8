import type { SchoolCalendar } from '../../protocol/calendar';
import { parseEvent } from '../../machines/events';
import type { CaseEvent } from '../../machines/events';
import { ReplayError, replayRecorded } from '../../machines/replay';
import { indexRow, loadCase, sealEvents, sealSnapshot } from './case-repository';
import { CHAIN_START, CryptoFailure, codeKey, formatRecoveryCode, open, randomBytes, seal, toBase64 } from './crypto';
import type { Sealed, VaultKeys } from './crypto';
import { caseEvents } from './db';
import type { SanadDb } from './db';
import { parseUntrustedJson } from './untrusted-json';

/**
 * Case transfer: one case, sealed for a colleague's device with a one-time code (128 random bits, read out
 * or written down, never in the file). Importing merges event logs by event id and orders them by time,
 * so importing twice, or two exports in either order, gives the same case.
 */
export const TRANSFER_FORMAT = 'sanad-case';
export const TRANSFER_VERSION = 1;
const MAX_BYTES = 16 * 1024 * 1024;

export type TransferProblem = 'malformed' | 'notATransfer' | 'wrongVersion' | 'wrongCode' | 'invalid' | 'conflict';
export class TransferError extends Error {
  constructor(
    readonly problem: TransferProblem,
    detail: string,
  ) {
    super(`transfer: ${problem}: ${detail}`);
    this.name = 'TransferError';
  }
}
const fail = (problem: TransferProblem, detail: string): never => {
  throw new TransferError(problem, detail);
};

interface Carried {
  id: string;
  event: CaseEvent;
}

const transferKey = (code: string, salt: string) => codeKey(code, salt, 'sanad/transfer/v1');
const aad = (caseId: string) => `sanad/transfer/${caseId}/v1`;

/** Seals one case for another device; the code goes to the colleague by another way than the file. */
export async function exportCase(db: SanadDb, keys: VaultKeys, caseId: string, now: string): Promise<{ text: string; code: string }> {
  const { events } = await loadCase(db, keys, caseId);
  const code = formatRecoveryCode(randomBytes(16));
  const salt = toBase64(randomBytes(16));
  const carried: Carried[] = events.map((e) => ({ id: e.id, event: e.event }));
  const sealed = await seal(await transferKey(code, salt), aad(caseId), carried);
  return { text: JSON.stringify({ format: TRANSFER_FORMAT, version: TRANSFER_VERSION, caseId, createdAt: now, salt, sealed }), code };
}

function parse(text: unknown): { caseId: string; salt: string; sealed: Sealed } {
  if (typeof text !== 'string' || text.length > MAX_BYTES) return fail('malformed', 'not text or too large');
  let raw: unknown;
  try {
    raw = parseUntrustedJson(text);
  } catch (err) {
    return fail('malformed', (err as Error).message);
  }
  const r = raw as Record<string, unknown>;
  if (typeof raw !== 'object' || raw === null || r.format !== TRANSFER_FORMAT) return fail('notATransfer', 'not a Sanad case file');
  if (r.version !== TRANSFER_VERSION) return fail('wrongVersion', String(r.version));
  const s = r.sealed as Record<string, unknown> | undefined;
  if (typeof r.caseId !== 'string' || !/^[\w-]{1,100}$/.test(r.caseId) || typeof r.salt !== 'string' || !s || s.v !== 1 || typeof s.iv !== 'string' || typeof s.ct !== 'string') {
    return fail('malformed', 'fields');
  }
  return { caseId: r.caseId, salt: r.salt, sealed: { v: 1, iv: s.iv, ct: s.ct } };
}

/** The merge rule: every event once (by id), in time order; ties keep each log's order, then the id decides. */
export function mergeLogs(a: readonly Carried[], b: readonly Carried[]): Carried[] {
  const byId = new Map<string, { c: Carried; rank: number }>();
  for (const list of [a, b]) list.forEach((c, rank) => byId.has(c.id) || byId.set(c.id, { c, rank }));
  return [...byId.values()]
    .sort((x, y) => x.c.event.at.localeCompare(y.c.event.at) || x.rank - y.rank || x.c.id.localeCompare(y.c.id))
    .map((x) => x.c);
}

/** Imports a transferred case: merged with the local copy if there is one, checked whole, written in one go. */
export async function importCase(db: SanadDb, keys: VaultKeys, text: unknown, code: string, cal: SchoolCalendar): Promise<{ caseId: string; added: number }> {
  const file = parse(text);
  let incoming: unknown;
  try {
    incoming = await open<unknown>(await transferKey(code, file.salt), aad(file.caseId), file.sealed);
  } catch (err) {
    if (err instanceof CryptoFailure) return fail('wrongCode', 'the code does not open this file');
    throw err;
  }
  if (!Array.isArray(incoming) || incoming.length === 0) return fail('invalid', 'no events');
  const carried = incoming.map((x: unknown, i): Carried => {
    const r = x as { id?: unknown; event?: unknown };
    const parsed = parseEvent(r?.event);
    if (typeof r?.id !== 'string' || r.id.length > 100 || !parsed.ok) return fail('invalid', `event ${i}`);
    return { id: r.id, event: parsed.event };
  });

  const local: Carried[] = (await db.cases.get(file.caseId)) ? (await loadCase(db, keys, file.caseId)).events.map((e) => ({ id: e.id, event: e.event })) : [];
  const merged = mergeLogs(local, carried);
  // Two devices may have recorded events the rules would not accept together (both chose a track): nothing is
  // dropped; the merged case lists what the rules refuse, for the team to settle with a new record.
  let merge;
  try {
    merge = replayRecorded(merged.map((m) => m.event), file.caseId);
  } catch (err) {
    if (err instanceof ReplayError) return fail('invalid', 'an event of the merged log is not valid');
    throw err;
  }
  const { snapshot, departures } = merge;
  const rows = await sealEvents(keys, file.caseId, merged.map((m) => m.event), 0, CHAIN_START, merged.map((m) => m.id));
  const last = merged.length - 1;
  const snapRow = await sealSnapshot(keys, file.caseId, last, snapshot, departures);
  const index = await indexRow(keys, file.caseId, snapshot, merged[0]!.event.at, merged[last]!.event.at, merged.length, cal, rows.at(-1)!.chain!);
  const localCount = local.length;
  await db.transaction('rw', [db.cases, db.events, db.snapshots], async () => {
    const now = await caseEvents(db, file.caseId).count();
    if (now !== localCount) throw new TransferError('conflict', 'the case changed during the import; try again');
    await db.events.where('caseId').equals(file.caseId).delete();
    await db.events.bulkAdd(rows);
    await db.snapshots.put(snapRow);
    await db.cases.put(index);
  });
  return { caseId: file.caseId, added: merged.length - localCount };
}
