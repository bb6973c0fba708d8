import type { SchoolCalendar } from '../../protocol/calendar';
import { localDate } from '../../protocol/calendar';
import type { Hold, KeptUntil, Retention } from '../../protocol/retention';
import type { PrintedCopy } from '../../machines/retention-facts';
import { LOCK_DRAFT_KEY } from './setting-keys';
import { loadCase } from './case-repository';
import type { LoadedCase } from './case-repository';
import type { RetentionRecord } from '../../machines/retention-facts';
import { seal, settingAad, toBase64 } from './crypto';
import type { VaultKeys } from './crypto';
import { caseEvents } from './db';
import type { SanadDb, SettingRow } from './db';
import type { Ledger } from './ledger';
import { StorageError } from './errors';
import { ledgerUnchanged, nextLedger, oneWriterAtATime, openLedger, readLedgerRow, sealLedger } from './ledger';
import { readRetentionPolicy, readRetentionRecord, retentionOfLoaded, retentionRecordKey } from './retention-store';
import { openAnchoredSetting, readAnchoredSetting } from './settings';
import { SYNC_STATE_KEY } from './sync-state';

/**
 * Purging one case (docs/decisions/0021-retention.md): its event rows, snapshot, index row, retention record and
 * ledger anchor go in one transaction, with an entry appended to the deletion log that identifies no one.
 */
export const DELETION_LOG_KEY = 'retention:deletions';

export interface DeletionEntry {
  /** HMAC of the case id under the vault's chain key: matches the case on this vault, says nothing about it. */
  tag: string;
  /** The school's local date of the purge (a day, not a time). */
  on: string;
  /** Where the rules placed the case when it was purged, and on what basis it had been kept. */
  kind: Retention['kind'];
  basis?: KeptUntil;
  /** Who decided: the role or name the head typed. */
  decidedBy: string;
  /** Set when the rules refused and the head overrode them: the rule overridden and the reason given. */
  override?: { rule: PurgeRule; reason: string };
  /**
   * Copies made before the print log, or on another device, may exist and are not known: always 'unknown'. The
   * documents this device's print log recorded are `printed` (which document and the day; no language, no name),
   * so the school knows which paper to destroy.
   */
  printedCopies: 'unknown';
  printed?: { kind: PrintedCopy['kind']; on: string }[];
}

/**
 * The rule that refuses a purge: the case is open, held, or not yet past its period; or the date it is asked for
 * cannot be trusted (docs/decisions/0021-retention.md):
 * - `clockBehind`: `now` is earlier than a time the vault already records (the case's last event, another case's
 *   last write, the vault's creation, the day of an earlier purge). Never lifted, by an override or a confirmation.
 * - `dateUnconfirmed`: `now` is more than `CLOCK_MARGIN_DAYS` local days after the newest time the vault records,
 *   and the request does not carry `confirmedDate` equal to `now`'s local date. Lifted by the head's confirmation
 *   of the date, never by an override.
 */
export type PurgeRule = 'open' | 'held' | 'notDue' | 'clockBehind' | 'dateUnconfirmed' | 'synced';

export class PurgeRefused extends StorageError {
  constructor(
    readonly caseId: string,
    readonly rule: PurgeRule,
    readonly holds: readonly Hold[] = [],
    /** For the clock rules: the local date (YYYY-MM-DD) of the newest time the vault records. */
    readonly newest?: string,
  ) {
    super('notAllowed', `case ${caseId}: purge refused (${rule})`, { rule, holds, ...(newest !== undefined ? { newest, marginDays: CLOCK_MARGIN_DAYS } : {}) });
    this.name = 'PurgeRefused';
  }
}

export interface PurgeRequest {
  /** The device's time: checked against the times the vault records (the clock rules above), never trusted alone. */
  now: string;
  cal: SchoolCalendar;
  /** The role or name the head typed. */
  decidedBy: string;
  /** Purge although the rules refuse (held, not due; never an open case): the reason is logged with the rule it overrides. */
  override?: string;
  /**
   * The local date (YYYY-MM-DD) the form showed the head and the head confirmed as today's. Needed when `now` is
   * more than `CLOCK_MARGIN_DAYS` after the newest time the vault records (`dateUnconfirmed`); it must be `now`'s
   * local date, so a clock that moved while the form was open is refused too.
   */
  confirmedDate?: string;
}

/**
 * How far, in local days, `now` may be past the newest time the vault records before the head must confirm the
 * date. A clock set ahead makes closed cases due early; within a school year the team writes far more often than
 * monthly, so a longer silence is the summer break or a quiet school, when one look at the date costs the head
 * little, and a clock set ahead goes unasked by at most this much.
 */
export const CLOCK_MARGIN_DAYS = 31;

const enc = new TextEncoder();

/** The case's tag in the deletion log: an HMAC (domain-separated from the chain links) under the vault's chain key. */
export async function caseTag(keys: VaultKeys, caseId: string): Promise<string> {
  const mac = await globalThis.crypto.subtle.sign('HMAC', keys.chain, enc.encode(JSON.stringify(['sanad/case-tag/v1', caseId])));
  return toBase64(new Uint8Array(mac));
}

