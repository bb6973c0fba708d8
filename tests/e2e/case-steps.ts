import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

/**
 * Steps through a case by structure, not by words, for the checks that run in every language
 * (accessibility, pseudo-locale): a minimal report, then a hard trigger at triage.
 */
export async function reportMinimalCase(page: Page) {
  await page.locator('#report-author').fill('Staff A');
  await page.locator('select').nth(1).selectOption('oral');
  await page.locator('select').nth(2).selectOption('target');
  await page.locator('.party input').first().fill('Pupil A');
  await page.locator('textarea').fill('Narrative');
  await page.locator('form.report button[type="submit"]').click();
  await expect(page.getByTestId('current-step')).toBeVisible();
}

/** One "yes" at triage: the case is in emergency escalation at once, with the other questions still open below. */
export async function escalateFromTriage(page: Page) {
  await page.locator('fieldset.trigger input[value="yes"]').first().check();
  await expect(page.locator('section.panel.emergency')).toBeVisible();
  await expect(page.locator('fieldset.trigger')).toHaveCount(6);
}

/** Opens the case page's action named `name` (its verb, as the teacher reads it) and returns it. */
export async function openAction(page: Page, name: string): Promise<Locator> {
  const form = page.locator('details.action').filter({ has: page.locator('summary', { hasText: new RegExp(`^${name}$`) }) });
  if (!(await form.evaluate((d) => (d as HTMLDetailsElement).open))) await form.locator('summary').click();
  return form;
}

/** Opens a folded section of the case page (chronology, record) and returns it. */
export async function openFold(page: Page, id: string): Promise<Locator> {
  const section = page.locator(`details#${id}`);
  if (!(await section.evaluate((d) => (d as HTMLDetailsElement).open))) await section.locator('summary').first().click();
  return section;
}

/** Opens every collapsed panel and form of the page, until none is left (an opened form may fold parts of its own). */
export async function openAll(page: Page) {
  // Set as a click on each summary would (the toggle event fires the same), nested panels included.
  await expect
    .poll(async () =>
      page.evaluate(() => {
        const closed = document.querySelectorAll<HTMLDetailsElement>('details:not([open])');
        closed.forEach((d) => (d.open = true));
        return closed.length;
      }),
    )
    .toBe(0);
}

/** A sandbox case at each step after triage: the scenario that reaches the step, and the step. */
export const SANDBOX_STEPS = [
  ['conflict-only', 'conflictHandling'],
  ['shared-concern-resolved', 'assessment'],
  ['shared-concern-resolved', 'supportAndIntervention'],
  ['shared-concern-resolved', 'followUp'],
  ['shared-concern-fails-track-b', 'escalatedTrackB'],
  ['shared-concern-resolved', 'monitoring'],
  ['shared-concern-resolved', 'closed'],
] as const;

/** The report form in English, every kind of field filled (oral, told by the target), saved: the case opens in triage. */
export async function reportEveryField(page: Page, fields: { author: string; pseudonym: string; name: string; className: string; narrative: string }) {
  await page.getByLabel('Recorded by (your name)').fill(fields.author);
  await page.getByLabel('How did you learn of it?').selectOption('oral');
  await page.getByLabel('Who reported it?').selectOption('target');
  await page.getByLabel('Pseudonym').fill(fields.pseudonym);
  await page.getByLabel('Real name (kept in the case only)').fill(fields.name);
  await page.getByLabel('Class').fill(fields.className);
  await page.getByLabel('What happened, in the child’s own words').fill(fields.narrative);
  await page.getByRole('button', { name: 'Save and go to triage' }).click();
  await expect(page.getByTestId('current-step')).toHaveText('Triage');
}

/** A one-off conflict reported, triaged at level 0 and closed the same day, in English; returns the case's URL. */
export async function reportAndClose(page: Page, pseudonym: string, narrative = 'One message “you are stupid” in the class group, then an apology.'): Promise<string> {
  await page.goto('/#/report');
  await page.getByLabel('Recorded by (your name)').fill('Ms Idrissi');
  await page.getByLabel('How did you learn of it?').selectOption('oral');
  await page.getByLabel('Who reported it?').selectOption('target');
  await page.getByLabel('Pseudonym').fill(pseudonym);
  await page.getByLabel('What happened, in the child’s own words').fill(narrative);
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
