import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium } from '@playwright/test';
import { expect, test } from './fixtures';
import type { BrowserContext, Page } from '@playwright/test';
import { openAction, reportAndClose } from './case-steps';
import { profileFiles, token } from './profile-files';
import { rawDump } from './raw-idb';
import { PASSPHRASE, openUnlocked, reloadUnlocked, unlock } from './vault-steps';

/**
 * Retention in the app (docs/decisions/0021-retention.md): a closed case whose kept period is over is listed
 * "to purge" on home and purged through a confirmation that says what goes and what stays; a case that is open
 * is refused with the rule named; the head edits the periods in Settings, within their bounds. Every instant is
 * set on the fake clock: nothing reads the machine's date or zone. Only the first test runs again in the far time
 * zones (@zone): at these instants (09:00 UTC) both far zones are on Morocco's calendar day, so a repeat checks the
 * dates the page shows, not the refusals the other tests are about, and each repeat costs CI's two cores ~13 s.
 */

const REPORTED = new Date('2026-11-02T09:00:00Z'); // a Monday of term, 10:00 in Morocco
const AFTER_SCHOOL_YEAR = new Date('2027-09-02T09:00:00Z'); // two days after the school year of the closure ended

async function openInEnglish(page: Page, path: string) {
  await openUnlocked(page, path);
  await page.getByLabel('اللغة').selectOption('en');
}

/** axe-core, every WCAG 2.0–2.2 A and AA rule and best practice (as tests/e2e/accessibility.spec.ts runs it). */
async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const retentionList = (page: Page) => page.getByRole('region', { name: /Retention: to review or purge/ });

/** Confirms the purge of the case listed under `pseudonym` as the head, on 2 September 2027. */
async function purgeListed(page: Page, pseudonym: string) {
  await retentionList(page).getByRole('listitem').filter({ hasText: pseudonym }).getByRole('button', { name: 'Purge…' }).click();
  const dialog = page.getByRole('dialog', { name: new RegExp(`Purge this case file · ${pseudonym}`) });
  await dialog.getByLabel('Who decides (the head of school: name or role)').fill('M. Alaoui, head of school');
  await dialog.getByLabel('I have checked: today is 02/09/2027').check();
  await dialog.getByRole('button', { name: 'Purge the case file' }).click();
  await expect(dialog).toHaveCount(0);
}

const COMPACTED = 'The traces of purged case files were removed from this device. Unlock again to continue.';

/**
 * The first unlock after a purge: its upkeep removes the purged case's traces (a fresh copy of the database), the
 * page reloads to the lock screen, which says why, and is unlocked again. Not through `unlock`: the unlocked page
 * may last less than one of its polls.
 */
async function unlockThroughCompaction(page: Page) {
  await page.locator('#vault-passphrase').fill(PASSPHRASE);
  await page.locator('form.vault button[type="submit"]').click();
  await expect(page.locator('form.vault').getByRole('status')).toHaveText(COMPACTED);
  await unlock(page);
}