/**
 * The deletion log, or an empty one when no purge was ever made here. Strict: a log the ledger anchors whose row
 * is missing, rolled back or does not open throws StorageError('altered'), so that it is never restarted empty.
 */
export async function readDeletionLog(db: SanadDb, keys: VaultKeys): Promise<DeletionEntry[]> {
  return (await readAnchoredSetting<DeletionEntry[]>(db, keys, DELETION_LOG_KEY)) ?? [];
}

// The draft sealed at idle lock holds what was typed on a case page: a purge of that case drops it too.
export { LOCK_DRAFT_KEY };

/**
 * Whether the lock draft must go with the purge of `caseIds`: its route names one of them, or it does not open as
 * the current draft (what it holds cannot be told, and such a draft can never be put back anyway).
 */
export async function lockDraftGoes(keys: VaultKeys, row: SettingRow | undefined, ledger: Ledger | null, caseIds: readonly string[]): Promise<boolean> {
  if (!row) return false;
  // Not opening, or not the revision the ledger anchors: it can never be put back, and what it holds cannot be told.
  const draft = await openAnchoredSetting<{ route?: unknown }>(keys, LOCK_DRAFT_KEY, row, ledger).catch(() => null);
  if (draft === undefined || draft === null) return true;
  const route = typeof draft.route === 'string' ? draft.route : null;
  if (route === null) return true;
  let decoded = route;
  try {
    decoded = decodeURIComponent(route);
  } catch {
    // kept as it is
  }
  return caseIds.some((id) => route.includes(id) || decoded.includes(id));
}

function refusal(retention: Retention): { rule: PurgeRule; holds: readonly Hold[] } | null {
  if (retention.kind === 'open') return { rule: 'open', holds: [] };
  if (retention.kind === 'held') return { rule: 'held', holds: retention.holds };
  if (retention.kind === 'kept') return { rule: 'notDue', holds: [] };
  return null;
}

const ATTEMPTS = 5;
const DAY_MS = 86_400_000;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const instantOf = (v: unknown): number | null => (typeof v === 'string' && ISO_INSTANT.test(v) && Number.isFinite(Date.parse(v)) ? Date.parse(v) : null);
const dayNumber = (date: string) => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);

/**
 * The newest time the vault records, from what it already holds (no new field, so older vaults have it too): the
 * case's events and its retention record (sealed), the last write of every case (the index rows' `updatedAt`),
 * the vault's creation, and the day of every earlier purge (the sealed deletion log, which outlives the purged
 * rows). A clear value altered to a later time only delays purges; one altered to an earlier time only loosens
 * this check back to what it was without it.
 */
async function newestKnown(db: SanadDb, loaded: LoadedCase, record: RetentionRecord, log: readonly DeletionEntry[], cal: SchoolCalendar): Promise<{ at: number | null; day: string | null }> {
  const [rows, vault] = await Promise.all([db.cases.toArray(), db.vault.get('vault')]);
  const times = [
    ...loaded.events.map((e) => e.at),
    ...record.headHolds.flatMap((h) => [h.at, h.liftedAt]),
    ...rows.map((r) => r.updatedAt),
    vault?.createdAt,
  ]
    .map(instantOf)
    .filter((t): t is number => t !== null);
  const at = times.length > 0 ? times.reduce((a, b) => Math.max(a, b)) : null;
  const days = [...(at !== null ? [localDate(new Date(at).toISOString(), cal)] : []), ...log.map((e) => e.on).filter((d) => typeof d === 'string' && LOCAL_DATE.test(d))];
  return { at, day: days.length > 0 ? days.reduce((a, b) => (b > a ? b : a)) : null };
}

/** The clock rule `now` breaks, if any, against the newest time the vault records (decision 0021). */
function clockRefusal(now: string, confirmedDate: string | undefined, newest: { at: number | null; day: string | null }, cal: SchoolCalendar): PurgeRule | null {
  if (newest.day === null) return null;
  const today = localDate(now, cal);
  if ((newest.at !== null && Date.parse(now) < newest.at) || today < newest.day) return 'clockBehind';
  if (confirmedDate === today) return null;
  // A date confirmed that is not the purge's (the clock moved while the form was open) confirms nothing.
  return confirmedDate !== undefined || dayNumber(today) - dayNumber(newest.day) > CLOCK_MARGIN_DAYS ? 'dateUnconfirmed' : null;
}

/**
 * Purges one case. Refused with `PurgeRefused` (and the rule) when the case is open (always), when `now` is behind
 * what the vault records (always) or far past it without the head's confirmed date, held or not yet due (unless
 * `override` gives a reason, which is logged). A case whose record is altered or does not open is never purged
 * here (its holds cannot be read): loadCase's error is thrown.
 */
