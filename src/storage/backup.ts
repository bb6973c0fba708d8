import { parseEvent } from '../../machines/events';
import type { CaseEvent } from '../../machines/events';
import { ReplayError, replayRecorded } from '../../machines/replay';
import { STEP_IDS } from '../../protocol/steps';
import { PROTOCOL_VERSION } from '../../protocol/version';
import { verifyChainRows } from './case-repository';
import { CryptoFailure, aadFor, eventAad, fromBase64, open, seal, settingAad } from './crypto';
import { LEDGER_KEY, openLedger, sealLedger } from './ledger';
import type { CaseAnchor, Ledger } from './ledger';
import { openCard } from './case-card';
import type { KdfParams, Sealed, VaultKeys } from './crypto';
import type { CaseRow, EventRow, SanadDb, SettingRow, SnapshotRow } from './db';
import { CURRENT_VERSION } from './schema';
import { parseUntrustedJson } from './untrusted-json';
import { holdsSyncedRows, logOrder, parseSyncFrom } from './sync-order';
import { keysFromVault, readVault } from './vault';
import type { SealedVault, VaultRow, VaultSecret } from './vault';

/**
 * Backups: one file, a versioned envelope around everything this device holds. The envelope carries the
 * vault (the master secret sealed by passphrase and recovery code, as on the device), a manifest in clear
 * (counts and each case's chain head: nothing identifying), and the tables sealed once more with the data
 * key, the manifest bound into the AAD. Restoring checks every byte before writing anything.
 * Format and limits: docs/decisions/0007-backup-format.md.
 */
export const BACKUP_FORMAT = 'sanad-backup';
export const BACKUP_VERSION = 1;
export const BACKUP_MAX_BYTES = 256 * 1024 * 1024;
/** A file may not ask for more work than this to derive its key (a hostile file could ask for hours). */
export const KDF_ITERATIONS_RANGE = [100_000, 5_000_000] as const;

export interface Manifest {
  createdAt: string;
  schemaVersion: number;
  protocolVersion: string;
  cases: number;
  events: number;
  settings: number;
  /** Per case: how many events, and the last link of its hash chain. */
  heads: { caseId: string; events: number; head: string }[];
}

export interface Envelope {
  format: typeof BACKUP_FORMAT;
  version: number;
  manifest: Manifest;
  vault: SealedVault;
  payload: Sealed;
}

interface Tables {
  cases: CaseRow[];
  events: EventRow[];
  snapshots: SnapshotRow[];
  settings: SettingRow[];
}

export type BackupProblem =
  | 'tooLarge'
  | 'malformed'
  | 'notABackup'
  | 'wrongVersion'
  | 'wrongSecret'
  | 'tampered'
  | 'invalid'
  | 'notReady'
  | 'altered'
  /** A streamed (v2) file ends before its trailer. */
  | 'truncated'
  /** The user stopped a streamed backup or check: nothing was written. */
  | 'cancelled'
  /** The chosen file could not be read (moved, changed or removed since it was chosen). */
  | 'unreadable'
  /** The database in use keeps a deletion log the restore's secret does not open: unlock it first. */
  | 'logLocked';

export class BackupError extends Error {
  constructor(
    readonly problem: BackupProblem,
    detail: string,
  ) {
    super(`backup: ${problem}: ${detail}`);
    this.name = 'BackupError';
  }
}

const fail = (problem: BackupProblem, detail: string): never => {
  throw new BackupError(problem, detail);
};
const payloadAad = (manifest: Manifest) => aadFor('backup', JSON.stringify(manifest));

// ---- writing ---------------------------------------------------------------------------------------------

/**
 * Builds the backup file's text from this device's database, from what the ledger anchors only: each case's
 * row, its events in log order and its snapshot, each setting at its anchored revision, every row reduced to
 * the fields a backup carries. Every case's chain is recomputed first and must reach the head the ledger
 * anchors. A case that does not (altered outside Sanad, or deleted) is left out and named in `skipped`, with
 * its anchor left out of the ledger the file carries: one altered case never stops the others being saved.
 */
