import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test as base } from './fixtures';
import type { Locator, Page } from '@playwright/test';
import { PASSPHRASE, idleUntilLocked, unlock } from './vault-steps';
import { rawDigest, rawDigestInPage } from './raw-idb';
import { makeV1Backup, makeV2Backups, withFlippedBit, withForeignChunk } from './backup-files';

/**
 * Backup, check and restore run in a worker with progress and Cancel (issue 21; docs/decisions/0015-staged-restore.md):
 * a job cancelled, refused or cut short by a closed tab leaves the database in use exactly as it was, offers no
 * file, records no "Backup OK", and leaves no restore database behind.
 *
 * The files are made in Node by the app's own storage code (backup-files.ts), once per test worker. The v2 file a
 * restore reads has one case a chunk, so its progress moves case by case and Cancel lands long before its end; the
 * device that makes a backup holds enough events (the app cuts its own files every 2,000) for its first progress
 * to come well before the last chunk.
 */
const CASES = 400;
const EVENTS_PER_CASE = 50;
/** The device's own vault: another passphrase than the backups', so opening with it proves which vault is in use. */
const DEVICE_PASSPHRASE = 'staff room laptop, spring term 2025';
const CANARY = 'Pupil CANARY-jobs-7d21';
const V1_PSEUDONYM = 'Pupil V1-restored-5b0e';

interface Files {
  /** v2, one case a chunk. */
  large: string;
  /** v2 of the same cases and vault, in the app's own chunks (for a device to hold the cases quickly). */
  whole: string;
  /** `large` with its sixth chunk taken from `whole`: same vault and key, another file. */
  foreignChunk: string;
  /** `large` with one bit flipped inside its sixth chunk. */
  flippedBit: string;
  v1: string;
}

const test = base.extend<object, { files: Files }>({
  files: [
    // Playwright reads a fixture's dependencies from this pattern: it has none.
    // oxlint-disable-next-line no-empty-pattern
    async ({}, use, workerInfo) => {
      const dir = join(workerInfo.project.outputDir, `backup-jobs-files-${workerInfo.workerIndex}`);
      mkdirSync(dir, { recursive: true });
      const now = '2026-11-02T16:00:00.000Z';
      const made = await makeV2Backups({ passphrase: PASSPHRASE, cases: CASES, eventsPerCase: EVENTS_PER_CASE, eventsPerChunk: 20, now });
      const write = (name: string, bytes: Uint8Array | string) => {
        const path = join(dir, name);
        writeFileSync(path, bytes);
        return path;
      };
      await use({
        large: write('large.sanad', made.v2),
        whole: write('whole.sanad', made.v2Whole),
        foreignChunk: write('foreign-chunk.sanad', withForeignChunk(made.v2, made.v2Whole, 5)),
        flippedBit: write('flipped-bit.sanad', withFlippedBit(made.v2, 5)),
        v1: write('v1.sanad', await makeV1Backup({ passphrase: PASSPHRASE, pseudonym: V1_PSEUDONYM, now })),
      });
    },
    { scope: 'worker', timeout: 120_000 },
  ],
});

// ---- steps --------------------------------------------------------------------------------------------------

/** A device in use: its own vault, and one case reported through the form. */
async function deviceWithOneCase(page: Page) {
  await page.goto('/');
  await page.locator('.lang select').selectOption('en');
  await unlock(page, DEVICE_PASSPHRASE);
  await page.getByRole('link', { name: 'Report an incident' }).first().click();
  await page.getByLabel('Recorded by (your name)').fill('Ms Idrissi');
  await page.getByLabel('How did you learn of it?').selectOption('oral');
  await page.getByLabel('Who reported it?').selectOption('target');
  await page.getByLabel('Pseudonym').fill(CANARY);
  await page.getByLabel('What happened, in the child’s own words').fill('Messages in the class group.');
  await page.getByRole('button', { name: 'Save and go to triage' }).click();
  await expect(page.getByTestId('current-step')).toHaveText('Triage');
}

