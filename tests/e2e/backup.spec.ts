import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import type { Page, TestInfo } from '@playwright/test';
import { SCHOOL_DAY } from './clock';
import { PASSPHRASE, openUnlocked, reloadUnlocked, unlock } from './vault-steps';

/** A backup made, proved by reading it back, refused when altered, and restored on a new device. */
const CANARY = 'CANARY-backup-41c9';

async function reportCase(page: Page) {
  await page.locator('.lang select').selectOption('en');
  await page.getByRole('link', { name: 'Report an incident' }).first().click();
  await page.getByLabel('Recorded by (your name)').fill('Ms Idrissi');
  await page.getByLabel('How did you learn of it?').selectOption('oral');
  await page.getByLabel('Who reported it?').selectOption('target');
  await page.getByLabel('Pseudonym').fill(`Pupil ${CANARY}`);
  await page.getByLabel('What happened, in the child’s own words').fill(`${CANARY} in the class group.`);
  await page.getByRole('button', { name: 'Save and go to triage' }).click();
  await expect(page.getByTestId('current-step')).toHaveText('Triage');
}

test('backup: made, read back before "Backup OK", altered copy refused, restored on a new device', async ({ page, newDevice }, info) => {
  await openUnlocked(page, '/');
  await reportCase(page);
  await page.getByRole('link', { name: 'Cases' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'No backup has been verified yet.' })).toBeVisible();
  await page.getByRole('link', { name: 'Make a backup' }).click();

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Make a backup' }).click();
  const file = info.outputPath((await downloading).suggestedFilename());
  await (await downloading).saveAs(file);
  expect(file).toMatch(/sanad-backup-\d{4}-\d{2}-\d{2}-\d{6}\.sanad$/);
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 8).toString('latin1')).toBe('SANADBK2');
  expect(bytes.includes(CANARY)).toBe(false);
  expect(bytes.includes('Idrissi')).toBe(false);
  await expect(page.getByText(/was saved\. Now check it/)).toBeVisible();
  await expect(page.getByText('Backup OK')).toHaveCount(0);

  // An altered copy is refused.
  const altered = info.outputPath('altered.sanad');
  // One bit flipped in the last sealed piece (the trailer, which carries the manifest).
  const flipped = Buffer.from(bytes);
  flipped[flipped.length - 20]! ^= 0x01;
  writeFileSync(altered, flipped);
  await page.locator('#verify-file').setInputFiles(altered);
  await expect(page.getByRole('alert')).toContainText('the file was altered after it was made');

  await page.locator('#verify-file').setInputFiles(file);
  await expect(page.getByRole('status').filter({ hasText: 'Backup OK: 1 case and' })).toBeVisible();
  await page.getByRole('link', { name: 'Cases' }).click();
  // The home screen is drawn (its case listed) before anything is said to be absent from it.
  await expect(page.locator('.case-row')).toHaveCount(1);
  await expect(page.getByText('No backup has been verified yet.')).toHaveCount(0);
  await expect(page.getByText('Time for a backup')).toHaveCount(0);

  // A new device: nothing on it; a damaged file first, then the good one with the passphrase.
  const device = await newDevice();
  const other = await device.newPage();
  await other.goto('/');
  await other.locator('.lang select').selectOption('en');
  await other.getByRole('button', { name: 'Or restore a backup from another device' }).click();
  const broken = info.outputPath('broken.sanad');
  writeFileSync(broken, bytes.subarray(0, Math.floor(bytes.length / 3)));
  await other.locator('#restore-file').setInputFiles(broken);
  await other.locator('#restore-secret').fill(PASSPHRASE);
  await other.getByRole('button', { name: 'Check the file' }).click();
  await expect(other.getByRole('alert')).toHaveText('the file is incomplete: it stops before the end. Nothing on this device was changed.');
  await other.locator('#restore-file').setInputFiles(file);
  await other.locator('#restore-secret').fill('a wrong passphrase here');
  await other.getByRole('button', { name: 'Check the file' }).click();
  await expect(other.getByRole('alert')).toContainText('wrong passphrase or recovery code');
  await other.locator('#restore-secret').fill(PASSPHRASE);
  await other.getByRole('button', { name: 'Check the file' }).click();
  await expect(other.getByRole('status').filter({ hasText: 'Checked: 1 case,' })).toBeVisible();
  await other.getByRole('button', { name: 'Replace this device’s cases with this backup' }).click();
  // The page starts again on the restored vault, which says so and opens with the backup's passphrase.
  await expect(other.getByRole('status').filter({ hasText: 'Restored. Unlock with the backup’s passphrase' })).toBeVisible();
  await unlock(other, PASSPHRASE);
  await expect(other.locator('.case-row')).toHaveCount(1);
  await other.locator('.case-row a').click();
  await expect(other.getByText(`${CANARY} in the class group.`).first()).toBeAttached();
  await device.close();
});

/** On the Backup page: makes a backup, saves it, checks it ("Backup OK"); returns the file's name. */
async function makeAndCheck(page: Page, info: TestInfo): Promise<string> {
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Make a backup' }).click();
  const download = await downloading;
  const file = info.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  await page.locator('#verify-file').setInputFiles(file);
  await expect(page.getByRole('status').filter({ hasText: 'Backup OK' })).toBeVisible();
  return download.suggestedFilename();
}

test('backup register: a file past the backup period is to destroy once a newer one is checked; marked destroyed, home stops reminding', async ({ page }, info) => {
  await openUnlocked(page, '/');
  await reportCase(page);
  await page.getByRole('link', { name: 'Cases' }).click();
  await page.getByRole('link', { name: 'Make a backup' }).click();
  const first = await makeAndCheck(page, info);
  const files = page.getByRole('region', { name: 'Backup files made on this device' });
  const row = (name: string) => files.getByRole('listitem').filter({ hasText: name });
  await expect(row(first)).toContainText('Keep: it is the newest checked backup.');

  // 91 days later (the default backup period is 90): still the only checked backup, so it is kept.
  await page.clock.setSystemTime(Date.parse(SCHOOL_DAY) + 91 * 86_400_000);
  await reloadUnlocked(page);
  await expect(row(first)).toContainText('Keep: it is the newest checked backup.');
  const second = await makeAndCheck(page, info);
  expect(second).not.toBe(first);
  await expect(row(first)).toContainText('Destroy now: it is more than 90 days old and a newer checked backup exists.');
  await expect(row(second)).toContainText('Keep: it is the newest checked backup.');

  await page.getByRole('link', { name: 'Cases' }).click();
  await page.getByRole('status').filter({ hasText: '1 backup file should be destroyed.' }).getByRole('link', { name: 'See the backup files' }).click();
  await row(first).getByRole('button', { name: 'I have destroyed this file…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Record a destroyed backup file' });
  await expect(dialog).toContainText(first);
  await dialog.getByLabel('Who destroyed it (name or role)').fill('Ms Idrissi');
  await dialog.getByLabel(`I have destroyed the file ${first} and every copy of it`).check();
  await dialog.getByRole('button', { name: 'Record that it is destroyed' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Recorded: the file ${first} is destroyed.` })).toBeFocused();
  await expect(row(first)).toContainText('Destroyed: recorded by Ms Idrissi on');
  await expect(row(first).getByRole('button')).toHaveCount(0);

  await page.getByRole('link', { name: 'Cases' }).click();
  // The home screen is drawn (its case listed) before anything is said to be absent from it.
  await expect(page.locator('.case-row')).toHaveCount(1);
  await expect(page.getByText('should be destroyed')).toHaveCount(0);
});
