/** When to remind the team to back up (issue: after 7 days, or after 20 changed cases). */
export const LAST_BACKUP_KEY = 'backup.last';
export const REMIND_AFTER_DAYS = 7;
export const REMIND_AFTER_CASES = 20;

export interface LastBackup {
  verifiedAt: string;
  createdAt: string;
  cases: number;
  events: number;
}

export function needsBackup(last: LastBackup | null, caseCount: number, changedSince: number, now: string): boolean {
  if (caseCount === 0) return false;
  if (!last) return true;
  return Date.parse(now) - Date.parse(last.verifiedAt) > REMIND_AFTER_DAYS * 86_400_000 || changedSince >= REMIND_AFTER_CASES;
}
