import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { openFold, reportAndClose } from './case-steps';
import { openUnlocked, reloadUnlocked } from './vault-steps';

/**
 * A case's retention on its own page (docs/decisions/0021-retention.md): where the rules place it, the head's
 * holds (which keep a closed case whatever the dates, and name who placed and lifted them) and the day the target
 * leaves the school (which keeps it until then). Every instant is set on the fake clock.
 */

const REPORTED = new Date('2026-11-02T09:00:00Z'); // a Monday of term, 10:00 in Morocco
const AFTER_SCHOOL_YEAR = new Date('2027-09-02T09:00:00Z'); // two days after the school year of the closure ended
const HEAD = 'Who decides (the head of school: name or role)';

test('a hold placed by the head keeps a closed case off the purge list until the head lifts it; a leaving day keeps it until then', async ({ page }) => {
  await page.clock.setFixedTime(REPORTED);
  await openUnlocked(page, '/#/');
  await page.getByLabel('اللغة').selectOption('en');
  const caseUrl = await reportAndClose(page, 'Pupil H');

  let panel = await openFold(page, 'retention');
  const status = panel.getByTestId('retention-status');
  await expect(status).toHaveText('Closed case: kept until 31/08/2027, the end of its kept school years (the window in which a relapse reopens it).');

  // A hold asks why and who decides: refused without them, with each field named.
  await panel.getByRole('button', { name: 'Place the hold' }).click();
  const problems = panel.getByRole('group', { name: 'Not saved:' });
  await expect(problems).toBeFocused();
  await expect(problems.getByRole('listitem')).toHaveText(['Say why the case file must be kept.', 'Say who decides: only the head of school places or lifts a hold.']);
  await expect(panel.getByLabel('Why the case file must be kept')).toHaveAttribute('aria-invalid', 'true');
  const axe = await new AxeBuilder({ page }).include('details#retention').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  expect(axe.violations.map((v) => v.id), 'the retention panel, refused').toEqual([]);

  await panel.getByLabel('Why the case file must be kept').fill('Inquiry requested by the AREF');
  await panel.getByLabel(HEAD).fill('M. Alaoui, head of school');
  await panel.getByRole('button', { name: 'Place the hold' }).click();
  await expect(panel.locator('.head-holds').getByRole('status')).toHaveText('Hold placed: the case file is not purged while it stands.');
  await expect(status).toHaveText('Kept, whatever the dates, while a hold stands. Without a hold it would be kept until 31/08/2027.');
  await expect(panel.locator('.holds-in-force li')).toHaveText([/^a hold placed by M\. Alaoui, head of school on .+: Inquiry requested by the AREF$/]);

  // Past the end of the school year: held, so home does not list it to purge.
  await page.clock.setFixedTime(AFTER_SCHOOL_YEAR);
  await reloadUnlocked(page);
  await expect(page.locator('.case-row')).toHaveCount(0); // closed cases are folded: the home lists are empty
  await expect(page.getByRole('region', { name: /Retention: to review or purge/ })).toHaveCount(0);

  // The head lifts it, named; the hold stays in the record as lifted, and the case is due.
  await page.goto(caseUrl);
  panel = await openFold(page, 'retention');
  await panel.getByLabel(HEAD).fill('Mme Berrada, deputy head');
  await panel.getByRole('button', { name: 'Lift this hold' }).click();
  await expect(panel.locator('.head-holds').getByRole('status')).toHaveText('Hold lifted.');
  await expect(status).toHaveText('Its kept period ended on 31/08/2027: the head of school may purge it from the home screen.');
  await panel.getByText('Holds lifted (1)').click();
  await expect(panel.locator('.holds-lifted li')).toHaveText([/^Placed by M\. Alaoui, head of school on .+: Inquiry requested by the AREF\. Lifted by Mme Berrada, deputy head on .+\.$/]);

  // The target is still at the school until June 2028: the case is kept until that day, and leaves the purge list.
  await panel.getByLabel('Day the target leaves the school (if known)').fill('30/06/2028');
  await panel.getByRole('button', { name: 'Save the day' }).click();
  await expect(panel.locator('form.leaving-day').getByRole('status')).toHaveText('Day the target leaves saved: 30/06/2028.');
  await expect(status).toHaveText('Closed case: kept until 30/06/2028, the day the target leaves the school.');
  await page.getByRole('link', { name: 'Cases' }).click();
  await expect(page.getByRole('region', { name: /Retention: to review or purge/ })).toHaveCount(0);

  // Removing the day: the case is due again, listed on home.
  await page.goto(caseUrl);
  panel = await openFold(page, 'retention');
  await panel.getByRole('button', { name: 'Remove the day' }).click();
  await expect(status).toHaveText('Its kept period ended on 31/08/2027: the head of school may purge it from the home screen.');
  await page.getByRole('link', { name: 'Cases' }).click();
  await expect(page.getByRole('region', { name: /Retention: to review or purge/ }).getByRole('listitem')).toHaveCount(1);
});
