import { readFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { STEPS } from '../../protocol/steps';
import { PARTIAL_CATALOGS } from '../../src/i18n/partial';
import { UI } from '../../src/i18n/ui-catalogs';
import { expect, test } from './fixtures';
import { unlock } from './vault-steps';

/**
 * Darija and Tamazight from the language picker (docs/decisions/0020): the emergency block in that language,
 * with its own lang and dir; the rest in the fallback the user chooses, the page saying so; Tifinagh drawn with
 * the self-hosted font under the CSP (the fixtures fail the test on a violation).
 */
const zgh = PARTIAL_CATALOGS.zgh;
const ary = PARTIAL_CATALOGS.ary;
const PROTOCOL_AR = JSON.parse(readFileSync('protocol/text/ar.json', 'utf8')) as Record<string, string>;

test('Tamazight: the emergency block in Tifinagh, the rest in Arabic then French as chosen, marked, kept on reload', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel(UI.ar['app.language']).selectOption('zgh');
  const title = page.locator('#emergency-title');
  await expect(title).toHaveText(zgh.ui['emergency.title']!);
  await expect(title).toHaveAttribute('lang', 'zgh');
  await expect(title).toHaveAttribute('dir', 'ltr');
  await expect(page.locator('#emergency a[href="tel:19"] span[lang="zgh"]:not(.sr-only)')).toHaveText(zgh.protocol['channel.police19.name']!);
  // Unreviewed words are never the only words in an emergency: the fallback's stand beside them.
  await expect(page.locator('#emergency a[href="tel:19"] span.emergency-fallback[lang="ar"]')).toHaveText('الشرطة 19');
  await expect(page.locator('#emergency p.emergency-fallback[lang="ar"]')).toHaveText(UI.ar['emergency.intro']);
  // Untranslated: Arabic by default, in a page whose language is Arabic, and the note says so in Tamazight.
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(page.getByRole('link', { name: UI.ar['nav.report'] })).toBeVisible();
  const note = page.locator('.partial-note');
  await expect(note).toHaveAttribute('lang', 'zgh');
  await expect(note.locator('span[lang="ar"]')).toHaveText('العربية');
  await expect(note).toContainText(zgh.ui['lang.unreviewed']!);
  const fontStatus = await page.evaluate(async () => {
    await document.fonts.ready;
    return [...document.fonts].filter((f) => f.family.includes('Tifinagh')).map((f) => f.status);
  });
  expect(fontStatus).toEqual(['loaded']);

  await page.getByLabel(zgh.ui['lang.fallback']!).selectOption('fr');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('link', { name: UI.fr['nav.report'] })).toBeVisible();
  await expect(note.locator('span[lang="fr"]')).toHaveText('Français');
  await expect(page.locator('#emergency a[href="tel:19"] span.emergency-fallback[lang="fr"]')).toHaveText('Police 19');
  await page.reload();
  await expect(page.locator('#emergency-title')).toHaveText(zgh.ui['emergency.title']!);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
});

test('Darija: the emergency block right to left in Darija, and a full language again without the note', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel(UI.ar['app.language']).selectOption('ary');
  const title = page.locator('#emergency-title');
  await expect(title).toHaveText(ary.ui['emergency.title']!);
  await expect(title).toHaveAttribute('lang', 'ary');
  await expect(title).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('#emergency a[href="tel:177"]')).toContainText(ary.protocol['channel.gendarmerie177.name']!);
  await page.getByLabel(ary.ui['app.language']!).first().selectOption('en');
  await expect(title).toHaveText(UI.en['emergency.title']);
  await expect(page.locator('.partial-note')).toHaveCount(0);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('Tamazight on the home and protocol pages: headings in Tifinagh, the rest in the fallback, valid lang attributes', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel(UI.ar['app.language']).selectOption('zgh');
  await unlock(page);
  const heading = page.locator('#home-title');
  await expect(heading).toHaveText(zgh.ui['home.title']!);
  await expect(heading).toHaveAttribute('lang', 'zgh');
  await expect(page.getByText(UI.ar['home.empty'])).toBeVisible();
  // The protocol page: its heading, the steps' titles and summaries in Tifinagh, what never to do in the fallback.
  await page.getByRole('link', { name: UI.ar['nav.protocol'] }).click();
  await expect(page.locator('#protocol-title')).toHaveText(zgh.ui['protocol.title']!);
  await expect(page.locator('ol.steps h3[lang="zgh"]', { hasText: zgh.protocol['step.emergencyEscalation.title']! })).toHaveCount(1);
  await expect(page.locator('ol.steps p[lang="zgh"]', { hasText: zgh.protocol['step.emergencyEscalation.summary']! })).toHaveCount(1);
  await page.locator('ol.steps details summary').first().click();
  await expect(page.locator('ol.steps details li').first()).toHaveText(PROTOCOL_AR['checklist.' + STEPS.find((s) => s.never.length > 0)!.never[0]!]!);
  const axe = await new AxeBuilder({ page }).withRules(['valid-lang', 'html-lang-valid', 'html-has-lang']).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
});

test('Tamazight on the report form: its words in Tifinagh, each marked, a case saved with them; what the catalog lacks in the fallback', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel(UI.ar['app.language']).selectOption('zgh');
  await unlock(page);
  await page.getByRole('link', { name: UI.ar['nav.report'] }).click();
  const title = page.locator('#report-title');
  await expect(title).toHaveText(zgh.ui['report.title']!);
  await expect(title).toHaveAttribute('lang', 'zgh');
  // Every field found by its Tifinagh label: the label is its accessible name.
  await page.getByLabel(zgh.ui['report.author']!).fill('ⵎⴰⵍⵉⴽ');
  await page.getByLabel(zgh.ui['report.channel']!).selectOption('oral');
  await expect(page.locator('#report-channel option[value="oral"]')).toHaveAttribute('lang', 'zgh');
  await page.getByLabel(zgh.ui['report.reporterRole']!).selectOption('witness');
  await page.getByLabel(zgh.ui['report.party.pseudonym']!).fill('ⴰⵏⵍⵎⴰⴷ Z');
  await page.getByLabel(zgh.ui['report.narrative']!).fill('Mocking voice notes in the class group.');
  // A platform the catalog names in Tifinagh, and a brand it leaves to the fallback (in Arabic, marked so).
  await expect(page.locator('.chip span[lang="zgh"]', { hasText: zgh.protocol['platform.onlineGame']! })).toHaveCount(1);
  await expect(page.locator('.chip span[lang="ar"]', { hasText: PROTOCOL_AR['platform.whatsapp']! })).toHaveCount(1);
  await expect(page.getByText(UI.ar['report.draftKept'])).toHaveAttribute('lang', 'ar');
  await page.getByRole('button', { name: zgh.ui['report.submit']! }).click();
  await expect(page.getByTestId('current-step')).toBeVisible();
  const axe = await new AxeBuilder({ page }).withRules(['valid-lang', 'html-lang-valid', 'html-has-lang']).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
});
