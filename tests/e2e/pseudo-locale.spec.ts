import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import { escalateFromTriage, reportMinimalCase } from './case-steps';
import { PASSPHRASE, unlock } from './vault-steps';

/**
 * With the pseudo-locale every catalog string is wrapped in ⟦ ⟧. Any other visible text, except user data
 * (isolated with dir="auto" or <bdi>), dates, numbers and the language names, was hard-coded.
 */
async function unwrappedText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = (n.textContent ?? '').trim();
      const el = n.parentElement;
      if (!text || !el || el.closest('.lang, bdi, time, [dir="auto"], option, script, style')) continue;
      if (/^[\s\d·:—\-–,.()/%]+$/.test(text)) continue;
      if (!text.includes('⟦') && !text.includes('⟧')) bad.push(text);
    }
    return bad;
  });
}

test('no visible string is hard-coded: every screen in the pseudo-locale', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.setItem('sanad.pseudo', '1'));
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('⟦سند⟧');
  await page.locator('#vault-confirm').waitFor();
  await page.locator('form.vault button[type="submit"]').click();
  await expect(page.locator('form.vault .problems')).toBeVisible();
  expect(await unwrappedText(page), 'create the vault, with a problem').toEqual([]);
  await page.locator('#vault-passphrase').fill(PASSPHRASE);
  await page.locator('#vault-confirm').fill(PASSPHRASE);
  await page.locator('form.vault button[type="submit"]').click();
  await page.getByTestId('recovery-code').waitFor();
  expect(await unwrappedText(page), 'recovery code').toEqual([]);
  await page.locator('#vault-saved').check();
  await page.locator('#vault-continue').click();
  for (const hash of ['#/', '#/report', '#/protocol', '#/settings']) {
    await page.goto(`/${hash}`);
    await page.waitForLoadState('networkidle');
    expect(await unwrappedText(page), hash).toEqual([]);
  }
  // Empty submit shows the problems list; then a case in triage, in emergency, and a conflict with its forms.
  await page.goto('/#/report');
  await page.locator('form.report button[type="submit"]').click();
  await expect(page.locator('.problems').first()).toBeVisible();
  expect(await unwrappedText(page), 'report problems').toEqual([]);
  await reportMinimalCase(page);
  expect(await unwrappedText(page), 'triage').toEqual([]);
  await escalateFromTriage(page);
  await page.locator('section.panel.emergency fieldset button').first().click();
  for (const d of await page.locator('details').all()) await d.locator('summary').click();
  expect(await unwrappedText(page), 'emergency').toEqual([]);
  await page.reload();
  await page.locator('#vault-passphrase').fill('not the passphrase at all');
  await page.locator('form.vault button[type="submit"]').click();
  await expect(page.locator('form.vault .problems')).toBeVisible();
  expect(await unwrappedText(page), 'unlock, wrong passphrase').toEqual([]);
  await unlock(page);
  await page.evaluate(() => localStorage.removeItem('sanad.pseudo'));
});
