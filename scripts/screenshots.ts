/**
 * Screenshots of the home, triage and emergency screens in Arabic, on a phone-sized window, made by
 * driving the built app like a teacher would:  npm run screenshots  → docs/screenshots/*.png
 * (the first screen a phone shows, and the whole page as `-full`); then the trainer's screens on a
 * 1280×720 projector: a decision revealed in presentation mode, and a sandbox case.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { withBuiltApp } from './preview-server';

const OUT = 'docs/screenshots';
const TRIGGERS = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7'];

const PASSPHRASE = 'screenshots passphrase';

async function report(page: Page, pseudonym: string, narrative: string) {
  // A hash change, not a reload: the tab keeps its keys.
  await page.evaluate(() => (location.hash = '#/report'));
  await page.getByLabel('سجله (اسمك)').fill('ذ. بنعلي');
  await page.getByLabel('كيف علمت بالأمر؟').selectOption('oral');
  await page.getByLabel('من بلّغ؟').selectOption('target');
  await page.getByLabel('الاسم المستعار').fill(pseudonym);
  await page.getByLabel('ما حدث، بكلمات الطفل نفسه').fill(narrative);
  await page.getByLabel('أخبرت منسق الفريق ومدير المؤسسة').check();
  await page.getByRole('button', { name: 'حفظ والانتقال إلى الفرز' }).click();
  await page.getByTestId('current-step').waitFor();
}

const answer = (page: Page, id: string, label: 'نعم' | 'لا') => page.getByRole('group', { name: new RegExp(`^${id} ·`) }).getByLabel(label, { exact: true }).check();

await withBuiltApp({ port: 4175 }, async (context, base) => {
  mkdirSync(OUT, { recursive: true });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.setViewportSize({ width: 414, height: 896 });
  await page.clock.setFixedTime(new Date('2026-11-02T09:30:00Z'));
  // First run: the vault, as a team would create it (the recovery code screen is skipped past).
  await page.goto(`${base}/`);
  await page.locator('#vault-passphrase').fill(PASSPHRASE);
  await page.locator('#vault-confirm').fill(PASSPHRASE);
  await page.locator('form.vault button[type="submit"]').click();
  await page.locator('#vault-saved').check();
  await page.locator('#vault-continue').click();

  // A case that stays at triage, one in assessment, and the sextortion case shown at triage then in emergency.
  await report(page, 'التلميذة س', 'حذفوني من مجموعة القسم ويكتبون «لا أحد يريدك» تحت صوري كل يوم.');
  await report(page, 'التلميذ م', 'رسائل ساخرة في مجموعة واتساب القسم منذ أسبوعين.');
  for (const id of TRIGGERS) await answer(page, id, 'لا');
  await page.getByRole('checkbox', { name: 'إهانات وسخرية وإذلال متكرر' }).check();
  await page.getByLabel('الخطورة (0–4)').selectOption('2');
  await page.getByLabel('لماذا هذا المستوى؟').fill('متكرر منذ أسبوعين من طرف زميلين.');
  await page.getByRole('button', { name: 'إنهاء الفرز' }).click();
  await page.getByTestId('current-step').filter({ hasText: 'التقييم' }).waitFor();

  await report(page, 'التلميذ ك', 'حساب على سناب شات (@lina_2009x) يهددني بنشر صورتي إن لم أدفع 500 درهم.');
  for (const id of TRIGGERS) await answer(page, id, id === 'T2' || id === 'T4' ? 'نعم' : 'لا');
  await page.getByRole('checkbox', { name: 'ابتزاز جنسي أو ابتزاز' }).check();
  await page.locator('#triage-title').evaluate((h) => h.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: `${OUT}/ar-triage.png` });
  await page.screenshot({ path: `${OUT}/ar-triage-full.png`, fullPage: true });
  await page.getByRole('button', { name: 'إنهاء الفرز' }).click();
  await page.locator('section.panel.emergency').waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${OUT}/ar-emergency.png` });
  await page.screenshot({ path: `${OUT}/ar-emergency-full.png`, fullPage: true });

  await page.evaluate(() => (location.hash = '#/'));
  await page.locator('.case-row').first().waitFor();
  await page.screenshot({ path: `${OUT}/ar-home.png`, fullPage: true });

  // The projector: the sextortion scenario stopped at its first decision, answer shown, in presentation mode.
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.evaluate(() => (location.hash = '#/training/sextortion-emergency'));
  await page.locator('#player-title').waitFor();
  await page.evaluate(() => document.documentElement.classList.add('presenting'));
  for (let i = 0; i < 14; i++) await page.keyboard.press('ArrowLeft');
  await page.locator('.decision .choice').nth(1).click();
  await page.keyboard.press('ArrowLeft');
  await page.locator('.decision .answer').waitFor();
  await page.locator('.decision').evaluate((d) => d.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: `${OUT}/ar-training-decision.png` });
  await page.evaluate(() => document.documentElement.classList.remove('presenting'));

  // "What if": the same case continued live in the sandbox, marked as training.
  await page.getByRole('button', { name: /^ماذا لو/ }).click();
  await page.getByTestId('current-step').waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${OUT}/ar-sandbox.png` });
  console.log(`${OUT}/ar-home.png, ar-triage.png (+ -full), ar-emergency.png (+ -full), ar-training-decision.png, ar-sandbox.png`);
});
