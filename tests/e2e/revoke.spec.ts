import { expect, test } from './fixtures';
import { PASSPHRASE, unlock } from './vault-steps';

/**
 * Changing the passphrase and revoking the old one, and issuing a new recovery code, as a head of school does
 * it in Settings: the new code is shown once, the old passphrase and the old code stop working, the cases stay.
 */
const NEXT = 'lantern pebble orchard violin';

test('revoking the old passphrase re-encrypts the cases, shows a new recovery code, and the old passphrase and code stop working', async ({ page }) => {
  await page.goto('/#/report');
  await page.locator('.lang select').selectOption('en');
  const oldCode = (await unlock(page)) ?? '';
  await page.getByLabel('Recorded by (your name)').fill('Ms Idrissi');
  await page.getByLabel('How did you learn of it?').selectOption('oral');
  await page.getByLabel('Who reported it?').selectOption('target');
  await page.getByLabel('Pseudonym').fill('Pupil R');
  await page.getByLabel('What happened, in the child’s own words').fill('Messages every night.');
  await page.getByRole('button', { name: 'Save and go to triage' }).click();
  await expect(page.getByTestId('current-step')).toHaveText('Triage');
  const caseUrl = page.url();

  await page.goto('/#/settings');
  await page.getByLabel('Current passphrase').fill(PASSPHRASE);
  await page.getByLabel('New passphrase (12 characters or more)').fill(NEXT);
  await page.getByLabel('The same passphrase again').fill(NEXT);
  await page.getByLabel('Also revoke the old passphrase').check();
  await page.getByRole('button', { name: 'Change the passphrase' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'the old one revoked' })).toBeVisible();
  const newCode = (await page.getByTestId('recovery-code').textContent()) ?? '';
  expect(newCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{2,4}){6}$/);
  expect(newCode).not.toBe(oldCode);

  await page.locator('nav button.lock').click();
  await page.locator('#vault-passphrase').fill(PASSPHRASE);
  await page.locator('form.vault button[type="submit"]').click();
  await expect(page.getByText('Wrong passphrase.').first()).toBeVisible();
  await page.getByRole('button', { name: 'Passphrase forgotten? Use the recovery code' }).click();
  await page.getByLabel('Recovery code').fill(oldCode);
  await page.locator('#vault-new').fill('quartz meadow lantern sixteen');
  await page.locator('form.vault button[type="submit"]').click();
  await expect(page.getByText('Wrong recovery code.').first()).toBeVisible();
  await page.getByRole('button', { name: 'Use the passphrase' }).click();
  await unlock(page, NEXT);
  await page.goto(caseUrl);
  await expect(page.getByRole('heading', { name: /Pupil R/ })).toBeVisible();
});

test('a new recovery code is shown once and replaces the old one', async ({ page }) => {
  await page.goto('/#/settings');
  await page.locator('.lang select').selectOption('en');
  const oldCode = (await unlock(page)) ?? '';
  await page.getByLabel('Your passphrase, as a check').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Issue a new recovery code' }).click();
  const shown = page.getByRole('status').filter({ hasText: 'shown only once' });
  await expect(shown).toBeVisible();
  const newCode = (await shown.getByTestId('recovery-code').textContent()) ?? '';
  expect(newCode).not.toBe(oldCode);
  await page.locator('nav button.lock').click();
  await page.getByRole('button', { name: 'Passphrase forgotten? Use the recovery code' }).click();
  await page.getByLabel('Recovery code').fill(oldCode);
  await page.locator('#vault-new').fill(NEXT);
  await page.locator('form.vault button[type="submit"]').click();
  await expect(page.getByText('Wrong recovery code.').first()).toBeVisible();
  await page.getByLabel('Recovery code').fill(newCode);
  await page.locator('form.vault button[type="submit"]').click();
  await expect(page.locator('.vault')).toHaveCount(0);
});
