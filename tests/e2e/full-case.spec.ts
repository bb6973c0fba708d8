import { expect, test } from './fixtures';
import { openAction as action, openFold as fold } from './case-steps';
import type { Page } from '@playwright/test';
import { openUnlocked } from './vault-steps';

const NOTHING_DUE_CLOSED = 'الملفات المغلقة';
const NOTHING_DUE = 'لا شيء مستحق';

/** Page helpers in the words a teacher sees (Arabic). */
async function reportCase(page: Page) {
  await openUnlocked(page, '/#/report');
  await page.getByLabel('اسم من يسجّل').fill('ذ. بنعلي');
  await page.getByLabel('كيف علمت بالأمر؟').selectOption('oral');
  await page.getByLabel('من بلّغ؟').selectOption('target');
  await page.getByLabel('الاسم المستعار').fill('التلميذ أ');
  await page.getByLabel('ما حدث، بكلمات الطفل نفسه').fill('كتب لي مرة واحدة «أنت غبي» في مجموعة القسم ثم اعتذر.');
  await page.getByLabel('أخبرت منسّق الحالة ومدير المؤسسة').check();
  await page.getByRole('button', { name: 'حفظ والانتقال إلى الفرز' }).click();
  await expect(page.getByTestId('current-step')).toHaveText('الفرز');
}

test('a one-off conflict from report to closure, in Arabic', async ({ page }) => {
  await reportCase(page);
  for (const id of ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7']) {
    await page.getByRole('group', { name: new RegExp(`^${id} ·`) }).getByLabel('لا', { exact: true }).check();
  }
  await page.getByRole('checkbox', { name: 'إهانات وسخرية وإذلال متكرر' }).check();
  await page.getByLabel('درجة الخطورة (0–4)').selectOption('0');
  await page.getByLabel('لماذا هذا المستوى؟').fill('رسالة واحدة واعتذار، بين صديقين.');
  await page.getByRole('button', { name: 'إنهاء الفرز' }).click();
  await expect(page.getByTestId('current-step')).toHaveText('معالجة خلاف');

  // Closing too early is not offered: the page says which rules refuse it (the family not yet decided on).
  await expect(page.locator('details.action summary', { hasText: /^أغلق الملف$/ })).toHaveCount(0);
  await expect(page.locator('.why-not')).toContainText('لا قرار بعد بشأن أولياء أمور التلميذ أ: إخبارهم، أو التأجيل مع ذكر السبب ومن قرّر.');

  let form = await action(page, 'أجّل إخبار أولياء الأمور');
  await form.getByLabel('السبب').fill('خلاف عابر عولج في القسم؛ يُخبَر الآباء إن تكرر.');
  await form.getByRole('button', { name: 'تسجيل' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'تم التسجيل: أجّل إخبار أولياء الأمور' })).toBeVisible();
  form = await action(page, 'قيّم الحالة قبل الإغلاق');
  await form.getByLabel('ما الذي نجح').fill('حوار في الصباح نفسه.');
  await form.getByRole('button', { name: 'تسجيل' }).click();
  form = await action(page, 'أغلق الملف');
  await form.getByLabel('السبب').selectOption('NOT_BULLYING');
  await form.getByRole('button', { name: 'تسجيل' }).click();
  await expect(page.getByTestId('current-step')).toHaveText('مغلق');

  const chronology = await fold(page, 'chronology');
  await expect(chronology.getByText('إغلاق', { exact: true })).toBeVisible();
  await expect(chronology.getByText('ليس تنمرا', { exact: true })).toBeVisible();

  // Home: a case with nothing due is listed among the closed cases, named, with nothing due said.
  await page.getByRole('link', { name: 'الملفات', exact: true }).click();
  await page.locator('details > summary', { hasText: NOTHING_DUE_CLOSED }).click();
  const closed = page.locator('.case-row');
  await expect(closed).toHaveCount(1);
  await expect(closed.locator('.label')).toHaveText('التلميذ أ');
  await expect(closed.locator('.due')).toHaveText(NOTHING_DUE);
});

test('evidence of an intimate image of a minor can only be described', async ({ page }) => {
  await reportCase(page);
  const form = await action(page, 'أضف دليلا');
  await form.getByText('تفاصيل أخرى').click();
  await expect(form.getByLabel(/^الرابط/)).toBeVisible();
  await form.getByLabel('صورة حميمة لقاصر').check();
  await expect(form.getByRole('note')).toContainText('لا تنظر إليها');
  await expect(form.getByLabel(/^الرابط/)).toHaveCount(0);
  await expect(form.getByLabel(/^اختر ملفا لحساب بصمته/)).toHaveCount(0);
  await expect(form.getByLabel(/^مكان الحفظ/)).toHaveCount(0);
  await form.getByLabel(/^الوصف/).fill('حساب على سناب شات يدعي امتلاك صورة خاصة؛ لم يرها أحد في المؤسسة.');
  await form.getByRole('button', { name: 'تسجيل' }).click();
  await expect(page.getByRole('status')).toContainText('تم التسجيل: أضف دليلا');
  await expect((await fold(page, 'chronology')).getByText('دليل جديد')).toBeVisible();
  await fold(page, 'record');
  const item = page.getByRole('group', { name: 'الأدلة' }).getByRole('listitem');
  await expect(item).toContainText('حساب على سناب شات يدعي امتلاك صورة خاصة');
  await expect(item).toContainText('موصوفة فقط، ولا تُحفظ أبدا');
});