test('a closed case past the end of its school year is listed to purge, purged after a confirmation that names the copies printed, and gone everywhere', { tag: '@zone' }, async ({ page }) => {
  await page.clock.setFixedTime(REPORTED);
  await openInEnglish(page, '/#/');
  const caseUrl = await reportAndClose(page, 'Pupil P');
  // The case file printed once: the print log keeps which document and the day, for the purge to name.
  await page.getByText('Print (PDF)', { exact: true }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Case file' }).click();
  await downloading;
  await expect(page.getByText('could not note it in the case’s print log')).toHaveCount(0);
  await page.getByRole('link', { name: 'Cases' }).click();
  await page.locator('details > summary', { hasText: 'Closed cases' }).click();
  await expect(page.locator('.case-row')).toHaveCount(1);
  await expect(retentionList(page)).toHaveCount(0);

  // The school year the case closed in ended on 31 August 2027: two days later it is listed to purge.
  await page.clock.setFixedTime(AFTER_SCHOOL_YEAR);
  await reloadUnlocked(page);
  const row = retentionList(page).getByRole('listitem');
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('link')).toContainText('Pupil P');
  await expect(row.getByRole('link')).toContainText('Its kept period ended with the school year (31/08/2027): to purge.');

  await row.getByRole('button', { name: 'Purge…' }).click();
  const dialog = page.getByRole('dialog', { name: /Purge this case file · Pupil P/ });
  await expect(dialog).toBeVisible();
  // What goes, what stays, and what the team must destroy itself.
  await expect(dialog).toContainText('every event of its chronology, the account of the facts and the names of the people involved');
  await expect(dialog).toContainText('its retention record');
  await expect(dialog).toContainText('the text typed on its page and kept when the app locked');
  await expect(dialog).toContainText('an entry in the deletion log that identifies no one: a tag of the case file (not its reference), the date, the period it was kept for and who decided.');
  await expect(dialog).toContainText('Printed copies and backup files made before are not removed: the resource team must destroy them');
  await expect(dialog).toContainText('This device’s date: 02/09/2027.');
  await expect(dialog).toContainText('Printed from this device, as its print log recorded (find and destroy these copies):');
  await expect(dialog.locator('li li')).toHaveText(['Case file, 02/11/2026 (English)']);

  // Who decides and the date are asked: refused without them, the case untouched.
  await dialog.getByRole('button', { name: 'Purge the case file' }).click();
  const problems = dialog.getByRole('group', { name: 'The case file was not purged:' });
  await expect(problems).toBeFocused();
  await expect(problems.getByRole('listitem')).toHaveText(['Say who decides the purge (the head of school).', 'Check the date, then tick the box: the purge reads this device’s date (02/09/2027).']);
  await expect(dialog.getByLabel('Who decides (the head of school: name or role)')).toHaveAttribute('aria-invalid', 'true');
  expect(await axeViolations(page), 'the purge confirmation, refused').toEqual([]);

  // In Arabic, right to left, the same confirmation.
  await page.getByLabel('Language').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('dialog', { name: /إتلاف ملف الحالة هذا/ })).toContainText('على فريق الموارد إتلافها');
  expect(await axeViolations(page), 'the purge confirmation, in Arabic').toEqual([]);
  await page.getByLabel('اللغة').selectOption('en');

  await dialog.getByLabel('Who decides (the head of school: name or role)').fill('M. Alaoui, head of school');
  await dialog.getByLabel('I have checked: today is 02/09/2027').check();
  await dialog.getByRole('button', { name: 'Purge the case file' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: /^Case file .+ purged\. The deletion log keeps an entry that identifies no one\./ })).toBeVisible();

  // Gone from every list, now and after a reload, and its page says it does not exist.
  await expect(retentionList(page)).toHaveCount(0);
  await expect(page.locator('.case-row')).toHaveCount(0);
  await expect(page.getByText('No case yet.')).toBeVisible();
  // Its traces can leave the device now; not taken here, the next unlock does it by itself.
  await expect(page.getByRole('button', { name: 'Remove the traces of purged case files from this device now' })).toHaveAccessibleDescription(/Otherwise it is done at the next unlock\./);
  await page.reload();
  await unlockThroughCompaction(page);
  await expect(page.getByText('No case yet.')).toBeVisible();
  await expect(page.locator('.case-row, .due-row')).toHaveCount(0);
  await expect(page.getByTestId('missing-cases')).toHaveCount(0);
  await page.goto(caseUrl);
  await expect(page.getByRole('alert')).toHaveText('This case does not exist on this device.');
});

