import { execFileSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import { reportMinimalCase } from './case-steps';
import { SCHOOL_DAY, WEEKEND } from './clock';
import { expect, test } from './fixtures';
import { PASSPHRASE, openUnlocked, unlock } from './vault-steps';
import { expectRefused } from './form-problems';

test('the team, the author and the school calendar; a holiday moves a school-day deadline', { tag: '@date' }, async ({ page }) => {
  await page.clock.setFixedTime(new Date('2026-11-02T09:00:00Z')); // a Monday
  await openUnlocked(page, '/#/settings');
  await page.locator('.lang select').selectOption('en');
  await page.getByLabel('School name').fill('Lycée Ibn Sina, Salé');
  await page.getByLabel('Team member’s name').fill('Ms Benali');
  await page.getByRole('button', { name: 'Add to the team' }).click();
  await page.getByLabel('Team member’s name').fill('Mr Haddad');
  await page.getByRole('button', { name: 'Add to the team' }).click();
  await page.getByLabel('Who is using this device now (author of what is recorded)').selectOption('Mr Haddad');

  // A report without "lead and head told": that is due the same school day.
  await page.getByRole('link', { name: 'Report an incident' }).first().click();
  await expect(page.getByLabel('Recorded by (your name)')).toHaveValue('Mr Haddad');
  await page.getByLabel('How did you learn of it?').selectOption('note');
  await page.getByLabel('Who reported it?').selectOption('anonymous');
  await page.getByLabel('Pseudonym').fill('Pupil R');
  await page.getByLabel('What happened, in the child’s own words').fill('A note left on the desk about a fake account.');
  await page.getByRole('button', { name: 'Save and go to triage' }).click();
  // Read from the whole case page, wherever it shows the next deadline.
  const deadline = page.locator('main');
  await expect(deadline).toContainText('03/11/2026, 00:00');
  const caseUrl = page.url();

  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('From', { exact: true }).fill('2026-11-02');
  await page.getByLabel('To', { exact: true }).fill('2026-11-02');
  await page.getByLabel('Name of the holiday').fill('School closed (exams)');
  await page.getByRole('button', { name: 'Add the holiday' }).click();
  await expect(page.getByText('School closed (exams)')).toBeVisible();
  await page.goto(caseUrl);
  await expect(deadline).toContainText('04/11/2026, 00:00');
  await expect(deadline).not.toContainText('03/11/2026, 00:00');
  // The chronology names the author chosen in settings (read as text: the case page may fold it away).
  await expect(deadline).toContainText('by Mr Haddad');
});

const vacationList = (page: Page) => page.locator('fieldset.calendar-settings');

test('first run asks the school’s name, required; settings show it and the letter to the parents prints it', async ({ page }, info) => {
  await page.goto('/');
  await page.locator('.lang select').selectOption('en');
  await page.getByLabel('Passphrase (12 characters or more)').fill(PASSPHRASE);
  await page.getByLabel('The same passphrase again').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Create the vault' }).click();
  await expectRefused(page, 'The school’s name is required: it is printed on case files and letters to parents.');
  await expect(page.getByTestId('recovery-code')).toHaveCount(0);
  await page.getByLabel('School name').fill('  Lycée Ibn Sina, Salé ');
  await page.getByRole('button', { name: 'Create the vault' }).click();
  await page.getByLabel('I have written down or printed the recovery code').check();
  await page.getByRole('button', { name: 'Continue' }).click();

  await page.goto('/#/settings');
  const school = page.getByLabel('School name');
  await expect(school).toHaveValue('Lycée Ibn Sina, Salé');
  // Emptied, the field says why it cannot be, and the name saved before stays.
  await school.fill('');
  await school.blur();
  await expect(page.getByText('The school’s name is required: it is printed on case files and letters to parents.')).toBeVisible();
  await page.reload();
  await unlock(page);
  await expect(page.getByLabel('School name')).toHaveValue('Lycée Ibn Sina, Salé');

  await page.goto('/#/report');
  await reportMinimalCase(page);
  await page.getByText('Print (PDF)', { exact: true }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Letter to the parents' }).click();
  const file = info.outputPath('parents.pdf');
  await (await downloading).saveAs(file);
  const text = execFileSync('pdftotext', [file, '-']).toString('utf8').normalize('NFC');
  expect(text).toContain('Lycée Ibn Sina, Salé');
});

test('school vacations and holidays: listed as dd/mm/yyyy, past dates folded, a vacation added', async ({ page }) => {
  await page.clock.setFixedTime(new Date(SCHOOL_DAY)); // Tuesday 3 November 2026
  await openUnlocked(page, '/#/settings');
  await page.locator('.lang select').selectOption('en');
  const calendar = vacationList(page);
  await expect(calendar.getByText('to verify against the ministry’s published calendar')).toBeVisible();

  // Ahead: Green March Day (6 November), shown day first; the first break (26 October – 1 November) is past.
  const upcoming = calendar.locator('ul.days-off').first();
  await expect(upcoming.locator('li').first()).toContainText('06/11/2026');
  await expect(upcoming.locator('li').first()).toContainText('Green March Day');
  const past = calendar.locator('details.past-days');
  // Thirteen holidays of 2026 (1 January to 31 October) and two vacations (the end of summer, the first break).
  await expect(past.locator('summary')).toHaveText('Past dates (15)');
  const firstBreak = past.locator('li').filter({ hasText: 'First break' });
  await expect(firstBreak).toBeHidden();
  await past.locator('summary').click();
  await expect(firstBreak).toContainText('26/10/2026 – 01/11/2026');
  await expect(firstBreak).toContainText('School vacation');
  await expect(past.locator('li').first()).toContainText('01/01/2026');

  await page.getByLabel('Kind of day off').selectOption('vacation');
  await page.getByLabel('From', { exact: true }).fill('2026-12-21');
  await page.getByLabel('To', { exact: true }).fill('2026-12-25');
  await page.getByLabel('Name of the vacation').fill('Winter break (AREF)');
  await page.getByRole('button', { name: 'Add the vacation' }).click();
  const added = upcoming.locator('li').filter({ hasText: 'Winter break (AREF)' });
  await expect(added).toContainText('21/12/2026 – 25/12/2026');
  await expect(added).toContainText('School vacation');
  await expect(page.getByLabel('From', { exact: true })).toHaveValue('');
  await page.reload();
  await unlock(page);
  await expect(vacationList(page).locator('ul.days-off').first().locator('li').filter({ hasText: 'Winter break (AREF)' })).toContainText('21/12/2026 – 25/12/2026');
  // In Arabic the same list, dates still day first.
  await page.locator('.lang select').selectOption('ar');
  await expect(vacationList(page).locator('li').filter({ hasText: 'Winter break (AREF)' }).locator('time').first()).toHaveText(/^21\u200f?\/12\u200f?\/2026$/);
});

test('typing a start date leaves the end date alone; a refused day off says why', async ({ page }) => {
  await openUnlocked(page, '/#/settings');
  await page.locator('.lang select').selectOption('en');
  const add = page.getByRole('button', { name: 'Add the holiday' });
  await expect(add).toBeEnabled();
  await add.click();
  const problems = vacationList(page).getByRole('alert');
  await expect(problems).toContainText('Give the first day (From) as a full date.');
  await expect(problems).toContainText('Give the day off a name.');

  // Typed key by key, the date passes through 0002-12-20, 0020-12-20, 0202-12-20: none may reach "To".
  const from = page.getByLabel('From', { exact: true });
  await from.focus();
  await page.keyboard.type('12202026'); // month, day, year: the browser's locale is en-US
  await expect(from).toHaveValue('2026-12-20');
  await expect(page.getByLabel('To', { exact: true })).toHaveValue('');
  await page.getByLabel('Name of the holiday').fill('Exams day');
  await add.click();
  await expect(problems).toHaveCount(0);
  const listed = vacationList(page).locator('li').filter({ hasText: 'Exams day' });
  await expect(listed).toContainText('20/12/2026');
  await expect(listed.locator('time')).toHaveCount(1);

  // An end before the start is refused, with the reason.
  await page.getByLabel('From', { exact: true }).fill('2026-12-22');
  await page.getByLabel('To', { exact: true }).fill('2026-12-21');
  await page.getByLabel('Name of the holiday').fill('Backwards');
  await add.click();
  await expect(problems).toHaveText('The last day (To) is before the first day (From).');
  await expect(vacationList(page).locator('li').filter({ hasText: 'Backwards' })).toHaveCount(0);
});

test('Saturday morning as a school day: saved, and "the same school day" then ends on the Saturday', async ({ page }) => {
  await page.clock.setFixedTime(new Date(WEEKEND)); // Saturday 7 November 2026, 10:00
  await openUnlocked(page, '/#/report');
  await page.locator('.lang select').selectOption('en');
  await page.getByLabel('Recorded by (your name)').fill('Mr Haddad');
  await page.getByLabel('How did you learn of it?').selectOption('note');
  await page.getByLabel('Who reported it?').selectOption('anonymous');
  await page.getByLabel('Pseudonym').fill('Pupil S');
  await page.getByLabel('What happened, in the child’s own words').fill('Insults under a class photo.');
  await page.getByRole('button', { name: 'Save and go to triage' }).click();
  // Saturday is not a school day by default: the same school day is Monday 9 November, ending at midnight.
  const casePage = page.locator('main');
  await expect(casePage).toContainText('10/11/2026, 00:00');
  const caseUrl = page.url();

  await page.goto('/#/settings');
  const saturday = page.getByLabel('Saturday morning is a school day');
  await expect(saturday).not.toBeChecked();
  await saturday.check();
  // Saved when the page, opened again, reads it back from the vault (a save is sealed, then written).
  await page.goto('/#/');
  await page.goto('/#/settings');
  await expect(page.getByLabel('Saturday morning is a school day')).toBeChecked();
  await page.reload();
  await unlock(page);
  await expect(page.getByLabel('Saturday morning is a school day')).toBeChecked();
  await page.goto(caseUrl);
  await expect(casePage).toContainText('08/11/2026, 00:00');
  await expect(casePage).not.toContainText('10/11/2026, 00:00');
});

test('on a 390 px phone no two buttons of the calendar overlap', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openUnlocked(page, '/#/settings');
  for (const lang of ['en', 'ar'] as const) {
    await page.locator('.lang select').selectOption(lang);
    const calendar = vacationList(page);
    await calendar.locator('details.past-days > summary').click();
    await expect(calendar.locator('details.past-days')).toHaveAttribute('open', '');
    // Each "Remove" is described by its own row: the ids of the rows ahead and of the past ones never repeat.
    const rowIds = await calendar.locator('.day-off').evaluateAll((rows) => rows.map((r) => r.id));
    expect(new Set(rowIds).size).toBe(rowIds.length);
    const boxes = (await calendar.locator('button').evaluateAll((buttons) => buttons.map((b) => b.getBoundingClientRect().toJSON() as DOMRect))).filter((b) => b.width > 0);
    expect(boxes.length).toBeGreaterThan(30);
    for (const [i, a] of boxes.entries()) {
      expect(a.left, `${lang} button ${i} inside the screen`).toBeGreaterThanOrEqual(0);
      expect(a.right, `${lang} button ${i} inside the screen`).toBeLessThanOrEqual(390);
      for (const [j, b] of boxes.entries()) {
        if (j <= i) continue;
        const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        expect(overlap, `${lang}: buttons ${i} and ${j} overlap`).toBe(false);
      }
    }
    await calendar.locator('details.past-days > summary').click();
  }
});
