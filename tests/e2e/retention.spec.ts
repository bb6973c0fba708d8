import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import { openAction } from './case-steps';
import { openUnlocked, reloadUnlocked } from './vault-steps';

/**
 * Retention in the app (docs/decisions/0021-retention.md): a closed case whose kept period is over is listed
 * "to purge" on home and purged through a confirmation that says what goes and what stays; a case that is open
 * is refused with the rule named; the head edits the periods in Settings, within their bounds. Every instant is
 * set on the fake clock: nothing reads the machine's date or zone.
 */

const REPORTED = new Date('2026-11-02T09:00:00Z'); // a Monday of term, 10:00 in Morocco
const AFTER_SCHOOL_YEAR = new Date('2027-09-02T09:00:00Z'); // two days after the school year of the closure ended

/** A one-off conflict reported, triaged at level 0 and closed the same day, in English; returns the case's URL. */
async function reportAndClose(page: Page, pseudonym: string): Promise<string> {
  await page.goto('/#/report');
  await page.getByLabel('Recorded by (your name)').fill('Ms Idrissi');
  await page.getByLabel('How did you learn of it?').selectOption('oral');
  await page.getByLabel('Who reported it?').selectOption('target');
  await page.getByLabel('Pseudonym').fill(pseudonym);
  await page.getByLabel('What happened, in the child’s own words').fill('One message “you are stupid” in the class group, then an apology.');
  await page.getByLabel('I have told the case lead and the head of school').check();
  await page.getByRole('button', { name: 'Save and go to triage' }).click();
  await expect(page.getByTestId('current-step')).toHaveText('Triage');
  const caseUrl = page.url();
  for (const id of ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7']) {
    await page.getByRole('group', { name: new RegExp(`^${id} ·`) }).getByLabel('No', { exact: true }).check();
  }
  await page.getByRole('checkbox', { name: 'Repeated insults, mockery, humiliation' }).check();
  await page.getByLabel('Severity (0–4)').selectOption('0');
  await page.getByLabel('Why this level?').fill('One message and an apology, between friends.');
  await page.getByRole('button', { name: 'Complete triage' }).click();
  await expect(page.getByTestId('current-step')).toHaveText('Conflict handling');

  let form = await openAction(page, 'Postpone informing the parents');
  await form.getByLabel('Reason').fill('A passing conflict settled in class; the parents are told if it happens again.');
  await form.getByRole('button', { name: 'Record' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Recorded: Postpone informing the parents' })).toBeVisible();
  form = await openAction(page, 'Review the case before closing');
  await form.getByLabel('What worked').fill('A talk the same morning.');
  await form.getByRole('button', { name: 'Record' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Recorded: Review the case before closing' })).toBeVisible();
  form = await openAction(page, 'Close the case');
  await form.getByLabel('Reason').selectOption('NOT_BULLYING');
  await form.getByRole('button', { name: 'Record' }).click();
  await expect(page.getByTestId('current-step')).toHaveText('Closed');
  return caseUrl;
}

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
  await reloadUnlocked(page);
  await expect(page.getByText('No case yet.')).toBeVisible();
  await expect(page.locator('.case-row, .due-row')).toHaveCount(0);
  await expect(page.getByTestId('missing-cases')).toHaveCount(0);
  await page.goto(caseUrl);
  await expect(page.getByRole('alert')).toHaveText('This case does not exist on this device.');
});

test('a case reopened in another tab after it was listed is refused with the rule named, and kept', { tag: '@zone' }, async ({ page, context }) => {
  await page.clock.setFixedTime(REPORTED);
  await openInEnglish(page, '/#/');
  const caseUrl = await reportAndClose(page, 'Pupil R');
  await page.clock.setFixedTime(AFTER_SCHOOL_YEAR);
  await page.goto('/#/');
  await reloadUnlocked(page);
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

test('a device clock set back before the newest record is refused with the rule named, and the case kept', { tag: '@zone' }, async ({ page }) => {
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
