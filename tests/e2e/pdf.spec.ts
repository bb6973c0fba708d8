import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { openUnlocked } from './vault-steps';

test('the case file as a PDF from the app, in Arabic, with pseudonyms only when asked', async ({ page }, info) => {
  await openUnlocked(page, '/#/report');
  await page.getByLabel('سجله (اسمك)').fill('ذ. بنعلي');
  await page.getByLabel('كيف علمت بالأمر؟').selectOption('oral');
  await page.getByLabel('من بلّغ؟').selectOption('target');
  await page.getByLabel('الاسم المستعار').fill('التلميذة س');
  await page.getByLabel('الاسم الحقيقي (يبقى داخل الملف فقط)').fill('سلمى الراشدي');
  await page.getByLabel('ما حدث، بكلمات الطفل نفسه').fill('ينشرون صورتي على https://instagram.com/p/Cx12 مع 14 تعليقا ساخرا.');
  await page.getByRole('button', { name: 'حفظ والانتقال إلى الفرز' }).click();
  await expect(page.getByTestId('current-step')).toHaveText('الفرز');

  await page.getByText('طباعة (PDF)', { exact: true }).click();
  await page.getByLabel('الأسماء المستعارة فقط (دون الأسماء الحقيقية)').check();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'ملف الحالة' }).click();
  const file = info.outputPath('case.pdf');
  await (await downloading).saveAs(file);
  expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
  const text = execFileSync('pdftotext', [file, '-'])
    .toString('utf8')
    .normalize('NFKC')
    .replace(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069\s]/g, '');
  expect(text).toContain('ملفالحالة');
  expect(text).toContain('التلميذةس');
  expect(text).toContain('https://instagram.com/p/Cx12');
  expect(text).not.toContain('سلمىالراشدي');
});
