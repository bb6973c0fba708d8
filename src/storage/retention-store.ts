import type { SchoolCalendar } from '../../protocol/calendar';
import { DEFAULT_RETENTION, LEGAL_HOLD_CHANNELS, checkPolicy, earliestDueFrom, retentionOf } from '../../protocol/retention';
import type { HeadHold, Retention, RetentionPolicy } from '../../protocol/retention';
import { retentionFactsOf } from '../../machines/retention-facts';
import type { PrintedCopy, RetentionRecord } from '../../machines/retention-facts';
import { loadCase } from './case-repository';
import type { LoadedCase } from './case-repository';
import type { VaultKeys } from './crypto';
import { listCases } from './db';
import type { CaseRow, SanadDb } from './db';
import { StorageError } from './errors';
import { RETENTION_POLICY_KEY } from './setting-keys';
import { ledgerUnchanged, nextLedger, oneWriterAtATime, openLedger, readLedgerRow, sealLedger } from './ledger';
import type { CaseAnchor } from './ledger';
import { seal, settingAad } from './crypto';
import type { SettingRow } from './db';
import { readAnchoredSetting, writeSetting } from './settings';

/**
 * Retention state, sealed in the vault as settings (docs/decisions/0021-retention.md): the school's policy, and
 * per case what the head records beside the protocol (holds, the target's leaving day). Settings rather than a
 * new table: they are sealed, revisioned and anchored in the ledger already, and no schema version is needed.
 */
export { RETENTION_POLICY_KEY };
/** The per-case record's setting name: the case id only (a random id, never a name). */
export const retentionRecordKey = (caseId: string) => `retention:case:${caseId}`;

const EMPTY_RECORD: RetentionRecord = { headHolds: [] };

/**
 * The school's policy, or the default when none was saved. A saved policy that no longer passes the checks
 * (bounds changed by a later version) is not silently replaced by the defaults, which could purge sooner than
 * the school decided: it fails, and nothing is listed for purging until the head saves it again.
 */
export async function readRetentionPolicy(db: SanadDb, keys: VaultKeys): Promise<RetentionPolicy> {
  // Strict: a policy row deleted, rolled back or not opening is an alteration, never the defaults.
  const stored = await readAnchoredSetting<Partial<RetentionPolicy>>(db, keys, RETENTION_POLICY_KEY);
  if (stored === undefined) return DEFAULT_RETENTION;
  const policy = { ...DEFAULT_RETENTION, ...stored };
  const problems = checkPolicy(policy);
  if (problems.length > 0) throw new StorageError('damaged', 'the saved retention policy no longer passes its checks', problems);
  return policy;
}

/** Saves the policy if it passes `checkPolicy`; otherwise refuses with the problems (the fields named). */
export async function writeRetentionPolicy(db: SanadDb, keys: VaultKeys, policy: RetentionPolicy): Promise<void> {
  const problems = checkPolicy(policy);
  if (problems.length > 0) throw new StorageError('notAllowed', 'the retention policy is out of bounds', problems);
  await writeSetting(db, keys, RETENTION_POLICY_KEY, policy);
}

/**
 * A case's record, or the empty one when none was ever written. Strict: a record the ledger anchors whose row is
 * missing, another revision or does not open throws StorageError('altered') (its holds cannot be read).
 */
export async function readRetentionRecord(db: SanadDb, keys: VaultKeys, caseId: string): Promise<RetentionRecord> {
  return (await readAnchoredSetting<RetentionRecord>(db, keys, retentionRecordKey(caseId))) ?? EMPTY_RECORD;
}

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isInstant = (at: string) => !Number.isNaN(Date.parse(at));

const PRINTED_KINDS: readonly PrintedCopy['kind'][] = ['case', 'referral', 'parents'];

function checkRecord(record: RetentionRecord): void {
  const bad = (why: string) => new StorageError('notAllowed', `retention record: ${why}`);
  if (record.targetLeavesOn !== undefined && !LOCAL_DATE.test(record.targetLeavesOn)) throw bad('the leaving day is not a date');
  for (const c of record.printed ?? []) {
    if (!PRINTED_KINDS.includes(c.kind) || !LOCAL_DATE.test(c.on) || typeof c.lang !== 'string' || typeof c.redacted !== 'boolean') throw bad('a printed copy is not one');
  }
  for (const h of record.headHolds) {
    if (!h.reason.trim() || !h.by.trim()) throw bad('a hold needs a reason and who placed it');
    if (!isInstant(h.at) || (h.liftedAt !== undefined && !isInstant(h.liftedAt))) throw bad('a hold time is not a time');
    if (h.liftedBy !== undefined && !h.liftedBy.trim()) throw bad('a lifted hold names who lifted it');
  }
}