export async function makeBackup(db: SanadDb, keys: VaultKeys, now: string): Promise<{ text: string; manifest: Manifest; skipped: string[] }> {
  const [vault, all] = await db.transaction('r', [db.vault, db.cases, db.events, db.snapshots, db.settings], async () => {
    const v = await readVault(db);
    return [v, { cases: await db.cases.toArray(), events: await db.events.toArray(), snapshots: await db.snapshots.toArray(), settings: await db.settings.toArray() }] as const;
  });
  if (!vault) return fail('notReady', 'no vault');
  const ledger = await readyLedger(keys, all.settings.find((r) => r.key === LEDGER_KEY));
  const byCase = groupEvents(all.events);
  const caseRows = new Map(all.cases.map((c) => [c.id, c]));
  const snapshotRows = new Map(all.snapshots.map((r) => [r.caseId, r]));
  const tables: Tables = { cases: [], events: [], snapshots: [], settings: [] };
  const carried: Ledger = { ...ledger, cases: {}, settings: {} };
  const skipped: string[] = [];
  for (const [caseId, anchor] of Object.entries(ledger.cases).sort(([a], [b]) => a.localeCompare(b))) {
    const found = await carryCase(keys, caseId, anchor, caseRows.get(caseId), byCase.get(caseId) ?? [], snapshotRows.get(caseId));
    if (!found) {
      skipped.push(caseId);
      continue;
    }
    tables.cases.push(found.row);
    tables.events.push(...found.events);
    if (found.snapshot) tables.snapshots.push(found.snapshot);
    carried.cases[caseId] = anchor;
  }
  const settings = carrySettings(ledger, (key) => all.settings.find((r) => r.key === key));
  tables.settings.push(...settings.rows);
  carried.settings = settings.revisions;
  tables.settings.push(await sealLedger(keys, carried));
  const manifest: Manifest = {
    createdAt: now,
    schemaVersion: CURRENT_VERSION,
    protocolVersion: PROTOCOL_VERSION,
    cases: tables.cases.length,
    events: tables.events.length,
    settings: tables.settings.length,
    heads: Object.entries(carried.cases).map(([caseId, a]) => ({ caseId, events: a.n, head: a.h })),
  };
  const envelope: Envelope = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    manifest,
    vault: { kdf: vault.kdf, byPassphrase: vault.byPassphrase, recovery: vault.recovery },
    payload: await seal(keys.data, payloadAad(manifest), tables),
  };
  return { text: JSON.stringify(envelope), manifest, skipped };
}

/** The ledger a backup is made from: it must open, be done upgrading, and have every case under the vault's keys. */
export async function readyLedger(keys: VaultKeys, row: SettingRow | undefined): Promise<Ledger> {
  const ledger = await openLedger(keys, row).catch(() => fail('altered', 'the ledger does not open'));
  if (!ledger || ledger.upgrading) return fail('notReady', 'the vault is still being upgraded');
  if (Object.values(ledger.cases).some((a) => (a.g ?? 1) < (ledger.gen ?? 1))) return fail('notReady', 'a revocation is still resealing the cases');
  return ledger;
}

/**
 * One anchored case as a backup carries it, or null when it cannot be vouched for: its rows must be whole (every
 * row sealed and chained, as many as anchored) and its chain must reach the anchored head.
 */
export async function carryCase(
  keys: VaultKeys,
  caseId: string,
  anchor: CaseAnchor,
  found: CaseRow | undefined,
  rows: readonly EventRow[],
  snapshot: SnapshotRow | undefined,
): Promise<{ row: CaseRow; events: EventRow[]; snapshot?: SnapshotRow } | null> {
  // A case a revocation could not reseal is still under the previous keys, which a backup does not carry.
  const whole = !anchor.prev && found !== undefined && rows.length > 0 && rows.length === anchor.n && rows.every((r, i) => r.seq === i && r.sealed && r.chain);
  // A case the upgrade flagged is carried as it was found, flag included, for the team's review.
  const ok = whole && (anchor.flag !== undefined || (await verifyChainRows(keys, rows, { head: anchor.h, events: anchor.n })).ok);
  if (!ok || found === undefined) return null;
  return {
    row: await caseRowFor(keys, caseId, anchor, rows, found),
    events: rows.map(pickEvent),
    ...(snapshot?.sealed ? { snapshot: { caseId, seq: snapshot.seq, sealed: snapshot.sealed } } : {}),
  };
}

/** Each setting the ledger anchors, at its anchored revision; one found at another revision is left out. */
export function carrySettings(ledger: Ledger, rowOf: (key: string) => SettingRow | undefined): { rows: SettingRow[]; revisions: Record<string, number> } {
  const rows: SettingRow[] = [];
  const revisions: Record<string, number> = {};
  for (const [key, rev] of Object.entries(ledger.settings)) {
    const row = rowOf(key);
    if (row?.sealed && row.rev === rev) {
      rows.push({ key, rev, sealed: row.sealed });
      revisions[key] = rev;
    }
  }
  return { rows, revisions };
}