/** A device holding the backup's cases: restored from the first screen, as a colleague's new phone would be. */
async function deviceWithManyCases(page: Page, files: Files) {
  await page.goto('/');
  await page.locator('.lang select').selectOption('en');
  await page.getByRole('button', { name: 'Or restore a backup from another device' }).click();
  await page.locator('#restore-file').setInputFiles(files.whole);
  await page.locator('#restore-secret').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Check the file' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Checked: ${CASES} cases` })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Replace this device’s cases with this backup' }).click();
  // The page starts again on the restored vault's lock screen (its notice is the v1 test's and backup.spec's).
  await expect(page.locator('#vault-confirm')).toHaveCount(0);
  await unlock(page, PASSPHRASE);
  await expect(page.locator('.case-row').first()).toBeVisible();
}

const openBackupPage = async (page: Page) => {
  await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('link', { name: 'Backup, restore, transfer' }).click();
  await expect(page.getByRole('heading', { name: 'Backup, restore, transfer' })).toBeVisible();
};

/** The database the app uses (decision 0015): the one `sanad:db` names, else the original. */
const activeDb = (page: Page) => page.evaluate(() => localStorage.getItem('sanad:db') ?? 'sanad');
/** Every database of this origin, by name: a restore's are `sanad-db-<time>-<hex8>`. */
const databases = (page: Page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').sort());
const restoreDatabases = async (page: Page) => (await databases(page)).filter((n) => n.startsWith('sanad-db-'));

/**
 * The job's progress as soon as it shows "case n of N" with n > 0: n and N. Watched from inside the page (a
 * MutationObserver answers at the render that shows it), not by polling from here, whose pauses grow to half a
 * second: a backup of these cases lasts well under a second after its first progress.
 */
async function progressUnderWay(page: Page): Promise<{ progress: Locator; done: number; total: number }> {
  const text = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        let seen = false;
        const shown = () => {
          const progress = document.querySelector('.job-progress');
          seen ||= progress !== null;
          const t = progress?.querySelector('#job-doing')?.textContent ?? '';
          // Ended without showing a case done: said so by the expectations below, not by a timeout.
          if (!/case [1-9]/.test(t) && !(seen && !progress)) return false;
          observer.disconnect();
          resolve(t || 'the job ended before showing a case done');
          return true;
        };
        const observer = new MutationObserver(shown);
        if (!shown()) observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      }),
  );
  const [, done, total] = /case ([\d,]+) of ([\d,]+)/.exec(text) ?? [];
  return { progress: page.locator('.job-progress'), done: Number(done?.replaceAll(',', '')), total: Number(total?.replaceAll(',', '')) };
}

/** Cancel, clicked once the progress shows a case done and not all: which case it showed. */
async function cancelUnderWay(page: Page): Promise<{ done: number; total: number }> {
  const { progress, done, total } = await progressUnderWay(page);
  await progress.getByRole('button', { name: 'Cancel' }).click();
  expect(done, 'cases done when Cancel was clicked').toBeGreaterThan(0);
  expect(done, 'cases done when Cancel was clicked').toBeLessThan(total);
  return { done, total };
}

// ---- tests --------------------------------------------------------------------------------------------------

test('Cancel while restoring over a device’s case: "Stopped: nothing was changed.", no Replace, the database in use unchanged byte for byte, no restore database left, the case still listed', async ({ page, files }) => {
  await deviceWithOneCase(page);
  await openBackupPage(page);
  const db = await activeDb(page);
  expect(db).toBe('sanad');
  const before = await rawDigest(page, db);
  expect(before.rows.cases).toBe(1);
  // The digest the tests of larger databases take inside the page is the same one.
  expect(await rawDigestInPage(page, db)).toEqual(before);

  await page.locator('#restore-file').setInputFiles(files.large);
  await page.locator('#restore-secret').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Check the file' }).click();
  const { total } = await cancelUnderWay(page);
  expect(total).toBe(CASES);

  await expect(page.getByRole('alert')).toHaveText('Stopped: nothing was changed.');
  await expect(page.locator('.job-progress')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Replace this device’s cases with this backup' })).toHaveCount(0);
  await expect(page.getByText(/^Checked:/)).toHaveCount(0);
  expect(await activeDb(page)).toBe(db);
  expect(await rawDigest(page, db)).toEqual(before);
  expect(await restoreDatabases(page)).toEqual([]);

  await page.getByRole('navigation').getByRole('link', { name: 'Cases' }).click();
  await expect(page.locator('.case-row')).toHaveCount(1);
  await expect(page.locator('.case-row')).toContainText(CANARY);
});

test('Cancel while making a backup: "Stopped: nothing was changed.", no file offered for download, the database unchanged', async ({ page, files }) => {
  test.setTimeout(90_000);
  await deviceWithManyCases(page, files);
  await openBackupPage(page);
  const db = await activeDb(page);
  expect(db).toMatch(/^sanad-db-/);
  const before = await rawDigestInPage(page, db);
  expect(before.rows).toMatchObject({ cases: CASES, events: CASES * EVENTS_PER_CASE });
  const downloads: string[] = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));

  await page.getByRole('button', { name: 'Make a backup' }).click();
  await cancelUnderWay(page);

  await expect(page.getByRole('alert')).toHaveText('Stopped: nothing was changed.');
  // Settled: the job is over (its progress gone, the button back), and it offered nothing.
  await expect(page.locator('.job-progress')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Make a backup' })).toBeVisible();
  expect(downloads).toEqual([]);
  await expect(page.getByText(/was saved\. Now check it/)).toHaveCount(0);
  await expect(page.locator('#verify-file')).toHaveCount(0);
  expect(await rawDigestInPage(page, db)).toEqual(before);
});

