import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import { openUnlocked } from './vault-steps';

async function fillReport(page: Page, pseudonym: string) {
  await page.goto('/#/report');
  await page.locator('.lang select').selectOption('en');
  await page.getByLabel('Recorded by (your name)').fill('Ms Idrissi');
  await page.getByLabel('How did you learn of it?').selectOption('oral');
  await page.getByLabel('Who reported it?').selectOption('witness');
  await page.getByLabel('Pseudonym').fill(pseudonym);
  await page.getByLabel('What happened, in the child’s own words').fill('They post mocking comments under her photos.');
}

test('two tabs see each other’s changes', { tag: '@date' }, async ({ context }) => {
  const a = await context.newPage();
  const b = await context.newPage();
  await openUnlocked(a, '/#/report');
  // Each tab holds its own keys: the second one unlocks the vault the first one created.
  await openUnlocked(b, '/');
  await b.locator('.lang select').selectOption('en');
  await expect(b.getByText('No case yet.', { exact: false })).toBeVisible();
  await fillReport(a, 'Pupil S');
  await a.getByRole('button', { name: 'Save and go to triage' }).click();
  await expect(a.getByTestId('current-step')).toHaveText('Triage');
  // Tab B was not touched: its list updates by itself.
  // (Listed once, under 'due today' or under its stage, depending on the day.)
  await expect(b.locator('.case-row')).toHaveCount(1);
  await expect(b.locator('.case-row')).toContainText(/Due|Nothing due/);
});
