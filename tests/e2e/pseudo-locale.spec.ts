import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import { SANDBOX_STEPS, escalateFromTriage, openAll, reportMinimalCase } from './case-steps';
import { PASSPHRASE, unlock, SCHOOL_NAME } from './vault-steps';

/**
 * With the pseudo-locale every catalog string is wrapped in ⟦ ⟧. Any other visible text, except what people
 * typed or what a scenario file says (isolated with dir="auto" or <bdi>), dates, numbers and the language
 * names, was hard-coded. Option elements are checked like any other text. The walk visits every screen:
 * the vault, home, report, protocol, settings, backup and restore, a real case in triage and in emergency with
 * every panel and form open (record, print, transfer), the training library, a scenario with a decision asked
 * and answered, the sandbox, and a sandbox case at every step after triage with every form open.
 */
async function unwrappedText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = (n.textContent ?? '').trim();
      const el = n.parentElement;
      // Language names are each written in their own language (option lang=…), on purpose.
      if (!text || !el || el.closest('.lang, bdi, time, [dir="auto"], option[lang], script, style')) continue;
      if (/^[\s\d·:—\-–,.()/%…]+$/.test(text)) continue;
      if (!text.includes('⟦') && !text.includes('⟧')) bad.push(text);
    }
    return bad;
  });
}

async function check(page: Page, screen: string) {
  expect(await unwrappedText(page), screen).toEqual([]);
}

const en = JSON.parse(readFileSync('protocol/text/en.json', 'utf8')) as Record<string, string>;
const stepTitle = (step: string) => `⟦${en[`step.${step}.title`]}⟧`;

/** Plays a scenario until the player shows `step`, then leaves the script with "What if…" into the sandbox. */
async function sandboxCaseAt(page: Page, scenario: string, step: string) {
  await page.goto(`/#/training/${scenario}`);
  const shown = page.getByTestId('player-step');
  await expect(shown).toBeVisible();
  for (let i = 0; i < 80 && (await shown.textContent()) !== stepTitle(step); i++) await page.keyboard.press('ArrowRight');
  await expect(shown).toHaveText(stepTitle(step));
  await page.getByRole('button', { name: /^⟦What if/ }).click();
  await expect(page.getByTestId('current-step')).toHaveText(stepTitle(step));
  // The sandbox asks once who records (its own settings): the forms show after that.
  const author = page.getByLabel('⟦Recorded by (your name)⟧');
  if (await author.count()) {
    await author.fill('Trainer');
    await author.blur();
  }
  await expect(page.locator('details.action').first()).toBeVisible();
}

test('no visible string is hard-coded: every screen in the pseudo-locale', async ({ page, newDevice }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  // Once the app has drawn itself: its first render stores the page's language, which would overwrite ours.
  await page.locator('#vault-passphrase').waitFor();
  await page.evaluate(() => {
    localStorage.setItem('sanad.pseudo', '1');
    localStorage.setItem('sanad.language', 'en');
  });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('⟦Sanad⟧');
  await page.locator('#vault-confirm').waitFor();
  await page.locator('form.vault button[type="submit"]').click();
  await expect(page.locator('form.vault .problems')).toBeVisible();
  await check(page, 'create the vault, with a problem');
  await page.locator('#vault-passphrase').fill(PASSPHRASE);
  await page.locator('#vault-confirm').fill(PASSPHRASE);
  await page.locator('#vault-school').fill(SCHOOL_NAME);
  await page.locator('form.vault button[type="submit"]').click();
  await page.getByTestId('recovery-code').waitFor();
  await check(page, 'recovery code');
  await page.locator('#vault-saved').check();
  await page.locator('#vault-continue').click();

  for (const hash of ['#/', '#/report', '#/protocol', '#/settings', '#/backup', '#/training', '#/sandbox']) {
    await page.goto(`/${hash}`);
    await expect(page.locator('main h2').first()).toBeVisible();
    await openAll(page);
    await check(page, hash);
  }
  // Settings with a team member, a holiday and a school name typed in.
  await page.goto('/#/settings');
  await page.getByLabel('⟦Team member’s name⟧').fill('Ms Benali');
  await page.getByRole('button', { name: '⟦Add to the team⟧' }).click();
  await page.getByLabel('⟦School name⟧').fill('Lycée Ibn Sina');
  await page.getByLabel('⟦School name⟧').blur();
  await expect(page.getByRole('option', { name: 'Ms Benali' })).toHaveCount(1);
  await check(page, 'settings, filled in');

  // The report with its problems, then a real case: triage, every panel open, then the emergency step.
  await page.goto('/#/report');
  await page.locator('form.report button[type="submit"]').click();
  await expect(page.locator('.problems').first()).toBeVisible();
  await check(page, 'report problems');
  await reportMinimalCase(page);
  await openAll(page);
  await check(page, 'triage, every panel open');
  await page.locator('details.transfer button').click();
  await expect(page.getByTestId('transfer-code')).toBeVisible();
  await check(page, 'transfer code shown');
  await escalateFromTriage(page);
  await page.locator('section.panel.emergency fieldset button').first().click();
  await openAll(page);
  await check(page, 'emergency, every form open');

  // Training: a decision asked, then answered; then a sandbox case at every step after triage.
  await page.goto('/#/training/shared-concern-resolved');
  const decision = page.locator('section.decision');
  for (let i = 0; i < 40 && !(await decision.count()); i++) await page.keyboard.press('ArrowRight');
  await expect(decision).toBeVisible();
  await check(page, 'decision asked');
  await decision.locator('button.choice').first().click();
  await page.keyboard.press('ArrowRight');
  await expect(decision).toHaveClass(/revealed/);
  await check(page, 'decision answered');
  for (const [scenario, step] of SANDBOX_STEPS) {
    await sandboxCaseAt(page, scenario, step);
    await openAll(page);
    // Every form the step offers is open, with its fields (selects with their options).
    expect(await page.locator('details.action form').count(), step).toBeGreaterThan(step === 'closed' ? 1 : 3);
    await check(page, `sandbox case in ${step}, every form open`);
  }
  await page.goto('/#/sandbox');
  await expect(page.locator('.case-row')).toHaveCount(7);
  await check(page, 'sandbox list');

  // Locked, with a wrong passphrase.
  await page.goto('/#/');
  await page.reload();
  await page.locator('#vault-passphrase').fill('not the passphrase at all');
  await page.locator('form.vault button[type="submit"]').click();
  await expect(page.locator('form.vault .problems')).toBeVisible();
  await check(page, 'unlock, wrong passphrase');
  await unlock(page);

  // A new device: restoring a backup from the first screen.
  const device = await newDevice();
  const other = await device.newPage();
  await other.goto('/');
  await other.locator('#vault-passphrase').waitFor();
  await other.evaluate(() => {
    localStorage.setItem('sanad.pseudo', '1');
    localStorage.setItem('sanad.language', 'en');
  });
  await other.reload();
  await other.locator('#vault-confirm').waitFor();
  await other.locator('button.link').click();
  await expect(other.locator('form.restore')).toBeVisible();
  await check(other, 'restore a backup on a new device');
});