test('a case reopened in another tab after it was listed is refused with the rule named, and kept', async ({ page, context }) => {
  await page.clock.setFixedTime(REPORTED);
  await openInEnglish(page, '/#/');
  const caseUrl = await reportAndClose(page, 'Pupil R');
  // The clock jumps ten months, then the page reloads at once: a hash change first could let the idle lock see the
  // jump and reload the page itself, racing this reload (CI once failed with the reload aborted). Home is then
  // reached through the app.
  await page.clock.setFixedTime(AFTER_SCHOOL_YEAR);
  await reloadUnlocked(page);
  await page.getByRole('link', { name: 'Cases' }).click();
  const row = retentionList(page).getByRole('listitem');
  await expect(row.getByRole('link')).toContainText('Pupil R');

  // Meanwhile, in another tab, the case is reopened: a relapse.
  const other = await context.newPage();
  await openUnlocked(other, caseUrl);
  const reopen = await openAction(other, 'Reopen the case');
  await reopen.getByLabel('Reason').selectOption('relapse');
  await reopen.getByLabel('Note').fill('New messages in the class group.');
  await reopen.getByRole('button', { name: 'Record' }).click();
  await expect(other.getByTestId('current-step')).not.toHaveText('Closed');
  await other.close();

  await row.getByRole('button', { name: 'Purge…' }).click();
  const dialog = page.getByRole('dialog', { name: /Purge this case file/ });
  await dialog.getByLabel('Who decides (the head of school: name or role)').fill('M. Alaoui, head of school');
  await dialog.getByLabel('I have checked: today is 02/09/2027').check();
  await dialog.getByRole('button', { name: 'Purge the case file' }).click();
  const problems = dialog.getByRole('group', { name: 'The case file was not purged:' });
  await expect(problems).toBeFocused();
  await expect(problems.getByRole('listitem')).toHaveText([
    'Refused by the rule “open case”: this case is open, and an open case is never purged. Close it first through the protocol, on its page.',
  ]);

  // Cancelled: the list is read again (the case is open and not quiet: not listed), and the case is whole.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(retentionList(page)).toHaveCount(0);
  await expect(page.locator('.case-row')).toHaveCount(1);
  await page.goto(caseUrl);
  await expect(page.getByTestId('current-step')).not.toHaveText('Closed');
});

test('a device clock set back before the newest record is refused with the rule named, and the case kept', async ({ page }) => {
  await page.clock.setFixedTime(REPORTED);
  await openInEnglish(page, '/#/');
  const caseUrl = await reportAndClose(page, 'Pupil C');
  // A case reported on 6 September 2027: the vault's newest record.
  await page.clock.setFixedTime(new Date('2027-09-06T09:00:00Z'));
  await reloadUnlocked(page);
  await page.goto('/#/report');
  await page.getByLabel('Recorded by (your name)').fill('Ms Idrissi');
  await page.getByLabel('How did you learn of it?').selectOption('oral');
  await page.getByLabel('Who reported it?').selectOption('witness');
  await page.getByLabel('Pseudonym').fill('Pupil D');
  await page.getByLabel('What happened, in the child’s own words').fill('Mocking voice notes in the class group.');
  await page.getByRole('button', { name: 'Save and go to triage' }).click();
  await expect(page.getByTestId('current-step')).toHaveText('Triage');

  // The device's clock then reads 2 September: the closed case is listed, but the purge reads a clock gone back.
  await page.clock.setFixedTime(AFTER_SCHOOL_YEAR);
  await page.goto('/#/');
  await reloadUnlocked(page);
  const row = retentionList(page).getByRole('listitem').filter({ hasText: 'Pupil C' });
  await row.getByRole('button', { name: 'Purge…' }).click();
  const dialog = page.getByRole('dialog', { name: /Purge this case file · Pupil C/ });
  await dialog.getByLabel('Who decides (the head of school: name or role)').fill('M. Alaoui, head of school');
  await dialog.getByLabel('I have checked: today is 02/09/2027').check();
  await dialog.getByRole('button', { name: 'Purge the case file' }).click();
  await expect(dialog.getByRole('group', { name: 'The case file was not purged:' }).getByRole('listitem')).toHaveText([
    'Refused by the rule “clock behind”: this device’s date (02/09/2027) is earlier than the newest record in the vault (06/09/2027). Set the device’s date and time right, then try again.',
  ]);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await page.goto(caseUrl);
  await expect(page.getByTestId('current-step')).toHaveText('Closed');
});

