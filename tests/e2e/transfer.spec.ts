import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { openUnlocked } from './vault-steps';

test('a case handed to a colleague’s device with a one-time code and the sender’s key fingerprint compared; importing twice changes nothing', async ({ page, newDevice }, info) => {
  await openUnlocked(page, '/#/report');
  await page.locator('.lang select').selectOption('en');
  await page.getByLabel('Recorded by (your name)').fill('Ms Idrissi');
  await page.getByLabel('How did you learn of it?').selectOption('oral');
  await page.getByLabel('Who reported it?').selectOption('target');
  await page.getByLabel('Pseudonym').fill('Pupil T');
  await page.getByLabel('What happened, in the child’s own words').fill('Voice notes mocking my accent, sent to the whole class.');
  await page.getByRole('button', { name: 'Save and go to triage' }).click();
  await expect(page.getByTestId('current-step')).toHaveText('Triage');

  await page.getByText('Hand over to a colleague', { exact: true }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Make the transfer file' }).click();
  const file = info.outputPath((await downloading).suggestedFilename());
  await (await downloading).saveAs(file);
  expect(file).toMatch(/\.sanadcase$/);
  expect(readFileSync(file, 'utf8')).not.toContain('Pupil T');
  const code = (await page.getByTestId('transfer-code').textContent()) ?? '';
  expect(readFileSync(file, 'utf8')).not.toContain(code);
  const fingerprint = (await page.getByTestId('transfer-fingerprint').textContent()) ?? '';
  expect(fingerprint).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);

  const colleague = await newDevice();
  const other = await colleague.newPage();
  await openUnlocked(other, '/#/backup');
  await other.locator('.lang select').selectOption('en');
  await other.locator('#import-file').setInputFiles(file);
  await other.locator('#import-code').fill('AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GG');
  await other.getByRole('button', { name: 'Open the file' }).click();
  await expect(other.getByRole('alert')).toHaveText('the code does not open this file. Nothing on this device was changed.');
  await other.locator('#import-code').fill(code);
  await other.getByRole('button', { name: 'Open the file' }).click();
  // The receiver sees the sender's fingerprint, as the sender's screen shows it, before anything is written.
  await expect(other.getByTestId('sender-fingerprint')).toHaveText(fingerprint);
  await other.getByRole('button', { name: 'They match: import' }).click();
  await expect(other.getByRole('status').filter({ hasText: 'Case imported: 3 new events' })).toBeVisible();
  await other.getByRole('button', { name: 'Open the file' }).click();
  await other.getByRole('button', { name: 'They match: import' }).click();
  await expect(other.getByRole('status').filter({ hasText: 'Case imported: 0 new events' })).toBeVisible();
  await other.getByRole('status').getByRole('link').click();
  await expect(other.getByTestId('current-step')).toHaveText('Triage');
  await expect(other.getByText('Voice notes mocking my accent, sent to the whole class.').first()).toBeAttached();
  await colleague.close();
});