/**
 * The case's row as the backup carries it, from what is vouched for, never from the clear row as found (edited
 * outside Sanad, it would make the whole file refused at restore): step, level, deadline, count and head from
 * the ledger, the dates from the events (their times are in the chain just verified), the card only if it opens.
 */
async function caseRowFor(keys: VaultKeys, caseId: string, anchor: CaseAnchor, rows: readonly EventRow[], found: CaseRow): Promise<CaseRow> {
  const times = rows.map((r) => r.at).sort();
  const row: CaseRow = { id: caseId, step: anchor.s, level: anchor.l, openedAt: rows[0]!.at, updatedAt: times.at(-1)!, nextDueAt: anchor.d, eventCount: anchor.n, chainHead: anchor.h };
  const card = isSealed(found.card) ? found.card : undefined;
  return card && (await openCard(keys, { ...row, card })) ? { ...row, card } : row;
}
const pickEvent = (r: EventRow): EventRow => ({ id: r.id, caseId: r.caseId, seq: r.seq, at: r.at, sealed: r.sealed, chain: r.chain, ...(r.from ? { from: r.from } : {}) });

/** Each case's event rows, in log order. */
export function groupEvents(events: readonly EventRow[]): Map<string, EventRow[]> {
  const byCase = new Map<string, EventRow[]>();
  for (const e of events) {
    const list = byCase.get(e.caseId);
    if (list) list.push(e);
    else byCase.set(e.caseId, [e]);
  }
  for (const list of byCase.values()) list.sort((a, b) => a.seq - b.seq);
  return byCase;
}

// ---- reading: shape first, then keys, then every row ------------------------------------------------------

/** A prototype key anywhere, or text that is not JSON, makes the whole file malformed. */
export function parseJson(text: string): unknown {
  try {
    return parseUntrustedJson(text);
  } catch (err) {
    return fail('malformed', (err as Error).message);
  }
}

// Shape checks, shared with the streamed format (backup-v2.ts).
type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
export const isIso = (v: unknown): v is string => typeof v === 'string' && ISO.test(v) && !Number.isNaN(Date.parse(v));
export const isB64 = (v: unknown, max = 1e9): v is string => typeof v === 'string' && v.length <= max && /^[A-Za-z0-9+/]*={0,2}$/.test(v) && v.length % 4 === 0;
export const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;
export const isInt = (v: unknown, min: number, max: number): v is number => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

/** Only the fields named, each checked: anything else in a row makes the file malformed. */
export function exact(v: unknown, where: string, fields: Record<string, (x: unknown) => boolean>, optional: readonly string[] = []): Obj {
  if (!isObj(v)) return fail('malformed', `${where}: not an object`);
  for (const key of Object.keys(v)) if (!(key in fields)) fail('malformed', `${where}: unexpected field ${key}`);
  for (const [key, ok] of Object.entries(fields)) {
    if (!(key in v)) {
      if (!optional.includes(key)) fail('malformed', `${where}: missing ${key}`);
    } else if (!ok(v[key])) fail('malformed', `${where}: bad ${key}`);
  }
  return v;
}

const isSealed = (v: unknown): v is Sealed => {
  if (!isObj(v) || Object.keys(v).length !== 3 || v.v !== 1 || !isB64(v.iv, 24) || !isB64(v.ct)) return false;
  return fromBase64(v.iv as string).length === 12;
};

function readKdf(v: unknown): KdfParams {
  const k = exact(v, 'vault.kdf', {
    name: (x) => x === 'PBKDF2',
    hash: (x) => x === 'SHA-256',
    iterations: (x) => isInt(x, KDF_ITERATIONS_RANGE[0], KDF_ITERATIONS_RANGE[1]),
    salt: (x) => isB64(x, 64) && fromBase64(x).length === 16,
  });
  return { name: 'PBKDF2', hash: 'SHA-256', iterations: k.iterations as number, salt: k.salt as string };
}