test('the head saves retention periods within their bounds; one out of bounds is refused with the field named, and the saved ones kept', async ({ page }) => {
  await openInEnglish(page, '/#/settings');
  const form = page.getByRole('form', { name: 'Retention of case files' });
  const review = form.getByLabel('Open case: listed for review after this many days without an event');
  const kept = form.getByLabel('Closed case: kept to the end of this many school years (1: the school year it closed in)');
  const ceiling = form.getByLabel('Target still at the school: kept until they leave, never past the end of this many school years');
  const who = form.getByLabel('Who decides (the head of school: name or role)');
  const save = form.getByRole('button', { name: 'Save the retention periods' });
  // Each period with its default, its bounds and why it exists.
  await expect(review).toHaveValue('90');
  await expect(review).toHaveAccessibleDescription(/^Default: 90\. Allowed: from 14 to 365\. An open case is still being handled/);
  await expect(kept).toHaveValue('1');
  await expect(form.getByLabel('Backup file: to destroy once older than this many days')).toHaveAccessibleDescription(/a backup that outlives a purge undoes it/);

  // Who decides is asked.
  await kept.fill('2');
  await save.click();
  const problems = form.getByRole('group', { name: 'The retention periods were not saved; the ones saved before still apply:' });
  await expect(problems).toBeFocused();
  await expect(problems.getByRole('listitem')).toHaveText(['Say who decides: only the head of school changes the retention periods.']);
  await who.fill('M. Alaoui, head of school');
  await save.click();
  await expect(form.getByRole('status')).toHaveText('Retention periods saved.');
  await reloadUnlocked(page);
  await expect(kept).toHaveValue('2');
  await expect(form).toContainText('Last changed by M. Alaoui, head of school on');

  // Out of bounds: each field named with its bounds; the summary leads to the field; nothing saved is lost.
  await review.fill('7');
  await ceiling.fill('1');
  await who.fill('M. Alaoui, head of school');
  await save.click();
  await expect(problems).toBeFocused();
  await expect(problems.getByRole('listitem')).toHaveText([
    'Open case: listed for review after this many days without an event: give a whole number from 14 to 365.',
    'Target still at the school: kept until they leave, never past the end of this many school years: it cannot be fewer than the school years a closed case is kept.',
  ]);
  await expect(review).toHaveAttribute('aria-invalid', 'true');
  await expect(review).toHaveValue('7');
  await problems.getByRole('button', { name: /^Open case/ }).click();
  await expect(review).toBeFocused();
  await reloadUnlocked(page);
  await expect(review).toHaveValue('90');
  await expect(kept).toHaveValue('2');
  await expect(ceiling).toHaveValue('3');

  // In Arabic, right to left: the refused form names the field in Arabic and passes axe.
  await page.getByLabel('Language').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await page.locator('#retention-openReviewDays').fill('400');
  await page.locator('#retention-decidedBy').fill('السيد العلوي، مدير المؤسسة');
  await page.getByRole('button', { name: 'حفظ مدد الحفظ' }).click();
  await expect(page.locator('.retention-settings .error-summary li')).toHaveText(['ملف مفتوح: يُعرض للمراجعة بعد هذا العدد من الأيام دون أي حدث: أدخل عددا صحيحا من 14 إلى 365.']);
  expect(await axeViolations(page), 'the retention settings, refused, in Arabic').toEqual([]);
});

/**
 * Where each probe occurs in the profile folder, as "probe in path": in UTF-8, UTF-16LE (Chromium's session files)
 * and UTF-16BE (how IndexedDB on Chromium encodes a string inside a key).
 */
function scanProfile(profile: string, probes: Record<string, string>): string[] {
  const hits: string[] = [];
  const forms = Object.entries(probes).map(([what, text]) => {
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    return [what, [Buffer.from(text, 'utf8'), le, be]] as const;
  });
  for (const { where, bytes } of profileFiles(profile)) {
    for (const [what, encoded] of forms) if (encoded.some((b) => bytes.includes(b))) hits.push(`${what} in ${where}`);
  }
  return hits;
}

/**
 * What a case leaves in IndexedDB as the browser stores it: its id (in clear: a key of each of its rows) and the
 * start of each of its sealed values (the narrative is sealed: its canary never reaches the disk in clear, but the
 * ciphertext opens with the vault's keys as long as it lies anywhere).
 */
async function storedTracesOf(page: Page, caseId: string): Promise<Record<string, string>> {
  const dump = await rawDump(page);
  const rows = [...dump.events!.values, ...dump.snapshots!.values, ...dump.cases!.values].filter((r) => {
    const row = r as { id?: string; caseId?: string };
    return row.caseId === caseId || row.id === caseId;
  });
  const sealed = [...JSON.stringify(rows).matchAll(/"ct":"([A-Za-z0-9+/]{32})/g)].map((m) => m[1]!);
  expect(sealed.length).toBeGreaterThan(5);
  return Object.fromEntries([['its id', caseId], ...sealed.map((ct, i) => [`sealed value ${i + 1}`, ct])]);
}

async function launchProfile(profile: string, baseURL: string, at: Date): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    baseURL,
    timezoneId: 'Africa/Casablanca',
    locale: 'en-US',
  });
  await context.clock.install({ time: at });
  await context.addInitScript(() => localStorage.setItem('sanad.language', 'en'));
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto('/');
  await unlock(page);
  return { context, page };
}

