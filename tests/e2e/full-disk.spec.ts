import { expect, test } from './fixtures';
import type { CDPSession, Page } from '@playwright/test';
import { rawDump, rowCounts } from './raw-idb';
import { openUnlocked } from './vault-steps';
import { expectRefused } from './form-problems';

/**
 * A full disk, made real: Chromium's own quota for this origin is cut through CDP before the app
 * writes anything, leaving 500 KB. Chromium then aborts any write that does not fit with
 * QuotaExceededError, exactly as on a full phone. (Set after a first write, the override is
 * ignored while Chromium's cached remaining space lasts, so it is set first.)
 */
const ORIGIN = 'http://127.0.0.1:4173';
const setQuota = (cdp: CDPSession, quotaSize?: number) => cdp.send('Storage.overrideQuotaForOrigin', quotaSize === undefined ? { origin: ORIGIN } : { origin: ORIGIN, quotaSize });

/** Row counts of the case tables (the draft setting may change; cases must not), read with raw IndexedDB. */
async function tableCounts(page: Page): Promise<Record<string, number | undefined>> {
  const { cases, events, snapshots } = rowCounts(await rawDump(page));
  return { cases, events, snapshots };
}

async function fillReport(page: Page, pseudonym: string, narrative: string) {
  await page.goto('/#/report');
  await page.locator('.lang select').selectOption('en');
  await page.getByLabel('Recorded by (your name)').fill('Ms Idrissi');
  await page.getByLabel('How did you learn of it?').selectOption('oral');
  await page.getByLabel('Who reported it?').selectOption('target');
  await page.getByLabel('Pseudonym').fill(pseudonym);
  await page.getByLabel('What happened, in the child’s own words').fill(narrative);
}

// The service worker's precache downloads count against the same quota, at moments of their own: kept out, so
// the quota left is the app's writes' alone.
test.use({ serviceWorkers: 'block' });

test('a full disk shows the message, keeps what was typed and writes nothing half-way', async ({ page, context }) => {
  const cdp = await context.newCDPSession(page);
  await setQuota(cdp, 500_000);
  await openUnlocked(page, '/#/report');
  await fillReport(page, 'Pupil A', 'A first case, saved while the disk still had room.');
  await page.getByRole('button', { name: 'Save and go to triage' }).click();
  await expect(page.getByTestId('current-step')).toHaveText('Triage');
  const before = await tableCounts(page);
  expect(before).toEqual({ cases: 1, events: expect.any(Number), snapshots: 1 });

  const tooBig = (sentence: string) => sentence.repeat(Math.ceil(600_000 / sentence.length));

  // An answer at triage is refused by the disk, said so, and the case is unchanged.
  for (const id of ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7']) await page.getByRole('group', { name: new RegExp(`^${id} ·`) }).getByLabel('No', { exact: true }).check();
  await page.locator('.chips input[type="checkbox"]').first().check();
  await page.getByLabel('Severity (0–4)').selectOption('1');
  const rationale = tooBig('Mocking comments from several pupils, every evening. ');
  await page.getByLabel('Why this level?').fill(rationale);
  await page.getByRole('button', { name: 'Complete triage' }).click();
  await expectRefused(page, 'The device storage is full');
  await expect(page.getByLabel('Why this level?')).toHaveValue(rationale);
  await expect(page.getByTestId('current-step')).toHaveText('Triage');
  expect(await tableCounts(page)).toEqual(before);

  // A new report: the message, the typed text still on screen, no case half-created.
  const narrative = tooBig('They share an edited photo of me in the class group. ');
  await fillReport(page, 'Pupil B', narrative);
  await expect(page.getByText('the draft could not be saved')).toBeVisible();
  await page.getByRole('button', { name: 'Save and go to triage' }).click();
  await expectRefused(page, 'The device storage is full');
  await expect(page.getByLabel('What happened, in the child’s own words')).toHaveValue(narrative);
  expect(await tableCounts(page)).toEqual(before);

  // Space is freed: the same click now saves the case, once.
  await setQuota(cdp);
  await page.getByRole('button', { name: 'Save and go to triage' }).click();
  await expect(page.getByTestId('current-step')).toHaveText('Triage');
  const after = await tableCounts(page);
  expect(after.cases).toBe(2);
  expect(after.snapshots).toBe(2);
  await page.getByRole('link', { name: 'Cases' }).click();
  await expect(page.locator('.case-row')).toHaveCount(2);
});
