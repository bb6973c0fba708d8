import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';

/**
 * Steps through a case by structure, not by words, for the checks that run in every language
 * (accessibility, pseudo-locale): a minimal report, then a hard trigger at triage.
 */
export async function reportMinimalCase(page: Page) {
  await page.locator('input[autocomplete="name"]').fill('Staff A');
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
