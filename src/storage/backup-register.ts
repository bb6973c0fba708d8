import { localDate } from '../../protocol/calendar';
import type { SchoolCalendar } from '../../protocol/calendar';
import { backupToDestroy } from '../../protocol/retention';
import type { BackupRecord, RetentionPolicy } from '../../protocol/retention';

/**
 * The register of backup files (docs/decisions/0021-retention.md, "Backup register"): every file this device
 * made, whether it was checked, and whether the team said it destroyed it. The app cannot delete a file on a USB
 * key; it can only remember the file and say when it must go. Pure: the backup worker writes it (a setting
 * written from the page's thread would reseal the whole ledger there), the pages read it.
 */
export const BACKUP_REGISTER_KEY = 'backup.register';

/**
 * At most this many files are remembered. The register is one sealed setting rewritten whole at every backup and
 * listed whole on the Backup page, so it must not grow for ever. 60 is more than a school year of weekly backups
 * (the reminder asks for one every 7 days); files due are destroyed within the backup period (90 days by
 * default), so a team that follows the reminders has a dozen files alive at a time. Over the cap, files marked
 * destroyed go first, oldest first (their record is only history); a file not yet destroyed is dropped only when
 * every remembered file is one, oldest first (the newest files are those the school relies on).
 */
export const REGISTER_MAX = 60;

export interface RegisteredBackup {
  /** The name the file was offered under (the team may have renamed it since). */
  name: string;
  /** The manifest's creation time: the file's identity, which a check reads back from the file itself. */
  createdAt: string;
  cases: number;
  events: number;
  /**
   * Cases the backup could not vouch for and left out (their record disagreed with the ledger): such a file is not
   * a whole copy, so it never makes an older file due for destruction.
   */
  skipped?: number;
  /** When the file was read back and checked with this device's keys ("Backup OK"). */
  verifiedAt?: string;
  /** When a team member said the file was destroyed, and who, as typed. */
  destroyed?: { at: string; by: string };
}

