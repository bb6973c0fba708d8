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

test('two tabs see each other’s changes', async ({ context }) => {
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

test('after unlocking, the app asks the browser to keep its data, and Settings says what the browser promised', async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { persistCalls: number };
    w.persistCalls = 0;
    const original = navigator.storage.persist.bind(navigator.storage);
    navigator.storage.persist = () => {
      w.persistCalls++;
      return original();
    };
  });
  await page.goto('/');
  expect(await page.evaluate(() => (window as unknown as { persistCalls: number }).persistCalls)).toBe(0);
  await openUnlocked(page, '/#/settings');
  await page.locator('.lang select').selectOption('en');
  await expect.poll(() => page.evaluate(() => (window as unknown as { persistCalls: number }).persistCalls)).toBe(1);
  const granted = await page.evaluate(() => navigator.storage.persisted());
  await expect(page.getByTestId('persist-state')).toHaveText(
    granted ? 'Cases are stored persistently on this device.' : 'The browser may clear stored cases when space runs low: make regular backups.',
  );
});

test('another tab opening a newer database schema: this one lets go and asks to be reloaded', async ({ context }) => {
  const a = await context.newPage();
  await openUnlocked(a, '/');
  await a.locator('.lang select').selectOption('en');
  await expect(a.getByRole('heading', { name: 'Open cases' })).toBeVisible();
  // Another tab (a newer Sanad) opens the same database one version up: it would wait for ever if A held on.
  const b = await context.newPage();
  await b.goto('/#/protocol');
  const upgraded = await b.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('sanad', 1000);
        open.addEventListener('success', () => {
          const v = open.result.version;
          open.result.close();
          resolve(v);
        });
        open.addEventListener('error', () => reject(open.error));
      }),
  );
  expect(upgraded).toBe(1000);
  await expect(a.getByRole('alert')).toContainText('Sanad was updated in another tab. Reload this one to continue');
  await expect(a.getByRole('button', { name: 'Reload' })).toBeVisible();
});
