import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { reportEveryField } from './case-steps';
import { SCHOOL_NAME, openUnlocked } from './vault-steps';

/**
 * Team sync end to end (decision 0018): two browser contexts, two devices, against a real CouchDB-protocol server
 * (express-pouchdb) published under the app's own origin (tests/e2e/sync-server.ts, started by playwright.config.ts).
 * A starts a team; B joins; a person types B's code on A and compares A's code on B; a case recorded on A reaches B;
 * the server's documents, read over HTTP, hold none of what was typed.
 */
const APP = 'http://127.0.0.1:4183';
const SERVER = `${APP}/couchdb/team-e2e`;
const CODE = /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/;

test.use({ baseURL: APP });

const CASE = { author: 'Ms Qanary Author', pseudonym: 'Pupil Qanary', name: 'Samira Qanarybenali', className: '3AC-Qanary', narrative: 'They post my photos with Qanary insults every evening' };

async function openTeamSettings(page: Page) {
  await openUnlocked(page, '/#/settings');
  await page.locator('.lang select').selectOption('en');
  await expect(page.getByRole('heading', { name: 'Team sync' })).toBeVisible();
}

const team = (page: Page) => page.locator('section.team-sync');

/** axe-core, WCAG 2.0–2.2 A and AA and best practice, as tests/e2e/accessibility.spec.ts runs it: no violation. */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('A starts a team, B joins with codes compared on both screens, a case recorded on A reaches B; the server holds no canary', async ({ page, newDevice, request }) => {
  // Device A: a database without the rules is refused, in words, and nothing is set up.
  await openTeamSettings(page);
  await page.getByLabel('Address of the team’s database').fill(`${APP}/couchdb/no-rules`);
  await page.getByRole('button', { name: 'Start a team on this device' }).click();
  await expect(team(page).getByRole('alert')).toHaveText(
    'Not done: this server does not have Sanad’s rules: whoever runs it must run the sync setup first. Nothing was changed on this device.',
  );
  await expect(page.getByTestId('sync-status')).toHaveCount(0);

  await page.getByLabel('Address of the team’s database').fill(SERVER);
  await page.getByRole('button', { name: 'Start a team on this device' }).click();
  const codeA = (await team(page).getByTestId('device-code').first().textContent()) ?? '';
  expect(codeA).toMatch(CODE);
  await expect(page.getByTestId('sync-status')).toHaveText('Synced');

  // Device B asks to join: it shows its code and waits.
  const deviceB = await newDevice({ baseURL: APP, locale: 'en-US', timezoneId: 'Africa/Casablanca' });
  const b = await deviceB.newPage();
  await openTeamSettings(b);
  await b.getByLabel('Address of the team’s database').fill(SERVER);
  await b.getByRole('button', { name: 'Join a team' }).click();
  await expect(team(b).getByText('Waiting for a team member to add this device…')).toBeVisible();
  const codeB = (await team(b).getByTestId('device-code').textContent()) ?? '';
  expect(codeB).toMatch(CODE);
  expect(codeB).not.toBe(codeA);
  await expect(b.getByTestId('sync-status')).toHaveText('Sync: waiting to be added to the team');

  // On A, a person types B's code (any case, without dashes); a code no device asked with is refused.
  const codeField = page.getByLabel('Code shown on the new device');
  await codeField.fill(codeA);
  await page.getByRole('button', { name: 'Add this device' }).click();
  await expect(team(page).getByRole('alert')).toContainText('no device with this code is asking to join');
  await codeField.fill(codeB.toLowerCase().replace(/-/g, ' '));
  await page.getByRole('button', { name: 'Add this device' }).click();
  await expect(team(page).getByRole('status').filter({ hasText: `Device ${codeB} added.` })).toBeVisible();
  await expect(team(page).locator('.team-devices li')).toHaveText([`${codeA} (this device)`, codeB]);
  expect(await violations(page)).toEqual([]);

  // On B, the person compares the code of the device that added it with A's screen, then joins.
  const offer = team(b).locator('.welcome-offer');
  await expect(offer.getByTestId('device-code')).toHaveText(codeA);
  expect(await violations(b)).toEqual([]);
  await offer.getByRole('button', { name: 'They match: join the team' }).click();
  await expect(team(b).locator('.team-devices li')).toHaveText([`${codeB} (this device)`, codeA]);

  // A records a case; B sees it after a sync.
  await page.getByRole('link', { name: 'Report an incident' }).first().click();
  await reportEveryField(page, CASE);
  const caseId = new URL(page.url()).hash.replace('#/case/', '');
  await expect(page.getByTestId('sync-status')).toHaveText('Synced');

  await expect(async () => {
    await b.getByRole('link', { name: 'Settings' }).first().click();
    const syncNow = team(b).getByRole('button', { name: 'Sync now' });
    await syncNow.click();
    await expect(syncNow).toBeEnabled();
    await b.getByRole('link', { name: 'Cases' }).first().click();
    await expect(b.getByText(CASE.pseudonym).first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000, intervals: [500, 1_000, 2_000] });
  await expect(b.getByTestId('sync-status')).toHaveText('Synced');
  await b.getByText(CASE.pseudonym).first().click();
  await expect(b.getByTestId('current-step')).toHaveText('Triage');
  await expect(b.getByText(CASE.narrative).first()).toBeAttached();

  // The server: encrypted documents only, one per event, plus the keys; none of what was typed, nor the case's id.
  const stored = await (await request.get(`${SERVER}/_all_docs?include_docs=true`)).text();
  const ids = (JSON.parse(stored) as { rows: { id: string }[] }).rows.map((r) => r.id);
  // The report is three events (the report, the target, the narrative).
  expect(ids.filter((id) => id.startsWith('e:')).length).toBeGreaterThanOrEqual(3);
  expect(ids).toContain(`t:1:${codeB}`);
  expect(ids.some((id) => id.startsWith('k:'))).toBe(true);
  for (const canary of [...Object.values(CASE), 'Qanary', caseId, SCHOOL_NAME, 'case.report', 'party.add']) expect(stored).not.toContain(canary);
  await deviceB.close();
});

test('the server is published under the app’s origin with the proxy’s rules: only the app’s JSON requests reach it, every response sandboxed', async ({ request }) => {
  // What the app asks for passes, marked so a browser never renders it as a page of the app's origin.
  const info = await request.get(SERVER);
  expect(info.status()).toBe(200);
  expect(info.headers()['content-security-policy']).toBe("sandbox; default-src 'none'; frame-ancestors 'none'");
  expect(info.headers()['x-content-type-options']).toBe('nosniff');
  expect(info.headers()['content-disposition']).toBe('attachment');
  // An admin page, a document written outside replication, an attachment, another design document: never reached.
  expect((await request.get(`${APP}/couchdb/_utils/`)).status()).toBe(404);
  expect((await request.put(`${SERVER}/page`, { data: { _attachments: { 'x.html': { content_type: 'text/html', data: btoa('<script>1</script>') } } } })).status()).toBe(404);
  expect((await request.get(`${SERVER}/page/x.html`)).status()).toBe(404);
  expect((await request.get(`${SERVER}/_design/other`)).status()).toBe(404);
  expect((await request.get(`${SERVER}/_security`)).status()).toBe(404);
});
