import { PROTOCOL_VERSION } from '../../protocol/version';
import {
  BACKUP_FORMAT,
  BackupError,
  carryCase,
  carrySettings,
  checkCaseLog,
  checkSettings,
  checkSnapshot,
  exact,
  groupEvents,
  isB64,
  isId,
  isInt,
  isIso,
  isObj,
  openBackupKeys,
  parseJson,
  readCaseRows,
  readEventRows,
  readManifest,
  readSealedVault,
  readSettingRows,
  readSnapshotRows,
  readyLedger,
} from './backup';
import type { BackupProblem, Manifest, ReadOptions } from './backup';
import { fromBase64, randomBytes, toBase64 } from './crypto';
import type { VaultKeys } from './crypto';
import { caseEvents } from './db';
import type { CaseRow, EventRow, SanadDb, SettingRow, SnapshotRow } from './db';
import { LEDGER_KEY, openLedger, readLedgerRow, sealLedger } from './ledger';
import type { CaseAnchor, Ledger } from './ledger';
import { CURRENT_VERSION } from './schema';
import { readVault } from './vault';
import type { SealedVault, VaultSecret } from './vault';

/**
 * Backups, v2: a binary file that is written and read a piece at a time, so its size is bounded by the disk, not
 * by memory (one JSON document of 10,000 cases took 3.9 GB of heap). After a magic, a clear header (the vault and a
 * few numbers), then the cases in chunks of whole cases, each sealed on its own under the data key with an AAD
 * binding the file, the header's hash, its place and the chunk count, then a sealed trailer (manifest and
 * settings). Reading checks each chunk completely before handing it on and keeps nothing of it afterwards but
 * ids, counts and heads. Format: docs/decisions/0007-backup-format.md ("v2").
 */
export const BACKUP_V2_MAGIC: Uint8Array<ArrayBuffer> = new TextEncoder().encode('SANADBK2');
export const BACKUP_V2_VERSION = 2;
/** The header holds the sealed vault and a few numbers: anything larger is not one. */
export const HEADER_MAX_BYTES = 64 * 1024;
/** No frame of ours comes near this; a length above it is damage, and reading it would hold that much in memory. */
export const FRAME_MAX_BYTES = 64 * 1024 * 1024;
/** Events a chunk aims at: a few MB sealed, small enough for a phone to hold twice (plaintext and ciphertext). */
export const CHUNK_EVENTS = 2_000;
/** Frames kept as separate parts before they are folded into the file's Blob (out of the JS heap). */
const FOLD_EVERY = 8;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface BackupProgress {
  /** Cases processed so far. */
  done: number;
  /** Cases planned (writing) or announced by the header (reading): for progress only, the trailer is authoritative. */
  total: number;
}

export interface StreamOptions {
  signal?: AbortSignal;
  onProgress?: (p: BackupProgress) => void;
}

export interface CaseTables {
  cases: CaseRow[];
  events: EventRow[];
  snapshots: SnapshotRow[];
}

/** Where a reader hands each chunk once it is checked (a restore writes it to a staging database). */
export interface V2Sink {
  chunk(tables: CaseTables, index: number): Promise<void>;
}

interface Header {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_V2_VERSION;
  /** 16 random bytes, base64: bound into every chunk's AAD, so no chunk moves between files. */
  fileId: string;
  createdAt: string;
  schemaVersion: number;
  protocolVersion: string;
  chunks: number;
  /** Cases planned when writing began (some may then be skipped): for progress only. */
  cases: number;
  vault: SealedVault;
}

/**
 * A chunk's plaintext. `flagged` (present only when needed) names the cases the vault's upgrade flagged, carried as
 * found without being vouched for: a reader must know it before the trailer's ledger says so, and checks then that
 * the ledger flags exactly these.
 */
interface Chunk extends CaseTables {
  flagged?: string[];
}

interface Trailer {
  manifest: Manifest;
  settings: SettingRow[];
}

