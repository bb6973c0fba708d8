import { expect, test } from './fixtures';
import type { Locator, Page } from '@playwright/test';
import { PASSPHRASE, SCHOOL_NAME, openUnlocked, unlock } from './vault-steps';

/**
 * A teacher without a mouse (or with a screen reader) reports a case, answers triage and records
 * the emergency call with Tab, arrows, Space and Enter only. Every control reached this way must
 * also show where the focus is.
 */
async function tabTo(page: Page, target: Locator, key: 'Tab' | 'Shift+Tab' = 'Tab', max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    if (await target.evaluate((el) => el === document.activeElement)) {
      const outline = await target.evaluate((el) => getComputedStyle(el).outlineStyle);
      expect(outline, 'a focused control shows a focus ring').not.toBe('none');
      return;
    }
  }
  throw new Error(`not reachable with Tab: ${target.toString()}`);
}

/** A closed <select> changes with the arrow keys, as on any desktop. */
async function chooseWithArrows(page: Page, select: Locator, value: string) {
  await tabTo(page, select);
  for (let i = 0; i < 20 && (await select.inputValue()) !== value; i++) await page.keyboard.press('ArrowDown');
  await expect(select).toHaveValue(value);
}

test('keyboard only: report, triage with a hard trigger, the emergency call recorded', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('sanad.language', 'en'));
  await page.goto('/');
  // The vault first: passphrase twice, then the recovery code acknowledged.
  await tabTo(page, page.getByLabel('Passphrase (12 characters or more)'));
  await page.keyboard.type(PASSPHRASE);
  await tabTo(page, page.getByLabel('The same passphrase again'));
  await page.keyboard.type(PASSPHRASE);
  await tabTo(page, page.locator('#vault-school'));
  await page.keyboard.type(SCHOOL_NAME);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('recovery-code')).toBeVisible();
  await tabTo(page, page.getByLabel('I have written down or printed the recovery code'));
  await page.keyboard.press('Space');
  await tabTo(page, page.getByRole('button', { name: 'Continue' }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('link', { name: 'Report an incident' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: 'Report an incident' })).toBeVisible();

  await tabTo(page, page.getByLabel('Recorded by (your name)'));
  await page.keyboard.type('Ms Idrissi');
  await chooseWithArrows(page, page.getByLabel('How did you learn of it?'), 'oral');
  await chooseWithArrows(page, page.getByLabel('Who reported it?'), 'target');
  await tabTo(page, page.getByLabel('Pseudonym'));
  await page.keyboard.type('Pupil K');
  await tabTo(page, page.getByLabel('What happened, in the child’s own words'));
  await page.keyboard.type('Someone threatens to post a private photo of me.');
  await tabTo(page, page.getByRole('button', { name: 'Save and go to triage' }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('current-step')).toHaveText('Triage');

  // Radio groups: Tab enters the group, the arrows choose. One "yes" escalates at once, before the other answers.
  const t1 = page.getByRole('group', { name: /^T1 ·/ });
  await tabTo(page, t1.getByLabel('Yes', { exact: true }));
  await page.keyboard.press('ArrowDown');
  await expect(t1.getByLabel('No', { exact: true })).toBeChecked();
  await tabTo(page, page.getByRole('group', { name: /^T2 ·/ }).getByLabel('Yes', { exact: true }));
  await page.keyboard.press('Space');
  await expect(page.getByTestId('current-step')).toHaveText('Emergency escalation');

  // The calls come first; the questions still open wait below, asked again by keyboard.
  const finish = page.getByRole('region', { name: 'Finish triage: the other hard triggers' });
  await expect(finish.getByRole('group')).toHaveCount(6); // T3–T7 and the categories
  for (const id of ['T3', 'T4', 'T5', 'T6', 'T7']) {
    const group = finish.getByRole('group', { name: new RegExp(`^${id} ·`) });
    await tabTo(page, group.getByLabel('Yes', { exact: true }));
    await page.keyboard.press('ArrowDown');
    await expect(group.getByLabel('No', { exact: true })).toBeChecked();
  }
  await tabTo(page, finish.getByRole('checkbox', { name: 'Sextortion or blackmail' }));
  await page.keyboard.press('Space');
  // Sextortion is extortion: T4 must be a yes, and the screen says so before anything is refused.
  await expect(page.getByText('“Sextortion or blackmail” means T4 is “yes”')).toBeVisible();
  const t4 = finish.getByRole('group', { name: /^T4 ·/ });
  await tabTo(page, t4.getByLabel('No', { exact: true }), 'Shift+Tab');
  await page.keyboard.press('ArrowUp');
  // The "yes" is saved at once, with the answers and the category chosen before it: nothing is left to ask.
  await expect(finish).toHaveCount(0);
  await expect(page.locator('.authorities li')).toHaveCount(2);

  const panel = page.locator('section.panel.emergency');
  await chooseWithArrows(page, panel.getByLabel('Who did you contact?'), 'police19');
  await tabTo(page, panel.getByLabel('Reference number'));
  await page.keyboard.type('DGSN-1042');
  await tabTo(page, panel.getByLabel('The authority took charge of the case'));
  await page.keyboard.press('Space');
  await tabTo(page, panel.getByRole('button', { name: 'Record the call' }));
  await page.keyboard.press('Enter');
  await expect(panel.getByText(/Police 19 at .* · DGSN-1042/)).toBeVisible();
});