test('purged, then compacted at the next unlock: the purged case is in no database and its words nowhere in the browser’s profile folder; the kept case reads whole', async ({ baseURL }) => {
  test.setTimeout(180_000);
  const goneWord = token('goneNarrative');
  const keptWord = token('keptNarrative');
  const profile = mkdtempSync(join(tmpdir(), 'sanad-purge-'));
  try {
    // Two cases closed in November 2026, each with its own word in its narrative; the browser is then closed.
    let { context, page } = await launchProfile(profile, baseURL!, REPORTED);
    const keptUrl = await reportAndClose(page, 'Pupil K', `${keptWord} wrote insults in the class group, then apologised.`);
    const goneUrl = await reportAndClose(page, 'Pupil G', `${goneWord} was mocked in a voice note, then it stopped.`);
    const idOf = (url: string) => decodeURIComponent(url.split('/').at(-1)!);
    const { 'its id': goneId, ...goneSealed } = await storedTracesOf(page, idOf(goneUrl));
    const kept = await storedTracesOf(page, idOf(keptUrl));
    const inIndexedDb = (hits: string[]) => hits.filter((h) => / in Default\/IndexedDB\//.test(h));
    await context.close();

    // Past the end of the school year both closed in: one is purged, the other kept (say, a hold decided on paper).
    ({ context, page } = await launchProfile(profile, baseURL!, AFTER_SCHOOL_YEAR));
    await expect(retentionList(page).getByRole('listitem')).toHaveCount(2);
    await purgeListed(page, 'Pupil G');
    await expect(page.getByRole('status').filter({ hasText: /^Case file .+ purged\./ })).toBeVisible();
    const residue = () => inIndexedDb(scanProfile(profile, { ...goneSealed, 'its id': goneId! })).length;
    test.info().annotations.push({ type: 'residue', description: `after the purge: ${residue()} traces of the purged case in IndexedDB’s files` });

    // The next unlock removes the traces by itself, then asks for the passphrase again.
    await page.reload();
    await unlockThroughCompaction(page);
    await page.goto('/#/settings');
    await expect(page.getByRole('region', { name: 'Traces of purged case files' })).toContainText('Last done on this device: ');

    // The kept case, whole: its narrative reads in the app; the purged one is gone.
    await page.goto(keptUrl);
    await expect(page.getByTestId('current-step')).toHaveText('Closed');
    await page.locator('details#record > summary').click();
    await expect(page.locator('details#record').getByText(keptWord)).toBeVisible();
    await page.goto(goneUrl);
    await expect(page.getByRole('alert')).toHaveText('This case does not exist on this device.');
    // Every database the browser lists, read raw: the one that held the purged rows is deleted, and none holds a row
    // of the purged case (its id is a key of each of its rows).
    const names = (await page.evaluate(() => indexedDB.databases())).map((d) => d.name ?? '');
    expect(names).not.toContain('sanad');
    for (const name of names) expect(JSON.stringify(await rawDump(page, name))).not.toContain(goneId);
    await context.close();

    // The whole profile folder, the browser closed: the purged case's words nowhere, the kept case's sealed values
    // in IndexedDB's files (the scan reads what IndexedDB keeps).
    expect(scanProfile(profile, { 'its narrative’s word': goneWord }), 'the purged case’s words in the profile folder').toEqual([]);
    expect(inIndexedDb(scanProfile(profile, kept)).length, 'the kept case in IndexedDB’s files').toBeGreaterThan(0);
    // What the compaction cannot reach (docs/decisions/0021-retention.md): Chromium keeps every database of a site
    // in one LevelDB, where a deleted database's values stay in its table files until LevelDB merges them, on its
    // own schedule. Measured and reported, not asserted: the sealed bytes open only with the vault's keys.
    test.info().annotations.push({ type: 'residue', description: `after the compaction, the browser closed: ${residue()} traces of the purged case in IndexedDB’s files` });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});