const fail = (problem: BackupProblem, detail: string): never => {
  throw new BackupError(problem, detail);
};
const stopIfAborted = (signal: AbortSignal | undefined) => {
  if (signal?.aborted) fail('cancelled', 'stopped by the user');
};

// ---- bytes and sealing ---------------------------------------------------------------------------------------

const subtle = () => globalThis.crypto.subtle;
const utf8 = (text: string) => new TextEncoder().encode(text);
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return fail('malformed', `${what}: not UTF-8`);
  }
}

function u32(n: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, n);
  return bytes;
}

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await subtle().digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** What each frame is, bound into its GCM tag: a chunk moved to another place, count or file does not open. */
const chunkAad = (fileId: string, headerHash: string, index: number, chunks: number) => JSON.stringify(['sanad/backup/v2', fileId, headerHash, index, chunks]);
const trailerAad = (fileId: string, headerHash: string, chunks: number) => JSON.stringify(['sanad/backup/v2/trailer', fileId, headerHash, chunks]);

/**
 * A value sealed as one frame: length, IV, ciphertext, in binary. Not crypto.ts's `seal`, whose base64 would make
 * every chunk a third larger and cost a string of the whole chunk on both sides.
 */
async function sealFrame(key: CryptoKey, aad: string, value: unknown): Promise<Uint8Array<ArrayBuffer>[]> {
  const iv = randomBytes(IV_BYTES);
  const ct = new Uint8Array(await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: utf8(aad) }, key, utf8(JSON.stringify(value))));
  const length = IV_BYTES + ct.length;
  if (length > FRAME_MAX_BYTES) fail('tooLarge', `a piece of ${length} bytes: more than a backup file may hold in one piece`);
  return [u32(length), iv, ct];
}

/** A frame's value: it must decrypt under this AAD, then be JSON with no prototype key. */
async function openFrame(key: CryptoKey, aad: string, frame: Uint8Array<ArrayBuffer>, what: string): Promise<unknown> {
  if (frame.length < IV_BYTES + TAG_BYTES) fail('malformed', `${what}: too short`);
  let plain: ArrayBuffer;
  try {
    plain = await subtle().decrypt({ name: 'AES-GCM', iv: frame.subarray(0, IV_BYTES), additionalData: utf8(aad) }, key, frame.subarray(IV_BYTES));
  } catch {
    // Wrong file, wrong place, altered bytes: GCM cannot tell them apart.
    return fail('tampered', `${what} does not decrypt`);
  }
  return parseJson(decodeUtf8(new Uint8Array(plain), what));
}

/**
 * Pulls exactly the bytes asked for from a stream, whatever the sizes of the pieces it arrives in, holding no more
 * than the bytes asked for and one piece.
 */
class StreamBytes {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private pieces: Uint8Array[] = [];
  /** The first piece not wholly read, and how much of it is. */
  private first = 0;
  private offset = 0;
  private buffered = 0;
  private ended = false;

  constructor(stream: ReadableStream<Uint8Array>) {
    this.reader = stream.getReader();
  }