export function purgeCase(db: SanadDb, keys: VaultKeys, caseId: string, req: PurgeRequest): Promise<DeletionEntry> {
  const decidedBy = req.decidedBy.trim();
  const override = req.override?.trim();
  if (!decidedBy) return Promise.reject(new StorageError('notAllowed', 'a purge needs who decided it'));
  if (req.override !== undefined && !override) return Promise.reject(new StorageError('notAllowed', 'an override needs a reason'));
  if (instantOf(req.now) === null) return Promise.reject(new StorageError('notAllowed', 'a purge needs the time it is made at'));
  return oneWriterAtATime(async () => {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      // The ledger first: everything below is read under it, and the transaction writes only if it is unchanged
      // (every write of a case, the record, the policy or the log moves it), so nothing read here is stale.
      const ledger = await openLedger(keys, await readLedgerRow(db));
      if (!ledger?.cases[caseId]) {
        // Gone (purged already, or never here), or rows not yet anchored (being upgraded at unlock).
        if (!(await db.cases.get(caseId))) throw new StorageError('caseNotFound', `case ${caseId} not found`);
        throw new StorageError('busy', `case ${caseId} is not anchored yet`);
      }
      // With team sync on, the team's copies would bring a purged case back (this device's sync copy at the next
      // pass, the server, the other devices): purges do not travel by sync yet (decision 0021).
      if (ledger.settings[SYNC_STATE_KEY] !== undefined) throw new PurgeRefused(caseId, 'synced');
      const loaded = await loadCase(db, keys, caseId);
      const [policy, record] = await Promise.all([readRetentionPolicy(db, keys), readRetentionRecord(db, keys, caseId)]);
      const retention = retentionOfLoaded(loaded, record, policy, req.cal, req.now);
      const refused = refusal(retention);
      // An open case is never purged, override or not (decision 0021): it is closed first, through the protocol.
      if (refused?.rule === 'open') throw new PurgeRefused(caseId, 'open');
      // Nor is a case an authority may be acting on (a referral to the police, the gendarmerie, the prosecutor or
      // e-Blagh, a prosecutor decision to make): the head's override lifts the head's own holds only.
      if (refused?.rule === 'held' && refused.holds.some((h) => h.kind !== 'head')) throw new PurgeRefused(caseId, 'held', refused.holds);
      // The date every rule below is computed from: checked before them, and never lifted by an override.
      const past = await readDeletionLog(db, keys);
      const newest = await newestKnown(db, loaded, record, past, req.cal);
      const clock = clockRefusal(req.now, req.confirmedDate, newest, req.cal);
      if (clock) throw new PurgeRefused(caseId, clock, [], newest.day ?? undefined);
      if (refused && !override) throw new PurgeRefused(caseId, refused.rule, refused.holds);
      const entry: DeletionEntry = {
        tag: await caseTag(keys, caseId),
        on: localDate(req.now, req.cal),
        kind: retention.kind,
        ...(retention.kind !== 'open' ? { basis: retention.basis } : {}),
        decidedBy,
        ...(refused && override ? { override: { rule: refused.rule, reason: override } } : {}),
        printedCopies: 'unknown',
        ...(record.printed?.length ? { printed: record.printed.map((c) => ({ kind: c.kind, on: c.on })) } : {}),
      };
      const log = [...past, entry];
      const logRev = (ledger.settings[DELETION_LOG_KEY] ?? 0) + 1;
      const recordKey = retentionRecordKey(caseId);
      // The lock draft of the case page would keep what was typed about the case: it goes with it.
      const dropDraft = await lockDraftGoes(keys, await db.settings.get(LOCK_DRAFT_KEY), ledger, [caseId]);
      const next = nextLedger(ledger, (l) => {
        // No anchor and no rows: home does not list it as missing, loadCase says it does not exist.
        delete l.cases[caseId];
        delete l.settings[recordKey];
        if (dropDraft) delete l.settings[LOCK_DRAFT_KEY];
        l.settings[DELETION_LOG_KEY] = logRev;
      });
      const logRow: SettingRow = { key: DELETION_LOG_KEY, rev: logRev, sealed: await seal(keys.data, settingAad(DELETION_LOG_KEY, logRev), log) };
      const ledgerRow = await sealLedger(keys, next);
      const events = loaded.events.length;
      const done = await db.transaction('rw', [db.cases, db.events, db.snapshots, db.settings], async () => {
        if (!(await ledgerUnchanged(db, ledger.rev)) || (await caseEvents(db, caseId).count()) !== events) return false;
        await db.events.where('caseId').equals(caseId).delete();
        await db.snapshots.delete(caseId);
        await db.cases.delete(caseId);
        await db.settings.delete(recordKey);
        if (dropDraft) await db.settings.delete(LOCK_DRAFT_KEY);
        await db.settings.put(logRow);
        await db.settings.put(ledgerRow);
        return true;
      });
      if (done) return entry;
    }
    throw new StorageError('busy', `case ${caseId} kept changing while purging`);
  });
}
