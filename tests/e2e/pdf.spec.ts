import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { openUnlocked } from './vault-steps';

test('the case file as a PDF from the app, in Arabic, with pseudonyms only when asked', async ({ page }, info) => {
  await openUnlocked(page, '/#/report');
  await page.getByLabel('اسم من يسجّل').fill('ذ. بنعلي');
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

test('one letter to the parents per pupil from the app, each naming only that pupil', async ({ page }, info) => {
  await openUnlocked(page, '/#/report');
  await page.locator('.lang select').selectOption('en');
  await reportTwoPupils(page);
  await page.getByText('Print (PDF)', { exact: true }).click();
  const letters = page.getByRole('button', { name: /^Letter to the parents — / });
  await expect(letters).toHaveCount(2);
  const pupils = [
    { pseudonym: 'Pupil A', name: 'Amina Tazi' },
    { pseudonym: 'Pupil B', name: 'Badr Kettani' },
  ];
  for (const [i, pupil] of pupils.entries()) {
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: `Letter to the parents — ${pupil.pseudonym}` }).click();
    const file = info.outputPath(`parents-${i}.pdf`);
    await (await downloading).saveAs(file);
    const text = execFileSync('pdftotext', [file, '-']).toString('utf8').normalize('NFKC');
    expect(text).toContain(pupil.name);
    const other = pupils[1 - i]!;
    expect(text).not.toContain(other.name.split(' ')[0]!);
    expect(text).not.toContain(other.pseudonym);
    expect(text).toContain('https://www.cyberconfiance.ma/helpline');
  }
});

async function reportTwoPupils(page: import('@playwright/test').Page) {
  await page.locator('#report-author').fill('Staff A');
  await page.locator('select').nth(1).selectOption('oral');
  await page.locator('select').nth(2).selectOption('target');
  await page.locator('#report-party-0-pseudonym').fill('Pupil A');
  await page.locator('.party').nth(0).getByLabel('Real name (kept in the case only)').fill('Amina Tazi');
  await page.getByRole('button', { name: 'Add a person' }).click();
  await page.locator('#report-party-1-pseudonym').fill('Pupil B');
  await page.locator('.party').nth(1).getByLabel('Real name (kept in the case only)').fill('Badr Kettani');
  await page.locator('textarea').fill('Badr posts mocking comments under Amina’s photos.');
  await page.locator('form.report button[type="submit"]').click();
  await expect(page.getByTestId('current-step')).toBeVisible();
}