test('the first Tab reaches "Skip to the content"; a page move puts the focus on the new page’s heading and the tab names the page or the case', async ({ page }) => {
  await openUnlocked(page, '/');
  await page.locator('.lang select').selectOption('en');
  await page.reload();
  await unlock(page);
  await expect(page).toHaveTitle('Open cases · Sanad');
  // Unlocking removed the button that had the focus: it is on the page's heading instead.
  await expect(page.getByRole('heading', { level: 2, name: 'Open cases' })).toBeFocused();
  // From the top of the page (a click on its empty corner moves the keyboard's starting point there).
  await page.mouse.click(2, 2);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('button', { name: 'Skip to the content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();

  await tabTo(page, page.getByRole('link', { name: 'Settings' }), 'Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2 }).first()).toBeFocused();
  await expect(page).toHaveTitle('Settings · Sanad');

  await tabTo(page, page.getByRole('link', { name: 'Report an incident' }), 'Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: 'Report an incident' })).toBeFocused();
  await page.getByLabel('Recorded by (your name)').fill('Ms Idrissi');
  await page.getByLabel('How did you learn of it?').selectOption('oral');
  await page.getByLabel('Who reported it?').selectOption('target');
  await page.getByLabel('Pseudonym').fill('Pupil N');
  await page.getByLabel('What happened, in the child’s own words').fill('Mocking messages.');
  await page.getByRole('button', { name: 'Save and go to triage' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Pupil N' })).toBeFocused();
  await expect(page).toHaveTitle(/^Case [0-9A-Z-]{8} · Sanad$/);

  // The "Emergency" link keeps the page and takes the focus to the numbers (on a case in emergency, its calls).
  await page.getByRole('link', { name: 'Emergency', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Emergency: call now' }).last()).toBeFocused();
  await expect(page).toHaveTitle(/^Case [0-9A-Z-]{8} · Sanad$/);
  await page.getByRole('group', { name: /^T1 ·/ }).getByLabel('Yes', { exact: true }).click();
  await expect(page.locator('#emergency-panel-title')).toBeVisible();
  await page.getByRole('link', { name: 'Emergency', exact: true }).click();
  await expect(page.locator('#emergency-panel-title')).toBeFocused();
});

test('creating the vault: the recovery code screen has the focus on its title, then the home page on its heading', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('sanad.language', 'en'));
  await page.goto('/');
  await page.getByLabel('Passphrase (12 characters or more)').fill(PASSPHRASE);
  await page.getByLabel('The same passphrase again').fill(PASSPHRASE);
  await page.getByLabel('School name').fill(SCHOOL_NAME);
  await page.getByLabel('School name').press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: 'Your recovery code' })).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: 'Open cases' })).toBeFocused();
});