export interface MadeBackup {
  name: string;
  createdAt: string;
  cases: number;
  events: number;
  skipped?: number;
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isInstant = (v: unknown): v is string => isText(v) && Number.isFinite(Date.parse(v));

/**
 * The register as stored, its entries shape-checked one by one: an entry that is not one (a later version's, a
 * damaged one) is left out rather than making the whole register unreadable. Oldest first.
 */
export function asRegister(value: unknown): RegisteredBackup[] {
  if (!Array.isArray(value)) return [];
  const entries: RegisteredBackup[] = [];
  for (const v of value as unknown[]) {
    if (typeof v !== 'object' || v === null) continue;
    const e = v as Record<string, unknown>;
    if (!isText(e.name) || !isInstant(e.createdAt) || !isCount(e.cases) || !isCount(e.events)) continue;
    const d = e.destroyed as Record<string, unknown> | undefined;
    entries.push({
      name: e.name,
      createdAt: e.createdAt,
      cases: e.cases,
      events: e.events,
      ...(isCount(e.skipped) && e.skipped > 0 ? { skipped: e.skipped } : {}),
      ...(isInstant(e.verifiedAt) ? { verifiedAt: e.verifiedAt } : {}),
      ...(d && isInstant(d.at) && isText(d.by) ? { destroyed: { at: d.at, by: d.by } } : {}),
    });
  }
  return sortOldestFirst(entries);
}

const time = (iso: string) => Date.parse(iso);
const sortOldestFirst = (list: RegisteredBackup[]) => list.sort((a, b) => time(a.createdAt) - time(b.createdAt));
const sameFile = (createdAt: string) => (e: RegisteredBackup) => time(e.createdAt) === time(createdAt);

/** The register held to `REGISTER_MAX` entries (see there for which go). */
export function capped(register: readonly RegisteredBackup[]): RegisteredBackup[] {
  const list = sortOldestFirst([...register]);
  const excess = list.length - REGISTER_MAX;
  if (excess <= 0) return list;
  const destroyed = list.filter((e) => e.destroyed);
  const alive = list.filter((e) => !e.destroyed);
  const drop = new Set([...destroyed, ...alive].slice(0, excess));
  return list.filter((e) => !drop.has(e));
}

/** A file just made: remembered, not checked yet. Made again with the same identity, its counts are replaced. */
export function withMade(register: readonly RegisteredBackup[], made: MadeBackup): RegisteredBackup[] {
  const entry: RegisteredBackup = { name: made.name, createdAt: made.createdAt, cases: made.cases, events: made.events, ...(made.skipped ? { skipped: made.skipped } : {}) };
  return capped([...register.filter((e) => !sameFile(made.createdAt)(e)), entry]);
}

/**
 * The file read back and checked: marked verified. A file the register does not hold (made by a version before
 * the register, or its entry dropped) is added, since it exists and was just proved.
 */
export function withVerified(register: readonly RegisteredBackup[], file: MadeBackup, verifiedAt: string): RegisteredBackup[] {
  const found = register.find(sameFile(file.createdAt));
  if (!found) return capped([...register, { ...file, verifiedAt }]);
  return capped(register.map((e) => (e === found ? { ...e, verifiedAt } : e)));
}

/**
 * A team member said the file was destroyed. A file already marked keeps its first record (two tabs, two clicks);
 * one the register does not hold is refused, so a destruction is never recorded for the wrong file.
 */
export function withDestroyed(register: readonly RegisteredBackup[], createdAt: string, at: string, by: string): RegisteredBackup[] {
  const who = by.trim();
  if (!who) throw new Error('a destruction needs who did it');
  const found = register.find(sameFile(createdAt));
  if (!found) throw new Error(`no backup file made at ${createdAt} in the register`);
  if (found.destroyed) return [...register];
  return register.map((e) => (e === found ? { ...e, destroyed: { at, by: who } } : e));
}

/**
 * How many purges the deletion log records since the file was made, from the purges' local dates (the log keeps a
 * day, not a time). A purge on the same local day as the file counts: it may have come after the file was made,
 * and a file wrongly kept would bring a purged case back, while one destroyed early costs a new backup.
 */
export function purgesSince(createdAt: string, purgeDays: readonly string[], cal: SchoolCalendar): number {
  const madeOn = localDate(createdAt, cal);
  return purgeDays.filter((day) => day >= madeOn).length;
}

export type BackupStatus =
  | { kind: 'destroyed'; at: string; by: string }
  /** To destroy now: a newer checked backup exists, and it may hold cases purged since it was made. */
  | { kind: 'destroyPurged'; purges: number }
  /** To destroy now: older than the backup period, and a newer checked backup exists. */
  | { kind: 'destroyOld'; days: number }
  /** Kept: it may hold cases purged since, but no newer checked backup exists yet to replace it. */
  | { kind: 'keepPurged'; purges: number }
  /** Kept: the newest checked backup, the one a restore would use. */
  | { kind: 'keepNewest' }
  /** Kept: not checked, and no newer backup was checked. */
  | { kind: 'keepUnchecked' }
  /** Kept until `from`, when it is older than the backup period (a newer checked backup exists already). */
  | { kind: 'keepUntil'; from: string };

export const isDue = (s: BackupStatus) => s.kind === 'destroyPurged' || s.kind === 'destroyOld';

export interface RegisterLine {
  file: RegisteredBackup;
  status: BackupStatus;
}

const DAY_MS = 86_400_000;

/**
 * Where each file of the register stands at `now`, newest first, under the rule of `backupToDestroy`. Only files
 * not marked destroyed count as "a newer checked backup": a destroyed file no longer exists to restore from, so
 * the school is never told to destroy its last checked copy.
 */
export function registerLines(register: readonly RegisteredBackup[], purgeDays: readonly string[], policy: RetentionPolicy, cal: SchoolCalendar, now: string): RegisterLine[] {
  const alive = register.filter((e) => !e.destroyed);
  // A whole checked copy: checked, and no case left out (a file missing a case cannot replace one that holds it).
  const whole = (e: RegisteredBackup) => e.verifiedAt !== undefined && !e.skipped;
  const records: BackupRecord[] = alive.map((e) => ({ madeAt: e.createdAt, verified: whole(e) }));
  const newerChecked = (e: RegisteredBackup) => alive.some((b) => whole(b) && time(b.createdAt) > time(e.createdAt));
  const statusOf = (e: RegisteredBackup): BackupStatus => {
    if (e.destroyed) return { kind: 'destroyed', ...e.destroyed };
    const purges = purgesSince(e.createdAt, purgeDays, cal);
    if (backupToDestroy({ madeAt: e.createdAt, verified: e.verifiedAt !== undefined }, records, purges, policy, now)) {
      return purges > 0 ? { kind: 'destroyPurged', purges } : { kind: 'destroyOld', days: policy.backupDays };
    }
    if (!newerChecked(e)) {
      if (purges > 0) return { kind: 'keepPurged', purges };
      return whole(e) ? { kind: 'keepNewest' } : { kind: 'keepUnchecked' };
    }
    return { kind: 'keepUntil', from: new Date(time(e.createdAt) + policy.backupDays * DAY_MS).toISOString() };
  };
  return [...register].sort((a, b) => time(b.createdAt) - time(a.createdAt)).map((file) => ({ file, status: statusOf(file) }));
}
