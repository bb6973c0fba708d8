import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';

/**
 * A refused save as a user meets it: the summary of what to fix has the keyboard focus (a screen reader reads
 * it), it lists `expected` (each a part of one item's text), and each item that names a field points at a
 * control marked aria-invalid that is described by that item.
 */
export async function expectRefused(page: Page, ...expected: (string | RegExp)[]): Promise<void> {
  const summary = page.locator('.error-summary');
  await expect(summary).toBeFocused();
  for (const text of expected) await expect(summary.locator('li').filter({ hasText: text })).toHaveCount(1);
  const fields = await summary.locator('li[id$="-problem"]').evaluateAll((items) => items.map((li) => li.id.replace(/-problem$/, '')));
  for (const field of fields) {
    const control = page.locator(`[id="${field}"]`);
    await expect(control).toHaveAttribute('aria-describedby', new RegExp(`(^| )${field}-problem( |$)`));
    if ((await control.evaluate((el) => el.getAttribute('role'))) !== 'group') await expect(control).toHaveAttribute('aria-invalid', 'true');
  }
}