export function readManifest(v: unknown): Manifest {
  const m = exact(v, 'manifest', {
    createdAt: isIso,
    schemaVersion: (x) => isInt(x, 1, 1000),
    protocolVersion: (x) => typeof x === 'string' && x.length < 100,
    cases: (x) => isInt(x, 0, 1e7),
    events: (x) => isInt(x, 0, 1e8),
    settings: (x) => isInt(x, 0, 1e4),
    heads: Array.isArray,
  });
  const heads = (m.heads as unknown[]).map((h, i) => {
    const r = exact(h, `manifest.heads[${i}]`, { caseId: isId, events: (x) => isInt(x, 1, 1e6), head: (x) => isB64(x, 100) });
    return { caseId: r.caseId as string, events: r.events as number, head: r.head as string };
  });
  if (heads.length !== m.cases) fail('malformed', 'manifest: heads do not match the case count');
  // Rebuilt field by field, in a fixed order: the AAD is computed from this object, not from the file's text.
  return {
    createdAt: m.createdAt as string,
    schemaVersion: m.schemaVersion as number,
    protocolVersion: m.protocolVersion as string,
    cases: m.cases as number,
    events: m.events as number,
    settings: m.settings as number,
    heads,
  };
}

/** The envelope, checked for shape only: cheap, before any key is derived. */
export function readEnvelope(text: unknown): Envelope {
  if (typeof text !== 'string') return fail('malformed', 'not text');
  if (text.length > BACKUP_MAX_BYTES) return fail('tooLarge', `${text.length} bytes`);
  const raw = parseJson(text);
  if (!isObj(raw) || raw.format !== BACKUP_FORMAT) return fail('notABackup', 'not a Sanad backup');
  if (raw.version !== BACKUP_VERSION) return fail('wrongVersion', `version ${String(raw.version)}`);
  const env = exact(raw, 'backup', { format: () => true, version: () => true, manifest: isObj, vault: isObj, payload: isSealed });
  return { format: BACKUP_FORMAT, version: BACKUP_VERSION, manifest: readManifest(env.manifest), vault: readSealedVault(env.vault), payload: env.payload as Sealed };
}

/** The vault a file carries, checked for shape (and its KDF cost for range) before any key is derived. */
export function readSealedVault(v: unknown): SealedVault {
  const vault = exact(v, 'vault', { kdf: isObj, byPassphrase: isSealed, recovery: isObj });
  const recovery = exact(vault.recovery, 'vault.recovery', { salt: (x) => isB64(x, 64) && fromBase64(x).length === 16, sealed: isSealed });
  return { kdf: readKdf(vault.kdf), byPassphrase: vault.byPassphrase as Sealed, recovery: { salt: recovery.salt as string, sealed: recovery.sealed as Sealed } };
}

const STEPS = new Set<string>(STEP_IDS);
function readTables(v: unknown): Tables {
  const t = exact(v, 'tables', { cases: Array.isArray, events: Array.isArray, snapshots: Array.isArray, settings: Array.isArray });
  return { cases: readCaseRows(t.cases as unknown[]), events: readEventRows(t.events as unknown[]), snapshots: readSnapshotRows(t.snapshots as unknown[]), settings: readSettingRows(t.settings as unknown[]) };
}

// Each table's rows, exactly as a backup carries them (shared with backup-v2.ts).
export const readCaseRows = (list: unknown[]): CaseRow[] =>
  list.map((r, i) =>
    exact(
      r,
      `cases[${i}]`,
      {
        id: isId,
        step: (x) => typeof x === 'string' && STEPS.has(x),
        level: (x) => isInt(x, -1, 4),
        openedAt: isIso,
        updatedAt: isIso,
        nextDueAt: (x) => x === '' || isIso(x),
        eventCount: (x) => isInt(x, 1, 1e6),
        chainHead: (x) => isB64(x, 100),
        card: isSealed,
      },
      ['chainHead', 'card'],
    ),
  ) as unknown as CaseRow[];
export const readEventRows = (list: unknown[]): EventRow[] =>
  list.map((r, i) =>
    exact(r, `events[${i}]`, { id: isId, caseId: isId, seq: (x) => isInt(x, 0, 1e6), at: isIso, sealed: isSealed, chain: (x) => isB64(x, 100), from: (x) => typeof x === 'string' && (/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/.test(x) || parseSyncFrom(x) !== null) }, ['from']),
  ) as unknown as EventRow[];
export const readSnapshotRows = (list: unknown[]): SnapshotRow[] =>
  list.map((r, i) => exact(r, `snapshots[${i}]`, { caseId: isId, seq: (x) => isInt(x, 0, 1e6), sealed: isSealed })) as unknown as SnapshotRow[];
