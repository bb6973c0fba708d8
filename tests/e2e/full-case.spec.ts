import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import { openUnlocked } from './vault-steps';

/** Page helpers in the words a teacher sees (Arabic). */
async function reportCase(page: Page) {
  await openUnlocked(page, '/#/report');
  await page.getByLabel('سجله (اسمك)').fill('ذ. بنعلي');
  await page.getByLabel('كيف علمت بالأمر؟').selectOption('oral');
  await page.getByLabel('من بلّغ؟').selectOption('target');
  await page.getByLabel('الاسم المستعار').fill('التلميذ أ');
  await page.getByLabel('ما حدث، بكلمات الطفل نفسه').fill('كتب لي مرة واحدة «أنت غبي» في مجموعة القسم ثم اعتذر.');
  await page.getByLabel('أخبرت منسق الفريق ومدير المؤسسة').check();
  await page.getByRole('button', { name: 'حفظ والانتقال إلى الفرز' }).click();
  await expect(page.getByTestId('current-step')).toHaveText('الفرز');
}

async function action(page: Page, name: string) {
  const form = page.locator('details.action').filter({ has: page.getByText(name, { exact: true }) });
  if (!(await form.evaluate((d) => (d as HTMLDetailsElement).open))) await form.locator('summary').click();
  return form;
}

test('a one-off conflict from report to closure, in Arabic', { tag: '@date' }, async ({ page }) => {
  await reportCase(page);
  for (const id of ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7']) {
    await page.getByRole('group', { name: new RegExp(`^${id} ·`) }).getByLabel('لا', { exact: true }).check();
  }
  await page.getByRole('checkbox', { name: 'إهانات وسخرية وإذلال متكرر' }).check();
  await page.getByLabel('الخطورة (0–4)').selectOption('0');
  await page.getByLabel('لماذا هذا المستوى؟').fill('رسالة واحدة واعتذار، بين صديقين.');
  await page.getByRole('button', { name: 'إنهاء الفرز' }).click();
  await expect(page.getByTestId('current-step')).toHaveText('معالجة خلاف');

  // Closing too early is refused by the rule that refuses it (the family not yet decided on), and nothing is lost.
  let form = await action(page, 'إغلاق');
  await form.getByLabel('السبب').selectOption('NOT_BULLYING');
  await form.getByRole('button', { name: 'تسجيل' }).click();
  await expect(form.getByRole('alert')).toHaveText('لا قرار بعد بشأن أولياء أمور التلميذ أ: إخبارهم، أو التأجيل مع ذكر السبب ومن قرّر.');
  await expect(form.getByLabel('السبب')).toHaveValue('NOT_BULLYING');

  form = await action(page, 'تأجيل إخبار الآباء');
  await form.getByLabel('السبب').fill('خلاف عابر عولج في القسم؛ يُخبَر الآباء إن تكرر.');
  await form.getByRole('button', { name: 'تسجيل' }).click();
  form = await action(page, 'حصيلة');
  await form.getByLabel('ما الذي نجح').fill('حوار في الصباح نفسه.');
  await form.getByRole('button', { name: 'تسجيل' }).click();
  form = await action(page, 'إغلاق');
  await form.getByLabel('السبب').selectOption('NOT_BULLYING');
  await form.getByRole('button', { name: 'تسجيل' }).click();
  await expect(page.getByTestId('current-step')).toHaveText('مغلق');

  const chronology = page.getByRole('region', { name: 'التسلسل الزمني' });
  await expect(chronology.getByText('إغلاق', { exact: true })).toBeVisible();
  await expect(chronology.getByText('ليس تنمرا', { exact: true })).toBeVisible();
});

test('evidence of an intimate image of a minor can only be described', async ({ page }) => {
  await reportCase(page);
  const form = await action(page, 'دليل جديد');
  await expect(form.getByLabel(/^الرابط/)).toBeVisible();
  await form.getByLabel('صورة حميمة لقاصر').check();
  await expect(form.getByRole('note')).toContainText('لا تنظر إليها');
  await expect(form.getByLabel(/^الرابط/)).toHaveCount(0);
  await expect(form.getByLabel(/^بصمة الملف/)).toHaveCount(0);
  await expect(form.getByLabel(/^مكان الحفظ/)).toHaveCount(0);
  await form.getByLabel(/^الوصف/).fill('حساب على سناب شات يدعي امتلاك صورة خاصة؛ لم يرها أحد في المؤسسة.');
  await form.getByRole('button', { name: 'تسجيل' }).click();
  await expect(page.getByRole('region', { name: 'التسلسل الزمني' }).getByText('دليل جديد')).toBeVisible();
  const item = page.getByRole('region', { name: 'الأدلة' }).getByRole('listitem');
  await expect(item).toContainText('حساب على سناب شات يدعي امتلاك صورة خاصة');
  await expect(item).toContainText('موصوفة فقط، ولا تُحفظ أبدا');
});
