import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';

/**
 * The training player as a trainer uses it: opened from the library on a phone, presented on a projector
 * with a clicker, and left for the sandbox with "What if…".
 */
const en = JSON.parse(readFileSync('protocol/text/en.json', 'utf8')) as Record<string, string>;
const stepTitle = (step: string) => en[`step.${step}.title`]!;
const THREATS = JSON.parse(readFileSync('protocol/scenarios/threats-of-violence.json', 'utf8')) as { title: Record<string, string>; steps: unknown[] };
const of = (i: number) => `Event ${i} of ${THREATS.steps.length}`;

/** Chooses the language on the library (it is remembered), then opens the scenario fresh, nothing focused. */
async function openScenario(page: Page, id: string, lang: 'en' | 'ar' = 'en') {
  await page.goto('/#/training');
  await page.locator('.lang select').selectOption(lang);
  await page.goto(`/#/training/${id}`);
  await expect(page.locator('#player-title')).toBeVisible();
}

/** The toolbar's forward button ("Next", or "Show the protocol's answer" at a decision). */
const forward = (page: Page) => page.locator('.player-controls button').nth(1).click();

/** Moves forward until the player shows `step`. */
async function playUntil(page: Page, step: string) {
  const shown = page.getByTestId('player-step');
  for (let i = 0; i < 80 && (await shown.textContent()) !== step; i++) await forward(page);
  await expect(shown).toHaveText(step);
}

test('a scenario picked low in the library opens at the top of the page', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/#/training');
  await page.locator('.lang select').selectOption('en');
  const last = page.locator('.case-row a').last();
  await last.scrollIntoViewIfNeeded();
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
  await last.click();
  await expect(page.locator('#player-title')).toBeVisible();
  await expect(page.locator('#player-title')).toBeInViewport();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
});

