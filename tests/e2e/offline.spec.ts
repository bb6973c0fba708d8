import { expect, test } from './fixtures';
import { unlock } from './vault-steps';

test('after the first load, the app works with the network off, pages and cases included', async ({ page, context }) => {
  await page.goto('/');
  // The first visit is not controlled by the service worker yet (registerType 'prompt'): wait, then reload once.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('سند');
  // Locked, offline: the emergency numbers are there before anything else.
  await expect(page.getByRole('link', { name: /اتصل بالرقم 19/ })).toHaveAttribute('href', 'tel:19');
  await unlock(page);
  // Pages loaded on demand were precached too.
  await page.getByRole('link', { name: 'التبليغ عن واقعة' }).first().click();
  await expect(page.getByRole('heading', { name: 'التبليغ عن واقعة' })).toBeVisible();
  await page.getByLabel('اسم من يسجّل').fill('ذ. الإدريسي');
  await page.getByLabel('كيف علمت بالأمر؟').selectOption('oral');
  await page.getByLabel('من بلّغ؟').selectOption('target');
  await page.getByLabel('الاسم المستعار').fill('التلميذة س');
  await page.getByLabel('ما حدث، بكلمات الطفل نفسه').fill('يكتبون تعليقات ساخرة تحت صوري كل يوم.');
  await page.getByRole('button', { name: 'حفظ والانتقال إلى الفرز' }).click();
  await expect(page.getByTestId('current-step')).toHaveText('الفرز');
  await page.getByRole('link', { name: 'البروتوكول' }).click();
  await expect(page.getByRole('heading', { name: 'الفرز' })).toBeVisible();
  // Training too: a scenario, its decision, and "what if" into the sandbox.
  await page.getByRole('link', { name: 'التكوين' }).click();
  await page.getByRole('link', { name: /ابتزاز جنسي عبر سناب شات/ }).click();
  for (let i = 0; i < 15; i++) await page.keyboard.press('ArrowLeft');
  await expect(page.locator('.decision .answer')).toBeVisible();
  await page.getByRole('button', { name: /^ماذا لو/ }).click();
  await expect(page.locator('.training-banner')).toHaveText(/فضاء التجريب التكويني/);
  // The scenario's first "yes" came before this decision: the sandbox case is in emergency escalation.
  await expect(page.getByTestId('current-step')).toHaveText('التصعيد الاستعجالي');
  await context.setOffline(false);
});
