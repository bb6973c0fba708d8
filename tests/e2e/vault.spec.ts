import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import { PASSPHRASE, SCHOOL_NAME, openUnlocked, unlock } from './vault-steps';
import { expectRefused } from './form-problems';

/** The vault as a teacher meets it: creation, the recovery code, locking, unlocking, forgetting. */
const CANARY = 'CANARY-7f3a-narrative';

async function reportCanaryCase(page: Page) {
  await page.locator('.lang select').selectOption('en');
  await page.getByRole('link', { name: 'Report an incident' }).first().click();
  await page.getByLabel('Recorded by (your name)').fill('Ms Idrissi');
  await page.getByLabel('How did you learn of it?').selectOption('oral');
  await page.getByLabel('Who reported it?').selectOption('target');
  await page.getByLabel('Pseudonym').fill('Pupil C');
  await page.getByLabel('What happened, in the child’s own words').fill(`${CANARY}: messages every night.`);
  await page.getByRole('button', { name: 'Save and go to triage' }).click();
  // The case page, once the case is saved: the form itself holds the canary too.
  await expect(page).toHaveURL(/#\/case\//);
  await expect(page.getByRole('heading', { name: 'Pupil C' })).toBeVisible();
  await expect(page.getByText(CANARY).first()).toBeAttached();
}

const domHas = (page: Page, text: string) => page.evaluate((t) => document.documentElement.outerHTML.includes(t), text);

test('create, lock, a wrong passphrase, then the recovery code sets a new passphrase', async ({ page }) => {
  await page.goto('/');
  await page.locator('.lang select').selectOption('en');
  const create = page.getByRole('button', { name: 'Create the vault' });
  await page.getByLabel('Passphrase (12 characters or more)').fill('too short');
  await page.getByLabel('The same passphrase again').fill('too short');
  await create.click();
  await expectRefused(page, 'The passphrase needs at least 12 characters.');
  await expect(page.getByLabel('Passphrase (12 characters or more)')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Passphrase (12 characters or more)').fill(PASSPHRASE);
  await page.getByLabel('The same passphrase again').fill(`${PASSPHRASE}?`);
  await create.click();
  await expectRefused(page, 'The two passphrases differ.');
  await expect(page.getByLabel('The same passphrase again')).toHaveAttribute('aria-invalid', 'true');
  // An item of the summary takes the keyboard to the field to fix.
  await page.locator('.error-summary li button').click();
  await expect(page.getByLabel('The same passphrase again')).toBeFocused();
  await page.getByLabel('The same passphrase again').fill(PASSPHRASE);
  await page.getByLabel('School name').fill(SCHOOL_NAME);
  await create.click();
  const code = (await page.getByTestId('recovery-code').textContent()) ?? '';
  expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{2,4}){6}$/);
  await expect(page.getByRole('button', { name: 'Continue' })).toBeDisabled();
  await page.getByLabel('I have written down or printed the recovery code').check();
  await page.getByRole('button', { name: 'Continue' }).click();

  await reportCanaryCase(page);
  // Locking reloads the page: what is read next is the page after that reload.
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Lock' }).click()]);
  await expect(page.getByRole('heading', { name: 'Unlock the cases' })).toBeVisible();
  expect(await domHas(page, CANARY)).toBe(false);
  // Locked, the emergency numbers are still one tap away.
  await expect(page.getByRole('link', { name: /Call 19/ })).toHaveAttribute('href', 'tel:19');

  // Unlocking asks for the passphrase only: the rule for a new one is not repeated there.
  await expect(page.getByLabel('Passphrase (12 characters or more)')).toHaveCount(0);
  await page.getByLabel('Passphrase', { exact: true }).fill('not our passphrase');
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expectRefused(page, 'Wrong passphrase.');

  await page.getByRole('button', { name: 'Passphrase forgotten? Use the recovery code' }).click();
  await page.getByLabel('Recovery code').fill(code.toLowerCase().replace(/-/g, ' '));
  await page.getByLabel('New passphrase (12 characters or more)').fill('a new passphrase for the team');
  await page.getByRole('button', { name: 'Unlock and set the new passphrase' }).click();
  await expect(page.getByText(CANARY).first()).toBeAttached();

  await page.reload();
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expectRefused(page, 'Wrong passphrase.');
  await unlock(page, 'a new passphrase for the team');
  await expect(page.getByText(CANARY).first()).toBeAttached();
});

test('locking one tab locks every open tab', async ({ context }) => {
  const a = await context.newPage();
  const b = await context.newPage();
  await openUnlocked(a, '/');
  await openUnlocked(b, '/');
  await a.locator('nav button.lock').click();
  // How fast the other tab locks is a figure of `npm run bench`; here it must lock without being touched.
  await expect(a.locator('#vault-passphrase')).toBeVisible();
  await expect(b.locator('#vault-passphrase')).toBeVisible();
});

test('auto-lock: still open at 4:59 without activity, locked at 5:01, nothing of the case left on the page (a warning in between)', async ({ page }) => {
  await openUnlocked(page, '/');
  await reportCanaryCase(page);
  await page.clock.fastForward('04:59');
  await expect(page.getByText(CANARY).first()).toBeAttached();
  await expect(page.locator('#vault-passphrase')).toHaveCount(0);
  await page.clock.fastForward('00:02');
  await expect(page.locator('#vault-passphrase')).toBeVisible();
  expect(await domHas(page, CANARY)).toBe(false);
});

test('the delay is a setting (1 to 15 minutes), and changing the passphrase keeps every case', async ({ page }) => {
  await openUnlocked(page, '/');
  await reportCanaryCase(page);
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Lock after inactivity (minutes)').selectOption('1');
  await page.getByLabel('Current passphrase').fill(PASSPHRASE);
  await page.getByLabel('New passphrase (12 characters or more)').fill('changed passphrase, 2027');
  await page.getByLabel('The same passphrase again').fill('changed passphrase, 2027');
  await page.getByRole('button', { name: 'Change the passphrase' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Passphrase changed' })).toBeVisible();
  await page.clock.fastForward('01:01');
  await expect(page.locator('#vault-passphrase')).toBeVisible();
  await unlock(page, 'changed passphrase, 2027');
  await page.getByRole('link', { name: 'Cases' }).click();
  await page.locator('.case-row a').first().click();
  await expect(page.getByText(CANARY).first()).toBeAttached();
});
