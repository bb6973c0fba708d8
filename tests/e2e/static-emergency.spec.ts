import { CHANNELS } from '../../protocol/channels';
import { expect, test } from './fixtures';

/** The numbers of the protocol's data, read here from the data itself: urgent channels' telephone numbers. */
const expected = CHANNELS.filter((c) => c.urgent).flatMap((c) => c.contacts.filter((k) => k.kind === 'tel' && k.value).map((k) => `tel:${k.value}`));

test('with JavaScript disabled, the first page already shows the emergency numbers as working tel: links, titled in the five interface languages', async ({ newDevice }) => {
  const context = await newDevice({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto('/');
  const block = page.locator('section.static-emergency');
  await expect(block.getByRole('heading', { level: 2 })).toHaveText('حالة استعجال: اتصل الآن');
  await expect(block.locator('p[lang="fr"]').first()).toHaveText('Urgence : appelez maintenant');
  // The title in Darija and Tamazight too, each marked with its language and direction.
  await expect(block.locator('p[lang="ary"][dir="rtl"]')).toHaveText('حالة مستعجلة: عيطو دابا');
  await expect(block.locator('p[lang="zgh"][dir="ltr"]')).toHaveText('ⵜⴰⵣⵔⴰⴱⵜ: ⵙⵉⵡⵍ ⵖⵉⵍⴰ');
  const links = block.locator('a[href^="tel:"]');
  expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(expected);
  for (const number of ['19', '177', '2511', '141', '15']) await expect(block.locator(`a[href="tel:${number}"]`)).toBeVisible();
  // On the first screen of a phone, without scrolling.
  const first = (await links.first().boundingBox())!;
  expect(first.y + first.height).toBeLessThanOrEqual(844);
});

test('once the app starts it takes the block over: one set of numbers, the app’s own', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('#vault-passphrase')).toBeVisible();
  await expect(page.locator('section.static-emergency')).toHaveCount(0);
  await expect(page.locator('#emergency a[href="tel:19"]')).toHaveCount(1);
});
