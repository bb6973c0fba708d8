/**
 * After a restore the page reloads (its database connection belongs to the replaced database); the lock screen
 * then says the restore happened and which passphrase opens it. Only a flag crosses the reload, in this tab.
 */
const KEY = 'sanad:restored';

export function noteRestored(): void {
  try {
    sessionStorage.setItem(KEY, '1');
  } catch {
    // Without sessionStorage the lock screen simply does not say it.
  }
}

export function takeRestoredNote(): boolean {
  try {
    const was = sessionStorage.getItem(KEY) === '1';
    sessionStorage.removeItem(KEY);
    return was;
  } catch {
    return false;
  }
}