test('Cancel while checking the saved backup: "Stopped: nothing was changed.", no "Backup OK", the last-backup notice and the database unchanged', async ({ page, files }, info) => {
  test.setTimeout(90_000);
  await deviceWithManyCases(page, files);
  await openBackupPage(page);
  const notice = page.getByText('No backup has been verified yet.');
  await expect(notice).toBeVisible();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Make a backup' }).click();
  const download = await downloading;
  const saved = info.outputPath(download.suggestedFilename());
  await download.saveAs(saved);
  await expect(page.getByText(/was saved\. Now check it/)).toBeVisible();
  const db = await activeDb(page);
  const before = await rawDigestInPage(page, db);

  await page.locator('#verify-file').setInputFiles(saved);
  const { total } = await cancelUnderWay(page);
  expect(total).toBe(CASES);

  await expect(page.getByRole('alert')).toHaveText('Stopped: nothing was changed.');
  await expect(page.locator('.job-progress')).toHaveCount(0);
  await expect(page.getByText('Backup OK')).toHaveCount(0);
  await expect(notice).toBeVisible();
  await expect(page.getByText(/^Last verified backup/)).toHaveCount(0);
  // "Backup OK" is recorded in the database (the last-backup setting): nothing was.
  expect(await rawDigestInPage(page, db)).toEqual(before);
  await page.getByRole('navigation').getByRole('link', { name: 'Cases' }).click();
  await expect(page.locator('.case-row').first()).toBeVisible();
  await expect(page.getByText('No backup has been verified yet.')).toBeVisible();
});

test('Tab closed in the middle of a restore: the next start opens the old vault with its own passphrase, its case listed, the pointer unchanged, the half-written restore database deleted', async ({ page, context, files }) => {
  await deviceWithOneCase(page);
  await openBackupPage(page);
  const before = await rawDigest(page, 'sanad');

  await page.locator('#restore-file').setInputFiles(files.large);
  await page.locator('#restore-secret').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Check the file' }).click();
  const { done, total } = await progressUnderWay(page);
  expect(done).toBeGreaterThan(0);
  expect(done).toBeLessThan(total);
  // The restore is being written into its own database, beside the one in use.
  const staging = await restoreDatabases(page);
  expect(staging).toHaveLength(1);
  expect(await page.evaluate(() => localStorage.getItem('sanad:db'))).toBeNull();
  await page.close();

  const again = await context.newPage();
  await again.goto('/');
  // The lock screen of a vault (not the first screen's), which says nothing of a restore.
  await expect(again.locator('#vault-passphrase')).toBeVisible();
  await expect(again.locator('#vault-confirm')).toHaveCount(0);
  await expect(again.getByText('Restored.')).toHaveCount(0);
  expect(await rawDigest(again, 'sanad')).toEqual(before);
  await unlock(again, DEVICE_PASSPHRASE);
  await expect(again.locator('.case-row')).toHaveCount(1);
  await expect(again.locator('.case-row')).toContainText(CANARY);
  expect(await again.evaluate(() => localStorage.getItem('sanad:db'))).toBeNull();
  // Tidied at start: only the database in use is left.
  await expect.poll(() => databases(again)).toEqual(['sanad']);
});