  /** Exactly `n` bytes, or null when the stream ends first. */
  async take(n: number): Promise<Uint8Array<ArrayBuffer> | null> {
    while (this.buffered < n && !this.ended) await this.pull();
    if (this.buffered < n) return null;
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const piece = this.pieces[this.first]!;
      const count = Math.min(piece.length - this.offset, n - filled);
      out.set(piece.subarray(this.offset, this.offset + count), filled);
      filled += count;
      this.offset += count;
      if (this.offset === piece.length) {
        this.first++;
        this.offset = 0;
      }
    }
    this.buffered -= n;
    // Drop the pieces read (by halves, not one shift per piece: a stream of tiny pieces stays linear).
    if (this.first === this.pieces.length || this.first > 1024) {
      this.pieces = this.pieces.slice(this.first);
      this.first = 0;
    }
    return out;
  }

  /** Whether the stream holds nothing more. */
  async atEnd(): Promise<boolean> {
    while (this.buffered === 0 && !this.ended) await this.pull();
    return this.buffered === 0;
  }

  /** Lets the stream go; `cancel` when the rest will not be read (the file's reading stops). */
  async close(cancel: boolean): Promise<void> {
    if (cancel) await this.reader.cancel().catch(() => undefined);
    this.reader.releaseLock();
  }

  private async pull(): Promise<void> {
    // A file moved, changed or removed after it was chosen fails here: said as such, not as an unknown error.
    const { done, value } = await this.reader.read().catch((err: unknown) => fail('unreadable', `the file could not be read: ${String((err as Error)?.message ?? err)}`));
    if (done) {
      this.ended = true;
      return;
    }
    if (!(value instanceof Uint8Array)) fail('malformed', 'the stream does not hold bytes');
    if (value.length > 0) {
      this.pieces.push(value);
      this.buffered += value.length;
    }
  }
}

/** One frame's body; the file ending inside it is 'truncated', a length beyond `max` is damage. */
async function readFrame(input: StreamBytes, max: number, what: string): Promise<Uint8Array<ArrayBuffer>> {
  const prefix = await input.take(4);
  if (!prefix) return fail('truncated', `the file ends before ${what}`);
  const length = new DataView(prefix.buffer).getUint32(0);
  if (length > max) fail('malformed', `${what}: ${length} bytes, more than ${max}`);
  const body = await input.take(length);
  return body ?? fail('truncated', `the file ends inside ${what}`);
}

// ---- writing --------------------------------------------------------------------------------------------------