const ATTEMPTS = 5;

/**
 * Changes a case's record: `change` gets the record as it stands and returns the new one, inside the writers'
 * lock and each attempt, and the write happens only if the ledger (which anchors every setting's revision) is the
 * one the record was read under. Two changes at once (a print noted while the head places a hold, in two tabs)
 * therefore both land: neither writes back a stale copy over the other. The case must exist (a record for a case
 * purged meanwhile would outlive nothing to protect).
 */
export function updateRetentionRecord(db: SanadDb, keys: VaultKeys, caseId: string, change: (record: RetentionRecord) => RetentionRecord): Promise<void> {
  const key = retentionRecordKey(caseId);
  return oneWriterAtATime(async () => {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const ledger = await openLedger(keys, await readLedgerRow(db));
      if (!ledger?.cases[caseId]) throw new StorageError('caseNotFound', `case ${caseId} not found`);
      const record = change(await readRetentionRecord(db, keys, caseId));
      checkRecord(record);
      const value: RetentionRecord = {
        headHolds: [...record.headHolds],
        ...(record.targetLeavesOn !== undefined ? { targetLeavesOn: record.targetLeavesOn } : {}),
        ...(record.printed?.length ? { printed: record.printed.map((c) => ({ kind: c.kind, on: c.on, lang: c.lang, redacted: c.redacted })) } : {}),
      };
      const rev = (ledger.settings[key] ?? 0) + 1;
      const next = nextLedger(ledger, (l) => {
        l.settings[key] = rev;
      });
      const row: SettingRow = { key, rev, sealed: await seal(keys.data, settingAad(key, rev), value) };
      const ledgerRow = await sealLedger(keys, next);
      const written = await db.transaction('rw', db.settings, async () => {
        // The ledger unchanged since the record was read under it: no other change of the record, and no purge
        // (which removes the anchor), came between.
        if (!(await ledgerUnchanged(db, ledger.rev))) return false;
        await db.settings.put(row);
        await db.settings.put(ledgerRow);
        return true;
      });
      if (written) return;
    }
    throw new StorageError('busy', `case ${caseId}: the vault kept changing while saving its retention record`);
  });
}

/** The head places a hold, with the reason: the case is not purged while it stands. */
export function placeHeadHold(db: SanadDb, keys: VaultKeys, caseId: string, hold: Omit<HeadHold, 'liftedAt'>): Promise<void> {
  return updateRetentionRecord(db, keys, caseId, (record) => ({ ...record, headHolds: [...record.headHolds, { at: hold.at, by: hold.by, reason: hold.reason }] }));
}

/**
 * The head lifts a hold (the `index`-th of the record; holds are only ever appended, so an index names one hold
 * for good): it stays in the record, marked lifted, with who lifted it.
 */
export function liftHeadHold(db: SanadDb, keys: VaultKeys, caseId: string, index: number, lift: { at: string; by: string }): Promise<void> {
  return updateRetentionRecord(db, keys, caseId, (record) => {
    const hold = record.headHolds[index];
    if (!hold || hold.liftedAt !== undefined) throw new StorageError('notAllowed', `case ${caseId}: no standing hold ${index}`);
    return { ...record, headHolds: record.headHolds.map((h, i) => (i === index ? { ...h, liftedAt: lift.at, liftedBy: lift.by } : h)) };
  });
}

export function setTargetLeavesOn(db: SanadDb, keys: VaultKeys, caseId: string, date: string | undefined): Promise<void> {
  return updateRetentionRecord(db, keys, caseId, ({ targetLeavesOn: _old, ...record }) => (date === undefined ? record : { ...record, targetLeavesOn: date }));
}

/**
 * Notes in the case's print log that a document was made as a PDF (once per kind, day, language and redaction):
 * a purge lists them so the school destroys the paper too. The PDF is not withheld if this fails (the caller
 * says so): printing a referral in an emergency must never wait on a log.
 */
export function recordPrinted(db: SanadDb, keys: VaultKeys, caseId: string, copy: PrintedCopy): Promise<void> {
  const same = (c: PrintedCopy) => c.kind === copy.kind && c.on === copy.on && c.lang === copy.lang && c.redacted === copy.redacted;
  return updateRetentionRecord(db, keys, caseId, (record) => (record.printed?.some(same) ? record : { ...record, printed: [...(record.printed ?? []), copy] }));
}

