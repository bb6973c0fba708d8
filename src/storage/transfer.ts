import type { SchoolCalendar } from '../../protocol/calendar';
import { parseEvent } from '../../machines/events';
import type { CaseEvent } from '../../machines/events';
import { ReplayError, replayRecorded } from '../../machines/replay';
import { holdsSyncedRows } from './sync-order';
import { indexRow, loadCase, sealEvents, sealSnapshot, verifyChain, writeCase } from './case-repository';
import type { LoadedCase } from './case-repository';
import { CHAIN_START, CryptoFailure, codeKey, formatRecoveryCode, open, randomBytes, seal, toBase64 } from './crypto';
import type { Sealed, VaultKeys } from './crypto';
import type { SanadDb } from './db';
import { deviceIdentity, fingerprintOf, sign, verifySignature } from './device-key';
import { StorageError } from './errors';
import { openLedger, readLedgerRow } from './ledger';
import { parseUntrustedJson } from './untrusted-json';

/**
 * Case transfer: one case, sealed for a colleague's device with a one-time code (128 random bits, read out
 * or written down, never in the file), and signed with the sending vault's key (src/storage/device-key.ts): the
 * receiver compares the key's fingerprint with the sender's screen before importing. Importing never rewrites
 * what the device holds: the local copy's chain is checked whole first (an altered copy is refused), and the
 * events it lacks are appended after it, each marked with the sender's fingerprint (docs/decisions/0014).
 */
export const TRANSFER_FORMAT = 'sanad-case';
export const TRANSFER_VERSION = 2;
const MAX_BYTES = 16 * 1024 * 1024;

export type TransferProblem = 'malformed' | 'notATransfer' | 'wrongVersion' | 'wrongCode' | 'badSignature' | 'invalid' | 'conflict' | 'altered';
export class TransferError extends Error {
  constructor(
    readonly problem: TransferProblem,
    detail: string,
  ) {
    super(`transfer: ${problem}: ${detail}`);
    this.name = 'TransferError';
  }
}
/**
 * A transfer into a case that holds events received by team sync is refused (docs/decisions/0018-team-sync.md): a
 * transfer's rows have no place in the team's merge order, and the team's devices already share the case by sync.
 * Its problem is 'conflict', so the interface says the case could not be merged and that nothing changed.
 */
