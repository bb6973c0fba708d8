/**
 * Screenshots of the guided app, made by driving the built app like a teacher would:
 *   npm run screenshots  → docs/screenshots/*.png
 * In Arabic on a phone (390×844) and in French on a desktop (1366×768): home, the case page with its next
 * step, triage, the emergency screen, the chronology, a training decision and a sandbox case. Fields are
 * found by structure, so the same steps serve both languages.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { withBuiltApp } from './preview-server';

const OUT = 'docs/screenshots';
const PASSPHRASE = 'screenshots passphrase';

type Lang = 'ar' | 'fr';
const STORIES: Record<Lang, { pupils: [string, string, string]; narratives: [string, string, string]; author: string; school: string }> = {
  ar: {
    pupils: ['التلميذة س', 'التلميذ م', 'التلميذ ك'],
    narratives: [
      'حذفوني من مجموعة القسم ويكتبون «لا أحد يريدك» تحت صوري كل يوم.',
      'رسائل ساخرة في مجموعة واتساب القسم منذ أسبوعين.',
      'حساب على سناب شات (@lina_2009x) يهددني بنشر صورتي إن لم أدفع 500 درهم.',
    ],
    author: 'ذ. بنعلي',
    school: 'إعدادية الأمل، سلا',
  },
  fr: {
    pupils: ['Élève S', 'Élève M', 'Élève K'],
    narratives: [
      'Elles m’ont retirée du groupe et écrivent « personne ne veut de toi » sous mes photos.',
      'Des messages moqueurs dans le groupe WhatsApp de la classe depuis deux semaines.',
      'Un compte Snapchat (@lina_2009x) menace de publier ma photo si je ne paie pas 500 dirhams.',
    ],
    author: 'Mme Idrissi',
    school: 'Collège Al Amal, Salé',
  },
};

async function report(page: Page, lang: Lang, i: 0 | 1 | 2) {
  // A hash change, not a reload: the tab keeps its keys.
  await page.evaluate(() => (location.hash = '#/report'));
  await page.locator('input[autocomplete="name"]').fill(STORIES[lang].author);
  await page.locator('form.report select').nth(0).selectOption('oral');
  await page.locator('form.report select').nth(1).selectOption('target');
  await page.locator('.party input').first().fill(STORIES[lang].pupils[i]);
  await page.locator('form.report textarea').fill(STORIES[lang].narratives[i]);
  await page.locator('form.report button[type="submit"]').click();
  await page.getByTestId('current-step').waitFor();
}

async function shoot(page: Page, name: string, full = false) {
  await page.screenshot({ path: `${OUT}/${name}.png`, fullPage: full });
  console.log(`${OUT}/${name}.png`);
}

async function screens(page: Page, lang: Lang, prefix: string) {
  await page.locator('.lang select').selectOption(lang);
  // A case at triage, one in assessment (the next step shown first), and the sextortion case.
  await report(page, lang, 0);
  await page.locator('#triage-title').evaluate((h) => h.scrollIntoView({ block: 'start' }));
  await shoot(page, `${prefix}-triage`);

  await report(page, lang, 1);
  await page.locator('section.panel button.secondary').first().click(); // none of T1–T7
  await page.locator('.chips input[type="checkbox"]').first().check();
  await page.locator('section.panel label.field select').selectOption('2');
  await page.locator('section.panel label.field textarea').fill('—');
  await page.locator('section.panel > button').last().click();
  await page.locator('.next-steps ol.required').waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await shoot(page, `${prefix}-case-next-step`);
  await page.locator('details#chronology > summary').click();
  await page.locator('details#chronology').evaluate((d) => d.scrollIntoView({ block: 'start' }));
  await shoot(page, `${prefix}-chronology`);

  await report(page, lang, 2);
  await page.locator('fieldset.trigger input[value="yes"]').nth(1).check(); // T2: the first "yes" escalates
  await page.locator('section.panel.emergency').waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await shoot(page, `${prefix}-emergency`);

  await page.evaluate(() => (location.hash = '#/'));
  await page.locator('.case-row .label').first().waitFor();
  await shoot(page, `${prefix}-home`);

  // Training: the sextortion scenario at its first decision, the answer shown; then "What if" in the sandbox.
  await page.evaluate(() => (location.hash = '#/training/sextortion-emergency'));
  await page.locator('#player-title').waitFor();
  const next = lang === 'ar' ? 'ArrowLeft' : 'ArrowRight';
  for (let i = 0; i < 14; i++) await page.keyboard.press(next);
  await page.locator('.decision .choice').nth(1).click();
  await page.keyboard.press(next);
  await page.locator('.decision .answer').waitFor();
  await page.locator('.decision').evaluate((d) => d.scrollIntoView({ block: 'start' }));
  await shoot(page, `${prefix}-training-decision`);
  await page.getByRole('button', { name: /^(ماذا لو|Et si)…/ }).click();
  await page.getByTestId('current-step').waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await shoot(page, `${prefix}-sandbox`);
}

await withBuiltApp({ port: 4175 }, async (context, base) => {
  mkdirSync(OUT, { recursive: true });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.clock.setFixedTime(new Date('2026-11-03T09:30:00Z'));
  await page.goto(`${base}/`);
  await page.locator('#vault-passphrase').fill(PASSPHRASE);
  await page.locator('#vault-confirm').fill(PASSPHRASE);
  await page.locator('#vault-school').fill(STORIES.ar.school);
  await page.locator('form.vault button[type="submit"]').click();
  await page.locator('#vault-saved').check();
  await page.locator('#vault-continue').click();

  await page.setViewportSize({ width: 390, height: 844 });
  await screens(page, 'ar', 'ar-phone');
  await page.setViewportSize({ width: 1366, height: 768 });
  await screens(page, 'fr', 'fr-desktop');
});