/**
 * Where one loaded case stands under the policy at `now`. Its last event is the latest by time: in a case merged
 * from several devices, an event placed last may carry an earlier time, and must not make the case look quieter.
 */
export function retentionOfLoaded(loaded: LoadedCase, record: RetentionRecord, policy: RetentionPolicy, cal: SchoolCalendar, now: string): Retention {
  const lastEventAt = loaded.events.reduce((latest, e) => (latest === '' || Date.parse(e.at) > Date.parse(latest) ? e.at : latest), '');
  const facts = retentionFactsOf(loaded.snapshot.context, lastEventAt, record);
  // A referral to a legal-hold channel that the protocol refused where it stands (an event merged from another
  // device after the closure: a departure, kept for the team to settle) still holds the case: the authority may
  // be acting on it, and the team has not settled it yet.
  const departed = loaded.departures.flatMap((d) => {
    const e = loaded.events[d.index]?.event;
    return e?.type === 'referral.make' && LEGAL_HOLD_CHANNELS.includes(e.channel) && !facts.openLegalReferrals.includes(e.channel) ? [e.channel] : [];
  });
  return retentionOf(departed.length > 0 ? { ...facts, openLegalReferrals: [...facts.openLegalReferrals, ...new Set(departed)] } : facts, policy, cal, now);
}

export interface DueCase {
  caseId: string;
  /** review: an open case quiet for too long (never purged); purge: a closed case past its period, with no hold. */
  due: 'review' | 'purge';
  /** The reason, as the rules give it (the basis and date of a purge, the review date of an open case). */
  retention: Retention;
}

export interface DueList {
  due: DueCase[];
  /** Cases whose record does not open or is altered: their holds cannot be read, so they are never listed for purging. */
  unreadable: string[];
}

const validInstant = (at: string) => at !== '' && !Number.isNaN(Date.parse(at));

/**
 * Whether a case can be due at `now` by its index row: its opening and latest event times bound the earliest
 * instant the rules could make it due (`earliestDueFrom`). The row is in clear; a row whose step or count its
 * sealed anchor does not vouch for, or without valid times, is always opened. An index row altered to a later
 * time only delays a case's listing: it is never purged on the row's word (the purge replays the whole record).
 */
function mayBeDue(row: CaseRow, anchor: CaseAnchor | undefined, policy: RetentionPolicy, cal: SchoolCalendar, now: string): boolean {
  if (!anchor || anchor.s !== row.step || anchor.n !== row.eventCount || !validInstant(row.openedAt) || !validInstant(row.updatedAt)) return true;
  return Date.parse(now) >= Date.parse(earliestDueFrom({ closed: row.step === 'closed', openedAt: row.openedAt, lastEventAt: row.updatedAt }, policy, cal));
}

/**
 * What is due in the vault at `now` (review or purge), read from the replayed record and the retention record of
 * each case that can be due by its index row (`mayBeDue`): home opens this on every visit, and most cases are
 * neither quiet for long nor closed a school year ago, so they are not decrypted and replayed.
 */
export async function listDue(db: SanadDb, keys: VaultKeys, now: string, cal: SchoolCalendar, policy?: RetentionPolicy): Promise<DueList> {
  // The policy the caller already read (home shows its review period too), or read here.
  policy ??= await readRetentionPolicy(db, keys);
  // A ledger that does not open vouches for no row: every case is opened (and one that does not open is listed).
  const ledger = await openLedger(keys, await readLedgerRow(db)).catch(() => null);
  const list: DueList = { due: [], unreadable: [] };
  for (const row of await listCases(db)) {
    if (!mayBeDue(row, ledger?.cases[row.id], policy, cal, now)) continue;
    let loaded: LoadedCase;
    let record: RetentionRecord;
    try {
      [loaded, record] = await Promise.all([loadCase(db, keys, row.id), readRetentionRecord(db, keys, row.id)]);
    } catch {
      list.unreadable.push(row.id);
      continue;
    }
    const retention = retentionOfLoaded(loaded, record, policy, cal, now);
    if (retention.kind === 'open' && retention.reviewDue) list.due.push({ caseId: row.id, due: 'review', retention });
    if (retention.kind === 'purgeDue') list.due.push({ caseId: row.id, due: 'purge', retention });
  }
  list.due.sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
  list.unreadable.sort();
  return list;
}