export class SyncedCaseTransferError extends TransferError {
  constructor(readonly caseId: string) {
    super('conflict', `case ${caseId} is shared by team sync: a transfer into it is refused`);
    this.name = 'SyncedCaseTransferError';
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
const aad = (caseId: string) => `sanad/transfer/${caseId}/v2`;

interface FileFields {
  caseId: string;
  createdAt: string;
  salt: string;
  sealed: Sealed;
  signer: string;
}
/** What the signature covers: every field of the file but the signature. */
const signedText = (f: FileFields) => [TRANSFER_FORMAT, TRANSFER_VERSION, f.caseId, f.createdAt, f.salt, f.sealed.iv, f.sealed.ct, f.signer].join('\n');

/** Seals and signs one case for another device; the code goes to the colleague by another way than the file. */
export async function exportCase(db: SanadDb, keys: VaultKeys, caseId: string, now: string): Promise<{ text: string; code: string; fingerprint: string }> {
  const { events } = await loadCase(db, keys, caseId);
  const identity = await deviceIdentity(db, keys);
  const code = formatRecoveryCode(randomBytes(16));
  const salt = toBase64(randomBytes(16));
  const carried: Carried[] = events.map((e) => ({ id: e.id, event: e.event }));
  const fields: FileFields = { caseId, createdAt: now, salt, sealed: await seal(await transferKey(code, salt), aad(caseId), carried), signer: identity.publicRaw };
  const signature = await sign(identity, signedText(fields));
  return { text: JSON.stringify({ format: TRANSFER_FORMAT, version: TRANSFER_VERSION, ...fields, signature }), code, fingerprint: identity.fingerprint };
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

function parse(text: unknown): FileFields & { signature: string } {
  if (typeof text !== 'string' || text.length > MAX_BYTES) return fail('malformed', 'not text or too large');
  let raw: unknown;
  try {
    raw = parseUntrustedJson(text);
  } catch (err) {
    return fail('malformed', (err as Error).message);
  }
  const r = raw as Record<string, unknown>;
  if (typeof raw !== 'object' || raw === null || r.format !== TRANSFER_FORMAT) return fail('notATransfer', 'not a Sanad case file');
  // Version 1 files were not signed: their sender cannot be checked, so they are not imported.
  if (r.version !== TRANSFER_VERSION) return fail('wrongVersion', String(r.version));
  const s = r.sealed as Record<string, unknown> | undefined;
  const b64 = (x: unknown, max: number) => typeof x === 'string' && x.length <= max && B64.test(x);
  if (
    typeof r.caseId !== 'string' || !/^[\w-]{1,100}$/.test(r.caseId) || typeof r.createdAt !== 'string' || !ISO.test(r.createdAt) || !b64(r.salt, 64) ||
    !s || s.v !== 1 || !b64(s.iv, 24) || !b64(s.ct, MAX_BYTES) || !b64(r.signer, 200) || !b64(r.signature, 200)
  ) {
    return fail('malformed', 'fields');
  }
  return { caseId: r.caseId, createdAt: r.createdAt, salt: r.salt as string, sealed: { v: 1, iv: s.iv as string, ct: s.ct as string }, signer: r.signer as string, signature: r.signature as string };
}

/** A transfer file opened and checked, not yet merged: what the receiver confirms. */
export interface OpenedTransfer {
  caseId: string;
  /** The sending vault's key fingerprint, to compare with the sender's screen. */
  fingerprint: string;
  sentAt: string;
  events: Carried[];
}

/** Checks the signature, opens the file with the code and checks every event; writes nothing. */
export async function openTransfer(text: unknown, code: string): Promise<OpenedTransfer> {
  const file = parse(text);
  if (!(await verifySignature(file.signer, signedText(file), file.signature))) return fail('badSignature', 'the signature does not match the file');
  let incoming: unknown;
  try {
    incoming = await open<unknown>(await transferKey(code, file.salt), aad(file.caseId), file.sealed);
  } catch (err) {
    if (err instanceof CryptoFailure) return fail('wrongCode', 'the code does not open this file');
    throw err;
  }
  if (!Array.isArray(incoming) || incoming.length === 0) return fail('invalid', 'no events');
  const ids = new Set<string>();
  const events = incoming.map((x: unknown, i): Carried => {
    const r = x as { id?: unknown; event?: unknown };
    const parsed = parseEvent(r?.event);
    if (typeof r?.id !== 'string' || r.id.length > 100 || ids.has(r.id) || !parsed.ok) return fail('invalid', `event ${i}`);
    ids.add(r.id);
    return { id: r.id, event: parsed.event };
  });
  return { caseId: file.caseId, fingerprint: await fingerprintOf(file.signer), sentAt: file.createdAt, events };
}

/**
 * Merges an opened transfer into this device: the events the local copy lacks, appended in the sender's order
 * after the local log, whose chain is checked whole first. Nothing already recorded here moves.
 */
export async function mergeTransfer(db: SanadDb, keys: VaultKeys, opened: OpenedTransfer, cal: SchoolCalendar): Promise<{ caseId: string; added: number }> {
  const { caseId } = opened;
  let local: LoadedCase | null = null;
  try {
    local = await loadCase(db, keys, caseId);
  } catch (err) {
    if (!(err instanceof StorageError) || err.problem !== 'caseNotFound') return fail(err instanceof StorageError && err.problem === 'altered' ? 'altered' : 'invalid', (err as Error).message);
  }
  if (local && !(await verifyChain(db, keys, caseId)).ok) return fail('altered', 'the local copy of the case does not verify');
  if (local && holdsSyncedRows(local.events)) throw new SyncedCaseTransferError(caseId);
  const known = new Set(local?.events.map((e) => e.id) ?? []);
  const fresh = opened.events.filter((c) => !known.has(c.id));
  if (fresh.length === 0) return { caseId, added: 0 };
  const localEvents = local?.events.map((e) => e.event) ?? [];
  const all = [...localEvents, ...fresh.map((c) => c.event)];
  // Two devices may have recorded events the rules would not accept together (both chose a track): nothing is
  // dropped; the merged case lists what the rules refuse, for the team to settle with a new record.
  let merge;
  try {
    merge = replayRecorded(all, caseId);
  } catch (err) {
    if (err instanceof ReplayError) return fail('invalid', 'an event of the merged log is not valid');
    throw err;
  }
  const first = localEvents.length;
  const rows = await sealEvents(keys, caseId, fresh.map((c) => c.event), first, local?.chainHead ?? CHAIN_START, fresh.map((c) => c.id), opened.fingerprint);
  const last = all.length - 1;
  const snapRow = await sealSnapshot(keys, caseId, last, merge.snapshot, merge.departures);
  const latest = all.reduce((m, e) => (e.at > m ? e.at : m), all[0]!.at);
  const index = await indexRow(keys, caseId, merge.snapshot, all[0]!.at, latest, all.length, cal, rows.at(-1)!.chain!);
  const ledger = await openLedger(keys, await readLedgerRow(db));
  if (local && !ledger?.cases[caseId]) return fail('conflict', 'the case is being upgraded; try again in a moment');
  if (!local && (ledger?.cases[caseId] || (await db.cases.get(caseId)))) return fail('conflict', 'the case appeared during the import; try again');
  const written = await writeCase(db, keys, { caseId, ledger, headId: local?.events.at(-1)?.id, rows, snapshot: snapRow, index });
  if (!written) return fail('conflict', 'the case changed during the import; try again');
  return { caseId, added: fresh.length };
}

/** Opens and merges in one step (tests and scripts; the app shows the fingerprint in between). */
export async function importCase(db: SanadDb, keys: VaultKeys, text: unknown, code: string, cal: SchoolCalendar): Promise<{ caseId: string; added: number; fingerprint: string }> {
  const opened = await openTransfer(text, code);
  return { ...(await mergeTransfer(db, keys, opened, cal)), fingerprint: opened.fingerprint };
}
