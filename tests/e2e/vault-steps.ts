import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';

/**
 * Every page load starts locked: these helpers create the vault (first visit of a fresh browser profile)
 * or unlock it, by structure, so they work in every language.
 */
export const PASSPHRASE = 'our resource team 2026';
/** The school's name, asked with the passphrase when the vault is created (printed on case files and letters). */
export const SCHOOL_NAME = 'Collège Al Amal, Salé';

export async function unlock(page: Page, passphrase = PASSPHRASE, school = SCHOOL_NAME): Promise<string | null> {
  const field = page.locator('#vault-passphrase');
  await field.waitFor();
  let recoveryCode: string | null = null;
  if (await page.locator('#vault-confirm').count()) {
    await field.fill(passphrase);
    await page.locator('#vault-confirm').fill(passphrase);
    await page.locator('#vault-school').fill(school);
    await page.locator('form.vault button[type="submit"]').click();
    recoveryCode = await page.getByTestId('recovery-code').textContent();
    await page.locator('#vault-saved').check();
    await page.locator('#vault-continue').click();
  } else {
    await field.fill(passphrase);
    await page.locator('form.vault button[type="submit"]').click();
  }
  await expect(page.locator('.vault')).toHaveCount(0);
  return recoveryCode;
}

/** Opens a page of the app, unlocked. */
export async function openUnlocked(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await unlock(page);
}

export async function reloadUnlocked(page: Page): Promise<void> {
  await page.reload();
  await unlock(page);
}

/** Leaves the tab idle until the idle lock fires: the lock button goes (the page reloads, locked). */
export async function idleUntilLocked(page: Page): Promise<void> {
  const lockButton = page.locator('nav button.lock');
  await expect(lockButton).toHaveCount(1);
  // Up to 12 minutes: the 5 of the delay, counted from the page's own last focus move (after a page move the
  // app focuses the new heading, which counts as activity, on timers this clock also runs by jumps).
  for (let i = 0; i < 24 && (await lockButton.count()); i++) {
    await page.clock.fastForward('00:30');
    // Time for the lock's reload to happen before the next jump is measured.
    await page.waitForLoadState('load');
  }
  await expect(lockButton).toHaveCount(0);
}
