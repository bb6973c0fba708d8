import { expect, test } from './fixtures';
import { openUnlocked, unlock } from './vault-steps';

const RATIONALE = 'CANARY-lock-7d1 Mocking under every photo, for two weeks; the target';

test('the idle lock warns a minute before, "stay" keeps it open, and what was typed is sealed at the lock and put back after unlocking', async ({ page }) => {
  await openUnlocked(page, '/#/report');
  await page.locator('.lang select').selectOption('en');
  await page.getByLabel('Recorded by (your name)').fill('Ms Idrissi');
  await page.getByLabel('How did you learn of it?').selectOption('oral');
  await page.getByLabel('Who reported it?').selectOption('target');
  await page.getByLabel('Pseudonym').fill('Pupil L');
  await page.getByLabel('What happened, in the child’s own words').fill('Mocking comments.');
  await page.getByRole('button', { name: 'Save and go to triage' }).click();
  await expect(page.getByTestId('current-step')).toHaveText('Triage');
  await page.getByLabel('Why this level?').fill(RATIONALE);

  // 4:00 without activity: the warning, announced, with the focus on "Stay unlocked".
  await page.clock.fastForward('04:01');
  const warning = page.getByRole('alertdialog');
  await expect(warning).toContainText(/Sanad locks in \d+ s/);
  await expect(warning.getByRole('button', { name: 'Stay unlocked' })).toBeFocused();
  await warning.getByRole('button', { name: 'Stay unlocked' }).click();
  await expect(warning).toHaveCount(0);
  // The delay starts again: 4:30 later it is still open (warning shown again, not locked).
  await page.clock.fastForward('04:30');
  await expect(page.getByTestId('current-step')).toHaveText('Triage');
  await expect(page.getByRole('alertdialog')).toBeVisible();

  // Then it locks: nothing of the case is left on the page.
  const reloaded = page.waitForEvent('load');
  await page.clock.fastForward('01:01');
  await reloaded;
  await expect(page.locator('#vault-passphrase')).toBeVisible();
  expect(await page.evaluate((c) => document.documentElement.outerHTML.includes(c), 'CANARY-lock-7d1')).toBe(false);

  await unlock(page);
  await expect(page.getByText(/What you were typing when Sanad locked/)).toBeVisible();
  await page.getByRole('button', { name: 'Put it back' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Put back: \d+ fields?\.$/ })).toBeVisible();
  await expect(page.getByLabel('Why this level?')).toHaveValue(RATIONALE);
  // Offered once: after putting it back, the next unlock offers nothing.
  await page.reload();
  await unlock(page);
  await expect(page.getByTestId('current-step')).toHaveText('Triage');
  await expect(page.getByText(/What you were typing when Sanad locked/)).toHaveCount(0);
});