for (const [altered, fileOf] of [
  ['A chunk taken from another backup of the same vault', (f: Files) => f.foreignChunk],
  ['One bit flipped inside a chunk', (f: Files) => f.flippedBit],
] as const) {
  test(`${altered}, restored over a device’s case: refused, "the file was altered after it was made. Nothing on this device was changed.", the database unchanged, no restore database left`, async ({ page, files }) => {
    await deviceWithOneCase(page);
    await openBackupPage(page);
    const before = await rawDigest(page, 'sanad');

    await page.locator('#restore-file').setInputFiles(fileOf(files));
    await page.locator('#restore-secret').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Check the file' }).click();
    // Refused at the sixth chunk, after five were checked and written into the restore's own database.
    await expect(page.getByRole('alert')).toHaveText('the file was altered after it was made. Nothing on this device was changed.');
    await expect(page.locator('.job-progress')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Replace this device’s cases with this backup' })).toHaveCount(0);
    expect(await activeDb(page)).toBe('sanad');
    expect(await rawDigest(page, 'sanad')).toEqual(before);
    expect(await restoreDatabases(page)).toEqual([]);

    await page.getByRole('navigation').getByRole('link', { name: 'Cases' }).click();
    await expect(page.locator('.case-row')).toHaveCount(1);
    await expect(page.locator('.case-row')).toContainText(CANARY);
  });
}

test('A v1 backup (one JSON document, from before v2) still restores from the first screen: "Checked: 1 case", Replace, its case listed once unlocked', async ({ page, files }) => {
  await page.goto('/');
  await page.locator('.lang select').selectOption('en');
  await page.getByRole('button', { name: 'Or restore a backup from another device' }).click();
  await page.locator('#restore-file').setInputFiles(files.v1);
  await page.locator('#restore-secret').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Check the file' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Checked: 1 case, 5 events' })).toBeVisible();
  await page.getByRole('button', { name: 'Replace this device’s cases with this backup' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Restored. Unlock with the backup’s passphrase' })).toBeVisible();
  await unlock(page, PASSPHRASE);
  await expect(page.locator('.case-row')).toHaveCount(1);
  await expect(page.locator('.case-row')).toContainText(V1_PSEUDONYM);
  const db = await activeDb(page);
  expect(db).toMatch(/^sanad-db-[0-9a-z]+-[0-9a-f]{8}$/);
  expect(await databases(page)).toEqual([db]);
});

/** Waits, inside the page, until the job shows more than `after` cases done: the case it shows, or null once it ended. */
const movedOnFrom = (page: Page, after: number) =>
  page.evaluate(
    (shownBefore) =>
      new Promise<number | null>((resolve) => {
        let seen = false;
        const shown = () => {
          const progress = document.querySelector('.job-progress');
          seen ||= progress !== null;
          const text = progress?.querySelector('#job-doing')?.textContent ?? '';
          const done = Number((/case ([\d,]+) of/.exec(text)?.[1] ?? '0').replaceAll(',', ''));
          const ended = seen && !progress;
          if (!ended && done <= shownBefore) return false;
          observer.disconnect();
          resolve(ended ? null : done);
          return true;
        };
        const observer = new MutationObserver(shown);
        if (!shown()) observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      }),
    after,
  );

test('A job that keeps moving on keeps the tab unlocked past the idle delay (its progress is activity); once it ends, the idle lock comes as before', async ({ page, files }) => {
  test.setTimeout(90_000);
  await deviceWithOneCase(page);
  await openBackupPage(page);
  await page.locator('#restore-file').setInputFiles(files.large);
  await page.locator('#restore-secret').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Check the file' }).click();
  // Six minutes of the page's clock, two at a time, each jump after the restore has shown another case: past the
  // five-minute delay since the last touch of the page (the click), never five minutes since the job moved on.
  let done = 0;
  for (let jump = 0; jump < 3; jump++) {
    const next = await movedOnFrom(page, done);
    expect(next, `the restore still under way before jump ${jump + 1}`).not.toBeNull();
    done = next!;
    await page.clock.fastForward('02:00');
  }
  await expect(page.locator('nav button.lock')).toHaveCount(1);
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  // The job was not ended by the lock: it finishes, checked whole.
  await expect(page.getByRole('status').filter({ hasText: `Checked: ${CASES} cases` })).toBeVisible({ timeout: 60_000 });
  // Nothing moves any more: left idle, the tab locks.
  await idleUntilLocked(page);
  await expect(page.locator('#vault-passphrase')).toBeVisible();
});
