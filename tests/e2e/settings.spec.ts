import { expect, test } from './fixtures';
import { openUnlocked } from './vault-steps';

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
  const deadline = page.locator('.deadlines li').filter({ hasText: 'Tell the case lead and the head' });
  await expect(deadline).toContainText('3 Nov 2026, 00:00');
  const caseUrl = page.url();

  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('From').fill('2026-11-02');
  await page.getByLabel('To').fill('2026-11-02');
  await page.getByLabel('Name of the holiday').fill('School closed (exams)');
  await page.getByRole('button', { name: 'Add the holiday' }).click();
  await expect(page.getByText('School closed (exams)')).toBeVisible();
  await page.goto(caseUrl);
  await expect(deadline).toContainText('4 Nov 2026, 00:00');
  await expect(page.getByRole('region', { name: 'Chronology' }).getByText('by Mr Haddad').first()).toBeVisible();
});
