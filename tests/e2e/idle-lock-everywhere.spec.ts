import { expect, test } from './fixtures';
import { PASSPHRASE, SCHOOL_NAME, idleUntilLocked, openUnlocked } from './vault-steps';

/**
 * The idle lock runs whenever this tab holds the keys, whatever the page: a shared PC left on the protocol,
 * the training library, the sandbox, settings or the recovery code screen locks after the delay (5 minutes by
 * default) like one left on a case. Playwright's clock moves half a minute at a time, as an idle tab's would.
 */
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

test('changing the delay while working does not lock: the activity before the change still counts', async ({ page }) => {
  await openUnlocked(page, '/#/settings');
  await page.locator('.lang select').selectOption('en');
  // Seven minutes of work (a key every half minute), past the default five.
  for (let i = 0; i < 14; i++) {
    await page.clock.fastForward('00:30');
    await page.keyboard.press('Shift');
  }
  await expect(page.locator('nav button.lock')).toHaveCount(1);
  await page.getByLabel('Lock after inactivity (minutes)').selectOption('6');
  await page.clock.fastForward('00:05');
  await expect(page.locator('nav button.lock')).toHaveCount(1);
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
});
