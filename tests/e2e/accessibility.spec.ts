import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import { escalateFromTriage, reportMinimalCase } from './case-steps';
import { PASSPHRASE, unlock, SCHOOL_NAME } from './vault-steps';

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
    // The vault screens come first on every visit.
    await page.locator('#vault-confirm').waitFor();
    expect(await seriousViolations(page), 'create the vault').toEqual([]);
    await page.locator('#vault-passphrase').fill(PASSPHRASE);
    await page.locator('#vault-confirm').fill(PASSPHRASE);
    await page.locator('#vault-school').fill(SCHOOL_NAME);
    await page.locator('form.vault button[type="submit"]').click();
    await page.getByTestId('recovery-code').waitFor();
    expect(await seriousViolations(page), 'recovery code').toEqual([]);
    await page.locator('#vault-saved').check();
    await page.locator('#vault-continue').click();
    for (const hash of ['#/', '#/report', '#/protocol', '#/settings', '#/backup', '#/training', '#/training/sextortion-emergency']) {
      await page.goto(`/${hash}`);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await page.waitForLoadState('networkidle');
      expect(await seriousViolations(page), hash).toEqual([]);
    }
    // A decision put to the room, asked then answered; then the same case continued in the sandbox.
    await page.goto('/#/training/sextortion-emergency');
    for (let i = 0; i < 14; i++) await page.locator('.player-controls button').nth(1).click();
    await page.locator('.decision .choice').nth(1).click();
    expect(await seriousViolations(page), 'decision asked').toEqual([]);
    await page.locator('.player-controls button').nth(1).click();
    await page.locator('.decision .answer').waitFor();
    expect(await seriousViolations(page), 'decision answered').toEqual([]);
    await page.getByRole('button', { name: lang === 'ar' ? /^ماذا لو/ : /^Et si/ }).click();
    await page.getByTestId('current-step').waitFor();
    expect(await seriousViolations(page), 'sandbox case').toEqual([]);
    await page.goto('/#/sandbox');
    await page.locator('.case-row').waitFor();
    expect(await seriousViolations(page), 'sandbox').toEqual([]);
    // A case in triage and in emergency escalation.
    await page.goto('/#/report');
    await reportMinimalCase(page);
    expect(await seriousViolations(page), 'triage').toEqual([]);
    await escalateFromTriage(page);
    expect(await seriousViolations(page), 'emergency').toEqual([]);
    await page.reload();
    await page.locator('#vault-passphrase').waitFor();
    expect(await seriousViolations(page), 'unlock').toEqual([]);
    await unlock(page);
  });
}
