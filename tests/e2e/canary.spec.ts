import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { openAction as action, reportEveryField } from './case-steps';
import { token } from './profile-files';
import { rawDump } from './raw-idb';
import { openUnlocked } from './vault-steps';

/**
 * Canaries: a unique string typed into every kind of field the app stores (report, parties, narrative,
 * evidence, note, settings, team, calendar), then looked for everywhere it must not be: IndexedDB values
 * and index keys, Cache Storage, the backup file, console output, and every URL the browser saw.
 */
const CANARIES = Object.fromEntries(['author', 'pseudonym', 'name', 'class', 'narrative', 'evidence', 'url', 'handle', 'note', 'school', 'member', 'holiday'].map((k) => [k, token(k)]));

test('no canary in IndexedDB, Cache Storage, the backup file, the console or any URL', async ({ page, context }, info) => {
  const seen: string[] = [];
  context.on('console', (m) => seen.push(`console: ${m.text()}`));
  context.on('request', (r) => seen.push(`request: ${r.url()}`));
  page.on('framenavigated', (f) => seen.push(`url: ${f.url()}`));

  await openUnlocked(page, '/#/settings');
  await page.locator('.lang select').selectOption('en');
  await page.getByLabel('School name').fill(CANARIES.school!);
  await page.getByLabel('School name').blur();
  await page.getByLabel('Team member’s name').fill(CANARIES.member!);
  await page.getByRole('button', { name: 'Add to the team' }).click();
  await page.getByLabel('From', { exact: true }).fill('2027-01-05');
  await page.getByLabel('To', { exact: true }).fill('2027-01-05');
  await page.getByLabel('Name of the holiday').fill(CANARIES.holiday!);
  await page.getByRole('button', { name: 'Add the holiday' }).click();

  await page.getByRole('link', { name: 'Report an incident' }).first().click();
  await reportEveryField(page, { author: CANARIES.author!, pseudonym: CANARIES.pseudonym!, name: CANARIES.name!, className: CANARIES.class!, narrative: `${CANARIES.narrative} every evening` });

  let form = await action(page, 'Add evidence');
  await form.getByLabel(/^Description/).fill(CANARIES.evidence!);
  await form.getByText('More details').click();
  await form.getByLabel('Kind', { exact: true }).selectOption('screenshot');
  await form.getByLabel(/^Link \(URL\)/).fill(`https://example.org/${CANARIES.url}`);
  await form.getByLabel(/^Account \(handle\)/).fill(`@${CANARIES.handle}`);
  await form.getByRole('button', { name: 'Record' }).click();
  form = await action(page, 'Add a note');
  await form.getByLabel(/^Text/).fill(CANARIES.note!);
  await form.getByRole('button', { name: 'Record' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Recorded: Add a note' })).toBeVisible();
  await page.locator('details#chronology > summary').click();
  await expect(page.locator('details#chronology').getByText(CANARIES.note!)).toBeVisible();

  // The backup file.
  await page.goto('/#/backup');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Make a backup' }).click();
  const file = info.outputPath('canary.sanad');
  await (await downloading).saveAs(file);
  const backup = readFileSync(file, 'utf8');

  // Everything IndexedDB holds, values and keys of every store and index, read raw.
  const idb = JSON.stringify(await rawDump(page));
  const cache = await page.evaluate(async () => {
    const out: string[] = [];
    for (const name of await caches.keys()) {
      const c = await caches.open(name);
      for (const req of await c.keys()) out.push(req.url, (await (await c.match(req))?.text()) ?? '');
    }
    return out.join('\n');
  });
  expect(idb.length).toBeGreaterThan(1000);

  const places = { indexedDb: idb, cacheStorage: cache, backupFile: backup, consoleAndUrls: seen.join('\n') };
  const hits = Object.entries(places).flatMap(([where, text]) => Object.entries(CANARIES).filter(([, c]) => text.includes(c!)).map(([field]) => `${field} in ${where}`));
  expect(hits).toEqual([]);
  // And the canaries were really typed: the unlocked page shows them.
  await page.goto('/#/');
  await page.locator('.case-row a').first().click();
  await page.locator('details#record > summary').click();
  await expect(page.getByRole('group', { name: 'Evidence' }).getByText(CANARIES.evidence!)).toBeVisible();
});