/** Cases in id order, cut into groups of about `perChunk` anchored events: whole cases, at least one per group. */
export function planChunks(anchors: Readonly<Record<string, Pick<CaseAnchor, 'n'>>>, perChunk = CHUNK_EVENTS): string[][] {
  const groups: string[][] = [];
  let group: string[] = [];
  let events = 0;
  for (const [caseId, anchor] of Object.entries(anchors).sort(([a], [b]) => a.localeCompare(b))) {
    if (group.length > 0 && events + anchor.n > perChunk) {
      groups.push(group);
      group = [];
      events = 0;
    }
    group.push(caseId);
    events += anchor.n;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/** The file's bytes so far, folded into one Blob every few frames so they leave the JS heap as the file grows. */
function growingFile(first: BlobPart[]) {
  let file = new Blob(first);
  let pending: BlobPart[] = [];
  let frames = 0;
  return {
    add(frame: BlobPart[]) {
      pending.push(...frame);
      if (++frames % FOLD_EVERY === 0) {
        file = new Blob([file, ...pending]);
        pending = [];
      }
    },
    blob: () => new Blob([file, ...pending]),
  };
}

/**
 * One group's rows and the ledger, in one read transaction: the ledger is written in the same transaction as what
 * it anchors, so the rows read agree with the anchors read, even while the app records meanwhile.
 */
function readGroup(db: SanadDb, ids: string[]) {
  return db.transaction('r', [db.cases, db.events, db.snapshots, db.settings], async () => {
    const [ledgerRow, cases, snapshots, logs] = await Promise.all([readLedgerRow(db), db.cases.bulkGet(ids), db.snapshots.bulkGet(ids), Promise.all(ids.map((id) => caseEvents(db, id).toArray()))]);
    return { ledgerRow, cases, snapshots, logs };
  });
}

/**
 * The ledger as it now stands. A case recorded since the backup began is carried as it now is (its rows were read
 * with this ledger); a revocation begun meanwhile changes the keys under the backup, which then cannot go on.
 */
async function liveLedger(keys: VaultKeys, current: Ledger, row: SettingRow | undefined): Promise<Ledger> {
  if ((row?.gen ?? 1) !== (current.gen ?? 1)) return fail('notReady', 'a revocation began during the backup');
  return row?.rev === current.rev ? current : readyLedger(keys, row);
}

export interface MakeOptions extends StreamOptions {
  /** Events per chunk (tests make small chunks to have many). */
  eventsPerChunk?: number;
}

/**
 * Reads this database through the ledger, a group of cases at a time (never a whole table of cases or events),
 * and builds the file. Each case is carried as v1 carries it, from what is vouched for; a case that cannot be
 * (prev-keyed, rows not whole, chain not reaching its anchor) is left out of its chunk, of the carried ledger and of
 * the manifest, and named in `skipped`.
 */
export async function makeBackupV2(db: SanadDb, keys: VaultKeys, now: string, options: MakeOptions = {}): Promise<{ blob: Blob; manifest: Manifest; skipped: string[] }> {
  const { signal, onProgress } = options;
  stopIfAborted(signal);
  const [vault, startRow] = await db.transaction('r', [db.vault, db.settings], () => Promise.all([readVault(db), readLedgerRow(db)]));
  if (!vault) return fail('notReady', 'no vault');
  let ledger = await readyLedger(keys, startRow);
  const plan = planChunks(ledger.cases, options.eventsPerChunk);
  const total = plan.reduce((n, ids) => n + ids.length, 0);
  const header: Header = {
    format: BACKUP_FORMAT,
    version: BACKUP_V2_VERSION,
    fileId: toBase64(randomBytes(16)),
    createdAt: now,
    schemaVersion: CURRENT_VERSION,
    protocolVersion: PROTOCOL_VERSION,
    chunks: plan.length,
    cases: total,
    vault: { kdf: vault.kdf, byPassphrase: vault.byPassphrase, recovery: vault.recovery },
  };
  const headerBytes = utf8(JSON.stringify(header));
  if (headerBytes.length > HEADER_MAX_BYTES) fail('tooLarge', 'the header');
  const headerHash = await sha256Hex(headerBytes);
  const file = growingFile([BACKUP_V2_MAGIC, u32(headerBytes.length), headerBytes]);

  const carried: Record<string, CaseAnchor> = {};
  const skipped: string[] = [];
  let events = 0;
  let done = 0;
  for (const [index, ids] of plan.entries()) {
    stopIfAborted(signal);
    const found = await readGroup(db, ids);
    ledger = await liveLedger(keys, ledger, found.ledgerRow);
    const chunk: Chunk = { cases: [], events: [], snapshots: [] };
    const flagged: string[] = [];
    for (const [i, caseId] of ids.entries()) {
      stopIfAborted(signal);
      const anchor = ledger.cases[caseId];
      // Deleted through Sanad since the backup began (its anchor went with it): not part of this backup.
      if (!anchor) continue;
      const one = await carryCase(keys, caseId, anchor, found.cases[i], found.logs[i]!, found.snapshots[i]);
      if (!one) {
        skipped.push(caseId);
        continue;
      }
      chunk.cases.push(one.row);
      chunk.events.push(...one.events);
      if (one.snapshot) chunk.snapshots.push(one.snapshot);
      if (anchor.flag) flagged.push(caseId);
      carried[caseId] = anchor;
      events += one.events.length;
    }
    if (flagged.length > 0) chunk.flagged = flagged;
    file.add(await sealFrame(keys.data, chunkAad(header.fileId, headerHash, index, plan.length), chunk));
    done += ids.length;
    onProgress?.({ done, total });
  }

  stopIfAborted(signal);
  // Settings are a handful of small rows (the case tables are what grows): read whole, with the ledger.
  const [lastRow, settingRows] = await db.transaction('r', db.settings, () => Promise.all([readLedgerRow(db), db.settings.toArray()]));
  ledger = await liveLedger(keys, ledger, lastRow);
  const settings = carrySettings(ledger, (key) => settingRows.find((r) => r.key === key));
  const ledgerRow = await sealLedger(keys, { ...ledger, cases: carried, settings: settings.revisions });
  const trailer: Trailer = {
    manifest: {
      createdAt: now,
      schemaVersion: CURRENT_VERSION,
      protocolVersion: PROTOCOL_VERSION,
      cases: Object.keys(carried).length,
      events,
      settings: settings.rows.length + 1,
      heads: Object.entries(carried).map(([caseId, a]) => ({ caseId, events: a.n, head: a.h })),
    },
    settings: [...settings.rows, ledgerRow],
  };
  file.add(await sealFrame(keys.data, trailerAad(header.fileId, headerHash, plan.length), trailer));
  return { blob: file.blob(), manifest: trailer.manifest, skipped };
}

// ---- reading --------------------------------------------------------------------------------------------------

/** Whether bytes start with the v2 magic (a v1 file is JSON and starts with '{'). */
export function isBackupV2(firstBytes: Uint8Array): boolean {
  return firstBytes.length >= BACKUP_V2_MAGIC.length && BACKUP_V2_MAGIC.every((b, i) => firstBytes[i] === b);
}

function readMagic(bytes: Uint8Array): void {
  if (isBackupV2(bytes)) return;
  // The same family with another number: a later version of this format.
  const family = BACKUP_V2_MAGIC.length - 1;
  if (BACKUP_V2_MAGIC.subarray(0, family).every((b, i) => bytes[i] === b)) fail('wrongVersion', 'another version of the streamed format');
  fail('notABackup', 'not a Sanad backup');
}

/** The header, checked for shape only (as v1's envelope): cheap, before any key is derived. */
function readHeader(bytes: Uint8Array): Header {
  const raw = parseJson(decodeUtf8(bytes, 'the header'));
  if (!isObj(raw) || raw.format !== BACKUP_FORMAT) return fail('notABackup', 'not a Sanad backup');
  if (raw.version !== BACKUP_V2_VERSION) return fail('wrongVersion', `version ${String(raw.version)}`);
  const h = exact(raw, 'header', {
    format: () => true,
    version: () => true,
    fileId: (x) => isB64(x, 24) && fromBase64(x).length === 16,
    createdAt: isIso,
    schemaVersion: (x) => isInt(x, 1, 1000),
    protocolVersion: (x) => typeof x === 'string' && x.length < 100,
    chunks: (x) => isInt(x, 0, 1e7),
    cases: (x) => isInt(x, 0, 1e7),
    vault: isObj,
  });
  // Every planned chunk holds at least one planned case.
  if ((h.chunks as number) > (h.cases as number)) fail('malformed', 'header: more chunks than cases');
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_V2_VERSION,
    fileId: h.fileId as string,
    createdAt: h.createdAt as string,
    schemaVersion: h.schemaVersion as number,
    protocolVersion: h.protocolVersion as string,
    chunks: h.chunks as number,
    cases: h.cases as number,
    vault: readSealedVault(h.vault),
  };
}

function readChunk(v: unknown): Required<Chunk> {
  const c = exact(v, 'chunk', { cases: Array.isArray, events: Array.isArray, snapshots: Array.isArray, flagged: (x) => Array.isArray(x) && x.every(isId) }, ['flagged']);
  return {
    cases: readCaseRows(c.cases as unknown[]),
    events: readEventRows(c.events as unknown[]),
    snapshots: readSnapshotRows(c.snapshots as unknown[]),
    flagged: (c.flagged as string[] | undefined) ?? [],
  };
}

function readTrailer(v: unknown): Trailer {
  const t = exact(v, 'trailer', { manifest: isObj, settings: Array.isArray });
  return { manifest: readManifest(t.manifest), settings: readSettingRows(t.settings as unknown[]) };
}

/** What the chunks held, for the trailer to be checked against: ids, counts and heads, never rows. */
interface Held {
  cases: Map<string, { events: number; head: string }>;
  /** Every event id, so that none appears twice across chunks (the events table's ids are unique). */
  eventIds: Set<string>;
  events: number;
  flagged: Set<string>;
}

/** One chunk, as v1 checks a whole file: rows that belong, each case's log chained, valid and replayed, snapshots open. */
async function checkChunk(keys: VaultKeys, chunk: Required<Chunk>, held: Held, signal: AbortSignal | undefined): Promise<void> {
  const ids = new Set<string>();
  for (const c of chunk.cases) {
    if (ids.has(c.id) || held.cases.has(c.id)) fail('invalid', 'a case appears twice');
    ids.add(c.id);
  }
  // Whole cases only: every event and snapshot belongs to a case of its own chunk.
  for (const e of chunk.events) {
    if (!ids.has(e.caseId)) fail('invalid', 'an event belongs to no case of its chunk');
    if (held.eventIds.has(e.id)) fail('invalid', 'an event appears twice');
    held.eventIds.add(e.id);
  }
  const snapshotted = new Set<string>();
  for (const s of chunk.snapshots) {
    if (!ids.has(s.caseId) || snapshotted.has(s.caseId)) fail('invalid', 'a snapshot belongs to no case, or a case has two');
    snapshotted.add(s.caseId);
  }
  const flagged = new Set(chunk.flagged);
  if (flagged.size !== chunk.flagged.length || chunk.flagged.some((id) => !ids.has(id))) fail('invalid', 'a flag names no case of its chunk');

  const byCase = groupEvents(chunk.events);
  stopIfAborted(signal);
  // The cases of a chunk are checked together, so that WebCrypto works on many events at once instead of waiting
  // on each in turn; the first refusal in the chunk's order is the one reported, as when they were checked in turn.
  const checked = await inOrder(
    chunk.cases.map(async (c) => {
      const rows = byCase.get(c.id) ?? [];
      if (c.chainHead === undefined) fail('invalid', `case ${c.id}: no chain head`);
      const expected = { head: c.chainHead!, events: c.eventCount };
      if (flagged.has(c.id)) {
        // Flagged by the vault's upgrade: carried as found for the team's review, not vouched for (as in v1).
        if (rows.length !== c.eventCount) fail('tampered', `case ${c.id}: not as many events as its row says`);
      } else {
        // Every v2 file is made from a ledger: every event is sealed under the AAD that binds its case and place.
        await checkCaseLog(keys, c.id, rows, expected, true);
      }
      return { id: c.id, expected, events: rows.length };
    }),
  );
  for (const c of checked) {
    if (flagged.has(c.id)) held.flagged.add(c.id);
    held.cases.set(c.id, c.expected);
    held.events += c.events;
  }
  await inOrder(chunk.snapshots.map((s) => checkSnapshot(keys, s)));
}

/** Every result, or the first refusal in the order given (not the first to happen), once all have settled. */
async function inOrder<T>(work: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(work);
  return settled.map((r) => {
    if (r.status === 'rejected') throw r.reason;
    return r.value;
  });
}

/** The trailer against the header and what the chunks held: the manifest, the ledger that anchors it, the settings. */
async function checkTrailer(keys: VaultKeys, header: Header, trailer: Trailer, held: Held): Promise<void> {
  const m = trailer.manifest;
  if (m.createdAt !== header.createdAt || m.schemaVersion !== header.schemaVersion || m.protocolVersion !== header.protocolVersion) fail('tampered', 'the trailer does not match the header');
  if (m.cases !== held.cases.size || m.events !== held.events || m.settings !== trailer.settings.length) fail('tampered', 'counts differ from the manifest');
  if (new Set(m.heads.map((h) => h.caseId)).size !== m.heads.length) fail('tampered', 'the manifest names a case twice');
  if (new Set(trailer.settings.map((s) => s.key)).size !== trailer.settings.length) fail('invalid', 'a setting appears twice');
  const ledger = await openLedger(keys, trailer.settings.find((s) => s.key === LEDGER_KEY)).catch(() => fail('tampered', 'the ledger does not open'));
  if (!ledger || ledger.upgrading || Object.keys(ledger.cases).length !== m.heads.length) return fail('tampered', 'the ledger does not match the manifest');
  for (const h of m.heads) {
    const found = held.cases.get(h.caseId);
    if (!found || found.events !== h.events || found.head !== h.head) fail('tampered', `case ${h.caseId}: the manifest does not match the chunks`);
    const a = ledger.cases[h.caseId];
    if (!a || a.n !== h.events || a.h !== h.head) fail('tampered', `case ${h.caseId}: the ledger does not match the manifest`);
    if ((a!.flag !== undefined) !== held.flagged.has(h.caseId)) fail('tampered', `case ${h.caseId}: flagged in the chunk or the ledger only`);
  }
  await checkSettings(keys, trailer.settings, ledger);
}

/**
 * Reads and checks a v2 file from a byte stream, a frame at a time: the header's shape, the secret, every chunk
 * (decrypted at its place, rows well formed, each case as v1's check has it), the trailer (its manifest is what the
 * chunks held, its ledger anchors exactly that, its settings open at their anchored revision), and nothing after
 * it. Each chunk is handed to the sink once checked, before the next is read; a refusal of a later chunk or of the
 * trailer comes after earlier chunks were handed on, so a restore commits nothing before this returns.
 */
export async function readBackupV2(
  stream: ReadableStream<Uint8Array>,
  secret: VaultSecret,
  options: StreamOptions & ReadOptions & { sink?: V2Sink } = {},
): Promise<{ manifest: Manifest; keys: VaultKeys; vault: SealedVault; settings: SettingRow[] }> {
  const { signal, onProgress, sink } = options;
  const input = new StreamBytes(stream);
  let finished = false;
  let writing: Promise<void> = Promise.resolve();
  try {
    stopIfAborted(signal);
    readMagic((await input.take(BACKUP_V2_MAGIC.length)) ?? fail('truncated', 'the file ends before its header'));
    const headerBytes = await readFrame(input, HEADER_MAX_BYTES, 'the header');
    const header = readHeader(headerBytes);
    const headerHash = await sha256Hex(headerBytes);
    const keys = await openBackupKeys(header.vault, secret, options);
    const held: Held = { cases: new Map(), eventIds: new Set(), events: 0, flagged: new Set() };
    for (let index = 0; index < header.chunks; index++) {
      stopIfAborted(signal);
      const what = `chunk ${index + 1} of ${header.chunks}`;
      const frame = await readFrame(input, FRAME_MAX_BYTES, what);
      const chunk = readChunk(await openFrame(keys.data, chunkAad(header.fileId, headerHash, index, header.chunks), frame, what));
      await checkChunk(keys, chunk, held, signal);
      // The sink writes a chunk while the next one is read and checked (the database works in the browser's own
      // process, the checking here): one write at a time, so at most two chunks are held, and a failed write
      // stops the reading at the next chunk.
      await writing;
      const tables = { cases: chunk.cases, events: chunk.events, snapshots: chunk.snapshots };
      writing = sink ? sink.chunk(tables, index) : Promise.resolve();
      writing.catch(() => undefined);
      onProgress?.({ done: held.cases.size, total: Math.max(header.cases, held.cases.size) });
    }
    await writing;
    stopIfAborted(signal);
    const trailerFrame = await readFrame(input, FRAME_MAX_BYTES, 'the trailer');
    const trailer = readTrailer(await openFrame(keys.data, trailerAad(header.fileId, headerHash, header.chunks), trailerFrame, 'the trailer'));
    await checkTrailer(keys, header, trailer, held);
    if (!(await input.atEnd())) fail('malformed', 'bytes after the trailer');
    finished = true;
    return { manifest: trailer.manifest, keys, vault: header.vault, settings: trailer.settings };
  } finally {
    // Nothing is left writing when this returns or throws: the caller may delete the database written to.
    await writing.catch(() => undefined);
    await input.close(!finished);
  }
}
