import { readFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import { SANDBOX_STEPS, escalateFromTriage, openAll, reportMinimalCase } from './case-steps';
import { PASSPHRASE, SCHOOL_NAME, unlock } from './vault-steps';
import { TRAINING_TEXT } from '../../src/i18n/training-text';

/**
 * axe-core with every WCAG 2.0–2.2 A and AA rule and its best-practice rules, on every screen state there
 * is, in Arabic and in French: no violation of any impact. The states: the vault (created, refused, the
 * recovery code, unlocking and a refused unlock), home empty and with a case, the report and its refused
 * submit, the protocol, settings, backup, the training library, a scenario (a decision asked and answered,
 * presentation mode), the sandbox and a sandbox case at each step after triage with every form open, and a
 * real case in triage (every panel open, a refused "complete") and in emergency escalation (every form open),
 * and the idle lock's warning; and, apart, the message shown in place of a page that failed.
 */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const catalogs = { ar: readJson('protocol/text/ar.json'), fr: readJson('protocol/text/fr.json') };
function readJson(path: string): Record<string, string> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
}

for (const lang of ['ar', 'fr'] as const) {
  test(`every screen state passes axe (WCAG 2.2 AA and best practice) in ${lang}`, async ({ page }) => {
    test.setTimeout(240_000);
    const expectClean = async (state: string) => expect(await violations(page), state).toEqual([]);
    await page.goto('/');
    await page.locator('.lang select').selectOption(lang);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);

    // The vault: created (after one refused attempt), the recovery code.
    await page.locator('#vault-confirm').waitFor();
    await expectClean('create the vault');
    await page.locator('#vault-passphrase').fill(PASSPHRASE);
    await page.locator('#vault-confirm').fill(`${PASSPHRASE}!`);
    await page.locator('form.vault button[type="submit"]').click();
    await expect(page.locator('.error-summary')).toBeFocused();
    await expectClean('create the vault, refused');
    await page.locator('#vault-confirm').fill(PASSPHRASE);
    await page.locator('#vault-school').fill(SCHOOL_NAME);
    await page.locator('form.vault button[type="submit"]').click();
    await page.getByTestId('recovery-code').waitFor();
    await expectClean('recovery code');
    await page.locator('#vault-saved').check();
    await page.locator('#vault-continue').click();
    await expect(page.locator('#home-title')).toBeVisible();
    await expectClean('home, no case');

    for (const hash of ['#/protocol', '#/settings', '#/backup', '#/training']) {
      await page.goto(`/${hash}`);
      await page.waitForLoadState('networkidle');
      await expectClean(hash);
    }

    // A scenario: a decision asked, then answered, then presented on a projector.
    await page.goto('/#/training/sextortion-emergency');
    const decision = page.locator('section.decision');
    // Page Down moves forward in every language (the arrows follow the reading direction).
    for (let i = 0; i < 40 && !(await decision.count()); i++) await page.keyboard.press('PageDown');
    await page.locator('.decision .choice').nth(1).click();
    await expectClean('decision asked');
    await page.keyboard.press('PageDown');
    await expect(decision).toHaveClass(/revealed/);
    await expectClean('decision answered');
    await page.locator('.player-controls button.secondary').nth(1).click();
    await expect(page.locator('html')).toHaveClass(/presenting/);
    await expectClean('presentation mode');
    await page.keyboard.press('Escape');

    // The sandbox: a case at each step after triage, every form open; then the list.
    const stepTitle = (step: string) => catalogs[lang][`step.${step}.title`]!;
    for (const [scenario, step] of SANDBOX_STEPS) {
      await page.goto(`/#/training/${scenario}`);
      const shown = page.getByTestId('player-step');
      await expect(shown).toBeVisible();
      for (let i = 0; i < 80 && (await shown.textContent()) !== stepTitle(step); i++) await page.keyboard.press('PageDown');
      await page.getByRole('button', { name: TRAINING_TEXT[lang]['sandbox.whatIf'], exact: true }).click();
      await expect(page.getByTestId('current-step')).toHaveText(stepTitle(step));
      await expect(page.locator('details.action').first()).toBeVisible();
      await openAll(page);
      await expectClean(`sandbox case in ${step}, every form open`);
    }
    await page.goto('/#/sandbox');
    await page.locator('.case-row').first().waitFor();
    await expectClean('sandbox');

    // A real case: the report refused then saved, triage with every panel open and refused, then the emergency.
    await page.goto('/#/report');
    await page.locator('form.report button[type="submit"]').click();
    await expect(page.locator('.error-summary')).toBeFocused();
    await expectClean('report, refused');
    await reportMinimalCase(page);
    await openAll(page);
    await expectClean('triage, every panel open');
    await page.locator('section.panel:has(#triage-title) > button').last().click();
    await expect(page.locator('.error-summary')).toBeFocused();
    await expectClean('triage, refused');
    await escalateFromTriage(page);
    await openAll(page);
    await expectClean('emergency, every form open');
    await page.goto('/#/');
    await page.locator('.case-row').first().waitFor();
    await expectClean('home, with a case');

    // Locked: the unlock screen, then a refused unlock.
    await page.reload();
    await page.locator('#vault-passphrase').fill('not our passphrase at all');
    await page.locator('form.vault button[type="submit"]').click();
    await expect(page.locator('.error-summary')).toBeFocused();
    await expectClean('unlock, refused');
    await unlock(page);

    // The idle lock's warning, a minute before it locks.
    // Half a minute at a time, from whenever the idle timer started: one jump lands in the warning's minute.
    const warning = page.getByRole('alertdialog');
    for (let i = 0; i < 10; i++) {
      await page.clock.fastForward('00:30');
      // Given the time to render before the next jump, which could otherwise pass the lock itself.
      if (await expect(warning).toBeVisible({ timeout: 1000 }).then(() => true, () => false)) break;
    }
    await expect(warning).toBeVisible();
    await expectClean('idle lock warning');
  });
}

for (const lang of ['ar', 'fr'] as const) {
  test(`the message in place of a page that failed passes axe in ${lang}`, async ({ page }) => {
    // A page whose part of the app cannot be downloaded: the protocol's, on a first visit (nothing cached yet).
    await page.route('**/assets/ProtocolPage-*.js', (route) => route.abort('internetdisconnected'));
    await page.goto('/');
    await page.locator('.lang select').selectOption(lang);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await page.locator('nav.nav a[href="#/protocol"]').click();
    await expect(page.locator('section.page-failed h2')).toBeFocused();
    expect(await violations(page), 'a page that failed').toEqual([]);
  });
}
