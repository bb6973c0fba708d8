import { expect, test } from '@playwright/test';

test.describe('first screen', () => {
  test('opens in Arabic, right to left, with the emergency numbers', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('سند');
    await expect(page.getByRole('heading', { name: 'حالة استعجال: اتصل الآن' })).toBeVisible();
    await expect(page.getByRole('link', { name: /اتصل بالرقم 19/ })).toHaveAttribute('href', 'tel:19');
    await expect(page.getByRole('link', { name: /177/ })).toHaveAttribute('href', 'tel:177');
    await page.getByRole('link', { name: 'البروتوكول' }).click();
    await expect(page.getByRole('heading', { name: 'التصعيد الاستعجالي' })).toBeVisible();
  });

  test('switching to French turns the page left to right and keeps the choice on reload', async ({ page }) => {
    await page.goto('/');
    await page.getByLabel('اللغة').selectOption('fr');
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    await expect(page.getByRole('heading', { name: 'Urgence : appelez maintenant' })).toBeVisible();
    await page.getByRole('link', { name: 'Protocole' }).click();
    await expect(page.getByRole('heading', { name: "Escalade d'urgence" })).toBeVisible();
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page.getByRole('link', { name: /Appeler le 2511/ })).toHaveAttribute('href', 'tel:2511');
  });

  test('the emergency step tells what never to do', async ({ page }) => {
    await page.goto('/');
    await page.getByLabel('اللغة').selectOption('en');
    await page.getByRole('link', { name: 'Protocol', exact: true }).click();
    const step = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Emergency escalation' }) });
    await step.getByText('Never', { exact: true }).click();
    await expect(step.getByText('Do not use the shared-concern method in an emergency case.')).toBeVisible();
  });
});