export const readSettingRows = (list: unknown[]): SettingRow[] =>
  list.map((r, i) => exact(r, `settings[${i}]`, { key: isId, sealed: isSealed, rev: (x) => isInt(x, 1, 1e9), gen: (x) => isInt(x, 2, 1e6) }, ['rev', 'gen'])) as unknown as SettingRow[];

export interface CheckedBackup {
  manifest: Manifest;
  keys: VaultKeys;
  vault: SealedVault;
  tables: Tables;
}

export interface ReadOptions {
  /** How a secret becomes keys; tests swap in a memo of the (deterministic, slow) derivation. */
  keysFor?: (vault: SealedVault, secret: VaultSecret) => Promise<VaultKeys>;
}

/**
 * Reads and checks a whole backup without touching any database: shape, secret, decryption, every event
 * valid and accepted by the protocol in order, every chain equal to the manifest's head, every snapshot
 * and setting decryptable.
 */
export async function checkBackup(text: unknown, secret: VaultSecret, options: ReadOptions = {}): Promise<CheckedBackup> {
  const env = readEnvelope(text);
  const keys = await openBackupKeys(env.vault, secret, options);
  const tablesJson = await open<unknown>(keys.data, payloadAad(env.manifest), env.payload).catch(() => fail('tampered', 'the payload does not decrypt'));
  // The decrypted tables are JSON again: re-read them through the same guarded parser.
  const tables = readTables(parseJson(JSON.stringify(tablesJson)));
  const m = env.manifest;
  if (tables.cases.length !== m.cases || tables.events.length !== m.events || tables.settings.length !== m.settings) fail('tampered', 'counts differ from the manifest');

  const byCase = groupEvents(tables.events);
  // A backup made since the ledger carries it: its anchors must match the manifest, and every row opens under
  // the AAD that binds its case and place. An older backup's rows are checked the old way and upgraded after
  // the restore, like a database from before the ledger.
  const ledgerRow = tables.settings.find((r) => r.key === LEDGER_KEY);
  const ledger = ledgerRow ? await openLedger(keys, ledgerRow).catch(() => fail('tampered', 'the ledger does not open')) : null;
  if (ledger) {
    if (ledger.upgrading || Object.keys(ledger.cases).length !== m.heads.length) fail('tampered', 'the ledger does not match the manifest');
    for (const h of m.heads) {
      const a = ledger.cases[h.caseId];
      if (!a || a.n !== h.events || a.h !== h.head) fail('tampered', `case ${h.caseId}: the ledger does not match the manifest`);
    }
  }
  const ids = new Set(tables.cases.map((c) => c.id));
  if (ids.size !== tables.cases.length) fail('invalid', 'a case appears twice');
  if (new Set(tables.events.map((e) => e.id)).size !== tables.events.length) fail('invalid', 'an event appears twice');
  for (const caseId of byCase.keys()) if (!ids.has(caseId)) fail('invalid', 'an event belongs to no case');
  for (const s of tables.snapshots) if (!ids.has(s.caseId)) fail('invalid', 'a snapshot belongs to no case');

  for (const head of m.heads) {
    // A case the upgrade flagged was kept as found: carried for the team's review, not vouched for.
    if (ledger?.cases[head.caseId]?.flag) continue;
    await checkCaseLog(keys, head.caseId, byCase.get(head.caseId) ?? [], { head: head.head, events: head.events }, ledger !== null);
  }
  for (const s of tables.snapshots) await checkSnapshot(keys, s);
  await checkSettings(keys, tables.settings, ledger);
  return { manifest: m, keys, vault: env.vault, tables };
}

/** The keys a backup's vault opens to with this secret: a secret that does not open it is the user's mistake, said so. */
export function openBackupKeys(vault: SealedVault, secret: VaultSecret, options: ReadOptions): Promise<VaultKeys> {
  const keysFor = options.keysFor ?? keysFromVault;
  return keysFor(vault, secret).catch((err: unknown) => (err instanceof CryptoFailure ? fail('wrongSecret', 'cannot open the vault') : Promise.reject(err)));
}

/**
 * One case's log, as a backup carries it: its chain reaches the expected head, and every event decrypts (under the
 * AAD binding case and place when `anchored`, the old way otherwise), parses, follows the one before in time and
 * is accepted by the protocol in order.
 */