test('present mode: a clicker\'s Page Down and Page Up move, the toolbar hides, an h1 stays, Esc and the button leave', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openScenario(page, 'threats-of-violence');
  const position = page.getByTestId('player-position');
  const step = page.getByTestId('player-step');
  const toolbar = page.locator('.player-controls');
  const present = page.getByRole('button', { name: 'Present (full screen)' });
  const exit = page.getByRole('button', { name: 'Exit presentation' });
  await expect(position).toHaveText(of(0));

  await present.click();
  await expect(page.locator('html')).toHaveClass(/presenting/);
  await expect(toolbar).toBeHidden();
  await expect(page.getByRole('button', { name: 'Next' })).toHaveCount(0);
  await expect(exit).toBeVisible();
  // The app's header (and its h1) is out of the way; the page keeps one h1 for screen readers.
  await expect(page.locator('.shell > header')).toBeHidden();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Presentation: ${THREATS.title.en}`);

  await page.keyboard.press('PageDown');
  await expect(position).toHaveText(of(1));
  await expect(step).toHaveText(stepTitle('intake'));
  await page.keyboard.press('PageDown');
  await expect(position).toHaveText(of(2));
  await page.keyboard.press('PageUp');
  await expect(position).toHaveText(of(1));
  await page.keyboard.press('PageUp');
  await expect(position).toHaveText(of(0));
  await expect(step).toHaveText(stepTitle('detected'));
  // Arrows follow the reading direction (left to right in English), space moves on too.
  await page.keyboard.press('ArrowRight');
  await expect(position).toHaveText(of(1));
  await page.keyboard.press(' ');
  await expect(position).toHaveText(of(2));
  await page.keyboard.press('ArrowLeft');
  await expect(position).toHaveText(of(1));

  await page.keyboard.press('Escape');
  await expect(page.locator('html')).not.toHaveClass(/presenting/);
  await expect(toolbar).toBeVisible();
  await expect(exit).toHaveCount(0);
  await expect(page.locator('.shell > header')).toBeVisible();
  await expect(present).toBeFocused();
  await expect(position).toHaveText(of(1));

  await present.click();
  await expect(toolbar).toBeHidden();
  await exit.click();
  await expect(page.locator('html')).not.toHaveClass(/presenting/);
  await expect(toolbar).toBeVisible();
  expect(await page.evaluate(() => document.fullscreenElement)).toBeNull();
});

test('in Arabic the left arrow and Page Down move forward, the right arrow and Page Up back', async ({ page }) => {
  await openScenario(page, 'threats-of-violence', 'ar');
  const position = page.getByTestId('player-position');
  const n = THREATS.steps.length;
  await page.getByRole('button', { name: 'عرض (ملء الشاشة)' }).click();
  await page.keyboard.press('PageDown');
  await page.keyboard.press('ArrowLeft');
  await expect(position).toHaveText(`الحدث 2 من ${n}`);
  await page.keyboard.press('ArrowRight');
  await expect(position).toHaveText(`الحدث 1 من ${n}`);
  await page.keyboard.press('PageUp');
  await expect(position).toHaveText(`الحدث 0 من ${n}`);
  await page.getByRole('button', { name: 'الخروج من العرض' }).click();
  await expect(page.locator('.player-controls')).toBeVisible();
});

test('on a 390 px phone the statechart is a list of the steps, the current one marked', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openScenario(page, 'threats-of-violence');
  const chart = page.locator('.statechart');
  await expect(chart.locator('svg')).toBeHidden();
  const list = chart.locator('ol');
  await expect(list).toBeVisible();
  await expect(list.locator('li')).toHaveText(['detected', 'intake', 'triage', 'emergencyEscalation', 'conflictHandling', 'assessment', 'supportAndIntervention', 'followUp', 'escalatedTrackB', 'monitoring', 'closed'].map(stepTitle));
  const current = list.locator('[aria-current="step"]');
  await expect(current).toHaveText(stepTitle('detected'));
  await playUntil(page, stepTitle('triage'));
  await expect(current).toHaveCount(1);
  await expect(current).toHaveText(stepTitle('triage'));
  await expect(current).toBeVisible();
  // An arrow between each step and the next, and nothing wider than the phone.
  const arrow = await list.locator('li').nth(1).evaluate((li) => getComputedStyle(li, '::before').content);
  expect(arrow).toContain('↓');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test('on a wide screen the statechart stays a chart, every move between steps an arrow', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openScenario(page, 'threats-of-violence');
  const chart = page.locator('.statechart');
  await expect(chart.locator('svg')).toBeVisible();
  await expect(chart.locator('ol')).toBeHidden();
  const lines = chart.locator('svg line');
  expect(await lines.count()).toBeGreaterThan(10);
  const heads = await lines.evaluateAll((ls) => ls.map((l) => l.getAttribute('marker-end')));
  expect(heads.every((h) => h === 'url(#statechart-edge)' || h === 'url(#statechart-taken)')).toBe(true);
  await expect(chart.locator('marker#statechart-edge path')).toHaveCount(1);
  await playUntil(page, stepTitle('triage'));
  // The path taken (detected → intake → triage) is drawn with its own arrowheads.
  expect(await chart.locator('line[marker-end="url(#statechart-taken)"]').count()).toBe(2);
});

test('the room\'s choice badge is at least 16 px, on screen and when presenting', async ({ page }) => {
  await openScenario(page, 'threats-of-violence');
  const decision = page.locator('.decision');
  for (let i = 0; i < 80 && !(await decision.count()); i++) await forward(page);
  await decision.locator('.choice').first().click();
  const badge = decision.locator('.badge');
  await expect(badge).toHaveText("the room's choice");
  const size = () => badge.evaluate((b) => parseFloat(getComputedStyle(b).fontSize));
  expect(await size()).toBeGreaterThanOrEqual(16);
  await page.getByRole('button', { name: 'Present (full screen)' }).click();
  await expect(page.locator('html')).toHaveClass(/presenting/);
  expect(await size()).toBeGreaterThanOrEqual(16);
});

test('"What if…" opens a sandbox case with its forms at once, no tap elsewhere needed; the trainer\'s name saves as typed', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openScenario(page, 'shared-concern-resolved');
  await playUntil(page, stepTitle('assessment'));
  await page.getByRole('button', { name: /^What if…/ }).click();
  await expect(page).toHaveURL(/#\/sandbox\/[\w-]+$/);
  await expect(page.getByTestId('current-step')).toHaveText(stepTitle('assessment'));
  // No name typed, no field left: the forms are there, recorded under the trainer by default.
  await expect(page.locator('details.action').first()).toBeVisible();
  const name = page.getByLabel('Recorded by (your name)');
  await expect(name).toHaveCount(1);
  await expect(name).toHaveValue('Trainer');
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  // A name typed is kept without leaving the field.
  await name.fill('Mme Alaoui');
  await expect(name).toBeFocused();
  // Saved: the case opened again reads it back from the sandbox's vault (a save is sealed, then written), and so
  // does the page loaded again.
  const url = page.url();
  await page.goto('/#/training');
  await page.goto(url);
  await expect(page.getByLabel('Recorded by (your name)')).toHaveValue('Mme Alaoui');
  await page.reload();
  await expect(page.getByLabel('Recorded by (your name)')).toHaveValue('Mme Alaoui');
  await expect(page.locator('details.action').first()).toBeVisible();
});
