import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';

/** axe-core on every screen there is so far, in Arabic and in French: no serious or critical violation. */

async function seriousViolations(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const lang of ['ar', 'fr'] as const) {
  test(`screens pass axe in ${lang}`, async ({ page }) => {
    await page.goto('/');
    await page.locator('.lang select').selectOption(lang);
    for (const hash of ['#/', '#/report', '#/protocol', '#/settings']) {
      await page.goto(`/${hash}`);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await page.waitForLoadState('networkidle');
      expect(await seriousViolations(page), hash).toEqual([]);
    }
    // A case in triage and in emergency escalation.
    await page.goto('/#/report');
    await page.locator('input[autocomplete="name"]').fill('Staff A');
    await page.locator('select').nth(1).selectOption('oral');
    await page.locator('select').nth(2).selectOption('target');
    await page.locator('.party input').first().fill('Pupil A');
    await page.locator('textarea').fill('Narrative');
    await page.locator('form.report button[type="submit"]').click();
    await expect(page.getByTestId('current-step')).toBeVisible();
    expect(await seriousViolations(page), 'triage').toEqual([]);
    await page.locator('fieldset.trigger input[value="yes"]').first().check();
    for (const i of [1, 2, 3, 4, 5, 6]) await page.locator('fieldset.trigger').nth(i).locator('input[value="no"]').check();
    await page.locator('.panel input[type="checkbox"]').first().check();
    await page.locator('.panel button.danger').click();
    await expect(page.locator('section.panel.emergency')).toBeVisible();
    expect(await seriousViolations(page), 'emergency').toEqual([]);
  });
}