export async function checkCaseLog(keys: VaultKeys, caseId: string, rows: readonly EventRow[], expected: { head: string; events: number }, anchored: boolean): Promise<void> {
  // Links and events are computed all at once (one await per event was most of a check's time), then judged in
  // order, chain first, so a refusal names what it named when each was awaited in turn.
  const chaining = verifyChainRows(keys, rows, expected);
  const opening = Promise.all(
    rows.map((row) =>
      open<CaseEvent>(keys.data, anchored ? eventAad(caseId, row.seq, row.id, row.from) : aadFor('events', row.id), row.sealed!).then(
        (event) => ({ event }),
        () => null,
      ),
    ),
  );
  const chain = await chaining.catch(async (err: unknown) => {
    await opening;
    throw err;
  });
  const opened = await opening;
  if (!chain.ok) fail('tampered', `case ${caseId}: chain broken at event ${chain.brokenAt}`);
  const events: CaseEvent[] = [];
  const synced = holdsSyncedRows(rows);
  let lastOwnAt: string | undefined;
  for (const [i, row] of rows.entries()) {
    const one = opened[i];
    if (!one) fail('tampered', `event ${row.id}`);
    const event = one!.event;
    const parsed = parseEvent(event);
    if (!parsed.ok) fail('invalid', `case ${caseId}, event ${i + 1}: ${parsed.problem.code}`);
    // Recorded here, events follow each other in time; one received by transfer is appended when it arrives,
    // after what this device had recorded meanwhile (docs/decisions/0014).
    // With team sync, only this device's own rows are in time order among themselves (decision 0018).
    const previous = synced ? lastOwnAt : rows[i - 1]?.at;
    if (i > 0 && !row.from && previous && Date.parse(event.at) < Date.parse(previous)) fail('invalid', `case ${caseId}, event ${i + 1}: out of time order`);
    if (!row.from) lastOwnAt = row.at;
    events.push(event);
  }
  // Each log was accepted when it was recorded (the keyed chain above proves it is that log): rebuilt as
  // recorded, whatever this version's rules would say of older events (docs/decisions/0010).
  try {
    replayRecorded(synced ? logOrder(caseId, rows.map((r, i) => ({ id: r.id, from: r.from, event: events[i]! }))).map((r) => r.event) : events, caseId);
  } catch (err) {
    if (err instanceof ReplayError) fail('invalid', `case ${caseId}: ${err.message}`);
    throw err;
  }
}

export const checkSnapshot = (keys: VaultKeys, s: SnapshotRow): Promise<unknown> => open(keys.data, aadFor('snapshots', `${s.caseId}/${s.seq}`), s.sealed!).catch(() => fail('tampered', `snapshot ${s.caseId}`));

/** Every setting opens; with a ledger, each at the revision it anchors. */
export async function checkSettings(keys: VaultKeys, settings: readonly SettingRow[], ledger: Ledger | null): Promise<void> {
  for (const s of settings) {
    if (s.key === LEDGER_KEY) continue;
    if (ledger && s.rev === undefined) fail('tampered', `setting ${s.key} is not anchored`);
    if (s.rev !== undefined && ledger?.settings[s.key] !== s.rev) fail('tampered', `setting ${s.key}: not the revision the ledger anchors`);
    await open(keys.data, s.rev !== undefined ? settingAad(s.key, s.rev) : aadFor('settings', s.key), s.sealed!).catch(() => fail('tampered', `setting ${s.key}`));
  }
}

/** Replaces this device's cases with a checked backup's, in one transaction: all of it, or nothing. */
export async function restoreBackup(db: SanadDb, checked: CheckedBackup): Promise<void> {
  const { tables, vault } = checked;
  const gen = tables.settings.find((r) => r.key === LEDGER_KEY)?.gen;
  const row: VaultRow = { id: 'vault', format: 1, createdAt: checked.manifest.createdAt, ...vault, failures: 0, legacySealed: true, ...(gen ? { gen } : {}) };
  await db.transaction('rw', [db.vault, db.cases, db.events, db.snapshots, db.settings], async () => {
    await Promise.all([db.cases.clear(), db.events.clear(), db.snapshots.clear(), db.settings.clear()]);
    await db.events.bulkAdd(tables.events);
    await db.snapshots.bulkAdd(tables.snapshots);
    await db.settings.bulkAdd(tables.settings);
    await db.cases.bulkAdd(tables.cases);
    await db.vault.put(row);
  });
}
