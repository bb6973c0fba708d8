import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';

/**
 * 400% zoom is a 1280 px screen seen through a 320 × 256 CSS px window (WCAG 1.4.10); the text-spacing
 * override is WCAG 1.4.12's. At that size, and on a desktop where the training banner is sticky, every focus
 * stop of a training screen is at least partly on screen and not hidden behind the banner (WCAG 2.4.11),
 * and nothing scrolls sideways.
 */
const TEXT_SPACING = '* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-block-end: 2em !important; }';

/**
 * Tabs forward through up to `max` focus stops, then back (Shift+Tab scrolls a control in from above, where a
 * sticky banner sits); returns the stops that were hidden: nothing of them in the window, or all under the banner.
 */
async function hiddenFocusStops(page: Page, max: number): Promise<string[]> {
  const hidden: string[] = [];
  let stops = 0;
  for (let i = 0; i < 2 * max; i++) {
    await page.keyboard.press(i < max ? 'Tab' : 'Shift+Tab');
    const seen = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const r = el.getBoundingClientRect();
      // What of it is inside the window, then whether the sticky banner covers all of that.
      const top = Math.max(r.top, 0);
      const bottom = Math.min(r.bottom, innerHeight);
      const banner = document.querySelector<HTMLElement>('.training-banner');
      const b = banner && getComputedStyle(banner).position === 'sticky' ? banner.getBoundingClientRect() : null;
      const covered = b !== null && b.top <= top && b.bottom >= bottom;
      const shown = bottom > top && r.right > 0 && r.left < innerWidth && !covered;
      return { shown, name: `${el.tagName.toLowerCase()} "${(el.textContent ?? el.getAttribute('aria-label') ?? '').trim().slice(0, 40)}"` };
    });
    if (!seen) continue;
    stops++;
    if (!seen.shown) hidden.push(`${i < max ? 'Tab' : 'Shift+Tab'}: ${seen.name}`);
  }
  expect(stops, 'focus stops visited').toBeGreaterThan(10);
  return hidden;
}

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - innerWidth);

// The text-spacing override is the reader's own style sheet (a bookmarklet or an extension), which the page's
// Content-Security-Policy does not govern in a real browser; injected by the test, it needs the policy bypassed.
test.use({ bypassCSP: true });

for (const size of [
  { name: '400% zoom (320 × 256) with text spacing', width: 320, height: 256, spacing: true },
  { name: 'a desktop (1280 × 720), the banner sticky', width: 1280, height: 720, spacing: false },
]) {
  test(`training and sandbox at ${size.name}: no focus stop hidden, nothing sideways`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.addInitScript(() => localStorage.setItem('sanad.language', 'en'));
    await page.goto('/#/training/threats-of-violence');
    await expect(page.locator('#player-title')).toBeVisible();
    // Played a few events in, then "What if…": a sandbox case with its forms.
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
    await page.setViewportSize({ width: size.width, height: size.height });
    if (size.spacing) await page.addStyleTag({ content: TEXT_SPACING });
    await page.locator('main').focus();
    expect(await hiddenFocusStops(page, 40), 'scenario player').toEqual([]);
    expect(await sideways(page), 'scenario player').toBeLessThanOrEqual(1);

    await page.locator('.player .secondary', { hasText: /What if/ }).click();
    await expect(page.getByTestId('current-step')).toBeVisible();
    await expect(page.locator('details.action').first()).toBeVisible();
    if (size.spacing) await page.addStyleTag({ content: TEXT_SPACING });
    await page.locator('main').focus();
    expect(await hiddenFocusStops(page, 60), 'sandbox case').toEqual([]);
    expect(await sideways(page), 'sandbox case').toBeLessThanOrEqual(1);
  });
}
