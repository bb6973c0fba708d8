import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import { PASSPHRASE, SCHOOL_NAME, openUnlocked } from './vault-steps';

/**
 * The idle lock runs whenever this tab holds the keys, whatever the page: a shared PC left on the protocol,
 * the training library, the sandbox, settings or the recovery code screen locks after the delay (5 minutes by
 * default) like one left on a case. Playwright's clock moves half a minute at a time, as an idle tab's would.
 */
async function idleUntilLocked(page: Page) {
  const lockButton = page.locator('nav button.lock');
  await expect(lockButton).toHaveCount(1);
  for (let i = 0; i < 14 && (await lockButton.count()); i++) {
    await page.clock.fastForward('00:30');
    // Time for the lock's reload to happen before the next jump is measured.
    await page.waitForLoadState('load');
  }
  await expect(lockButton).toHaveCount(0);
}

for (const hash of ['#/protocol', '#/training', '#/training/threats-of-violence', '#/sandbox', '#/settings']) {
  test(`left idle on ${hash}, the tab locks`, async ({ page }) => {
    await openUnlocked(page, '/');
    await page.goto(`/${hash}`);
    await idleUntilLocked(page);
    // Still on the page it was left on, and the cases ask for the passphrase again.
    await expect(page).toHaveURL(new RegExp(`${hash.replace(/[/#]/g, '\\$&')}$`));
    await page.goto('/#/');
    await expect(page.locator('#vault-passphrase')).toBeVisible();
  });
}

test('left idle on the recovery code screen, the tab locks and the code is gone from the page', async ({ page }) => {
  await page.goto('/');
  await page.locator('#vault-passphrase').fill(PASSPHRASE);
  await page.locator('#vault-confirm').fill(PASSPHRASE);
  await page.locator('#vault-school').fill(SCHOOL_NAME);
  await page.locator('form.vault button[type="submit"]').click();
  const code = (await page.getByTestId('recovery-code').textContent()) ?? '';
  expect(code.length).toBeGreaterThan(20);
  await idleUntilLocked(page);
  await expect(page.locator('#vault-passphrase')).toBeVisible();
  await expect(page.locator('#vault-confirm')).toHaveCount(0);
  expect(await page.evaluate((c) => document.documentElement.outerHTML.includes(c), code)).toBe(false);
});
