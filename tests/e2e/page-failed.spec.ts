import type { Page } from '@playwright/test';
import { STATIC_EMERGENCY_PHONES } from '../../src/app/static-emergency';
import { reportEveryField } from './case-steps';
import { expect, test } from './fixtures';
import { idleUntilLocked, unlock } from './vault-steps';

/**
 * A page that fails while rendering takes only itself down: in its place a translated "something went wrong,
 * nothing was lost" with the way back (the cases, a reload), focused; the frame stays, with the emergency
 * numbers and the idle lock. The real failure of the built app used: a page whose part of the app cannot be
 * downloaded (a connection that drops, a version taken off the server). A value in the browser's storage the
 * home page cannot read (the clear index row of a case altered on the device) no longer takes the list down.
 */

// Every request reaches the network, where the test can cut one: no service worker answers from its cache.
test.use({ serviceWorkers: 'block' });

const FAILED = {
  en: { title: 'Something went wrong on this page', text: /^Nothing was lost: /, home: 'Back to the cases', reload: 'Reload the page' },
  fr: { title: 'Un problème est survenu sur cette page', text: /^Rien n’a été perdu\u00a0: /, home: 'Retour aux dossiers', reload: 'Recharger la page' },
} as const;

/** The message in place of the page, focused, the way back, and every emergency number still a working link. */
async function expectPageFailed(page: Page, lang: keyof typeof FAILED) {
  const failed = page.locator('main section.page-failed');
  const heading = failed.getByRole('heading', { level: 2, name: FAILED[lang].title });
  await expect(heading).toBeVisible();
  await expect(heading).toBeFocused();
  await expect(failed.locator('p').first()).toHaveText(FAILED[lang].text);
  await expect(failed.getByRole('link', { name: FAILED[lang].home })).toHaveAttribute('href', '#/');
  await expect(failed.getByRole('button', { name: FAILED[lang].reload })).toBeVisible();
  const phones = page.locator('#emergency a[href^="tel:"]');
  expect(await phones.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(STATIC_EMERGENCY_PHONES.map((p) => `tel:${p.number}`));
  for (const phone of await phones.all()) await expect(phone).toBeVisible();
}

const REPORT_CHUNK = '**/assets/ReportPage-*.js';

test('a page that cannot be downloaded: the message, the numbers and the way back, and the idle lock still runs', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await page.locator('.lang select').selectOption('en');
  await unlock(page);
  await expect(page.locator('#home-title')).toBeVisible();

  await page.route(REPORT_CHUNK, (route) => route.abort('internetdisconnected'));
  await page.locator('nav.nav').getByRole('link', { name: 'Report an incident' }).click();
  await expectPageFailed(page, 'en');
  // The frame is still there, unlocked: the header, the navigation and its lock button.
  await expect(page.locator('#home-title')).toHaveCount(0);
  await expect(page.locator('nav button.lock')).toBeVisible();

  // Left on the message, the tab still locks (the idle lock runs beside the pages, not inside them).
  await idleUntilLocked(page);
  await expect(page.locator('#vault-passphrase')).toBeVisible();
  await expect(page).toHaveURL(/#\/report$/);

  // Unlocked again, still no download: the message again, and its link leads back to the cases.
  await unlock(page);
  await expectPageFailed(page, 'en');
  await page.getByRole('link', { name: FAILED.en.home }).click();
  await expect(page.locator('#home-title')).toBeVisible();
  await expect(page.locator('section.page-failed')).toHaveCount(0);

  // The connection back, the reload button brings the page.
  await page.unroute(REPORT_CHUNK);
  await page.locator('nav.nav').getByRole('link', { name: 'Report an incident' }).click();
  await expectPageFailed(page, 'en');
  await page.getByRole('button', { name: FAILED.en.reload }).click();
  await unlock(page);
  await expect(page.locator('form.report')).toBeVisible();
  await expect(page.locator('section.page-failed')).toHaveCount(0);
});

test('a stored value the home page cannot read does not take the list down; a page that fails says so in French, with no case data on screen', async ({ page }) => {
  test.setTimeout(120_000);
  const fields = { author: 'Ms Idrissi', pseudonym: 'Pupil Qamar-7', name: 'Qamar Bennani', className: '3AC-4', narrative: 'They post my photo every night with insults.' };
  await page.goto('/');
  await page.locator('.lang select').selectOption('en');
  await unlock(page);
  await page.goto('/#/report');
  await reportEveryField(page, fields);
  await page.goto('/#/');
  await expect(page.locator('.case-row').filter({ hasText: fields.pseudonym })).toBeVisible();
  await page.locator('.lang select').selectOption('fr');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');

  // The index row of the case keeps its deadline in clear (for sorting): altered on the device, it is no date.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('sanad');
        open.addEventListener('error', () => reject(open.error));
        open.addEventListener('success', () => {
          const db = open.result;
          const tx = db.transaction('cases', 'readwrite');
          const cases = tx.objectStore('cases');
          cases.getAll().addEventListener('success', (e) => {
            for (const row of (e.target as IDBRequest<Record<string, unknown>[]>).result) cases.put({ ...row, nextDueAt: 'altered' });
          });
          tx.addEventListener('complete', () => {
            db.close();
            resolve();
          });
          tx.addEventListener('error', () => reject(tx.error));
        });
      }),
  );
  await page.route(REPORT_CHUNK, (route) => route.abort());
  await page.reload();
  await unlock(page);
  // The list stays up: the case is listed under "To check", never hidden.
  await expect(page.locator('section.page-failed')).toHaveCount(0);
  await expect(page.locator('section.suspect .case-row')).toHaveCount(1);

  // A page whose part of the app cannot be downloaded: the message in French, nothing of the case on screen.
  await page.locator('nav.nav').getByRole('link', { name: 'Signaler un incident' }).click();
  await expectPageFailed(page, 'fr');
  const shown = await page.locator('body').innerText();
  for (const value of Object.values(fields)) expect(shown).not.toContain(value);

  // Another page works: moving to it leaves the message behind.
  await page.locator('nav.nav').getByRole('link', { name: 'Protocole' }).click();
  await expect(page.locator('section.page-failed')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 2, name: 'Le protocole, étape par étape' })).toBeVisible();
});
