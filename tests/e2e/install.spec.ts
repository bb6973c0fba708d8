import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { expect, test } from './fixtures';

/** Width and height of a PNG, read from its header (bytes 16–23), as a launcher would. */
const pngSize = (bytes: Buffer) => `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;

test('Chromium finds the app installable, with PNG and maskable icons, theme colour and names in the page’s language', async ({ page, request, baseURL }) => {
  // Installability is judged in a normal profile (Playwright's own contexts are incognito, never installable).
  const profile = mkdtempSync(join(tmpdir(), 'sanad-install-'));
  const installing = await chromium.launchPersistentContext(profile, { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const tab = installing.pages()[0] ?? (await installing.newPage());
    await tab.goto(`${baseURL}/`);
    await expect(tab.locator('#vault-passphrase')).toBeVisible();
    await tab.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    const cdp = await installing.newCDPSession(tab);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: unknown[] };
    expect(installabilityErrors).toEqual([]);
  } finally {
    await installing.close();
    rmSync(profile, { recursive: true, force: true });
  }

  await page.goto('/');
  await expect(page.locator('#vault-passphrase')).toBeVisible();
  await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute('content', '#0f5e57');
  const touch = await request.get((await page.locator('link[rel="apple-touch-icon"]').getAttribute('href'))!);
  expect(pngSize(await touch.body())).toBe('180x180');

  const manifest = await (await request.get('/manifest.webmanifest')).json();
  expect(manifest).toMatchObject({ id: '/', short_name: 'سند', lang: 'ar', dir: 'rtl', description: 'معالجة حالات التنمر الإلكتروني في المدرسة، خطوة بخطوة' });
  const icons = manifest.icons as { src: string; sizes: string; purpose: string; type: string }[];
  for (const icon of icons.filter((i) => i.type === 'image/png')) expect(pngSize(await (await request.get(icon.src)).body()), icon.src).toBe(icon.sizes);
  expect(icons.filter((i) => i.type === 'image/png').map((i) => `${i.sizes} ${i.purpose}`)).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
  for (const shot of manifest.screenshots as { src: string; sizes: string }[]) expect(pngSize(await (await request.get(shot.src)).body())).toBe(shot.sizes);

  // In French the page points at the French manifest: installing names the app in French.
  await page.locator('.lang select').selectOption('fr');
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest-fr.webmanifest');
  const fr = await (await request.get('/manifest-fr.webmanifest')).json();
  expect(fr).toMatchObject({ id: '/', short_name: 'Sanad', lang: 'fr', dir: 'ltr', description: 'Traiter les cas de cyberharcèlement à l’école, étape par étape' });
  const en = await (await request.get('/manifest-en.webmanifest')).json();
  expect(en).toMatchObject({ lang: 'en', description: 'Handling cyberbullying cases in school, step by step' });
});
