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

export async function escalateFromTriage(page: Page) {
  await page.locator('fieldset.trigger input[value="yes"]').first().check();
  for (const i of [1, 2, 3, 4, 5, 6]) await page.locator('fieldset.trigger').nth(i).locator('input[value="no"]').check();
  await page.locator('.panel input[type="checkbox"]').first().check();
  await page.locator('.panel button.danger').click();
  await expect(page.locator('section.panel.emergency')).toBeVisible();
}
