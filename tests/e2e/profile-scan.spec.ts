import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import type { BrowserContext } from '@playwright/test';
import { expect, test } from './fixtures';
import { SCHOOL_DAY } from './clock';
import { openAction, reportEveryField } from './case-steps';
import { PASSPHRASE, unlock } from './vault-steps';
import { profileFiles, token } from './profile-files';

/**
 * Nothing typed into a case is written in clear anywhere in the browser's profile folder: not by the app
 * (IndexedDB holds ciphertext) and not by Chromium itself (form state kept for session restore and the
 * back/forward cache lands in Sessions/ and Current Session files in UTF-16). Canaries typed into saved records
 * and into forms left unsent are looked for in UTF-8 and UTF-16LE in every file of a real persistent profile,
 * and the names of the triage controls answered in its session files: during the session, after a reload, after
 * the browser is closed, and after it is started again.
 */
const CANARIES = Object.fromEntries(['school', 'author', 'pseudonym', 'name', 'class', 'narrative', 'draft', 'note', 'unsentNote', 'rationale'].map((k) => [k, token(k)]));

// Chromium's saved form state names each control it keeps (a triage answer is "trigger-T1 … radio"): in its
// session files these names say what was answered about a child even without typed text.
const CONTROL_NAMES = ['trigger-T', 'triage-', 'call-channel', 'call-acknowledged'];

/** Every canary found in any file of the profile, and any control's name in its session files, as "what in path". */
function scan(profile: string): string[] {
  const hits: string[] = [];
  const has = (bytes: Buffer, text: string) => bytes.includes(Buffer.from(text, 'utf8')) || bytes.includes(Buffer.from(text, 'utf16le'));
  for (const { where, bytes } of profileFiles(profile)) {
    for (const [field, canary] of Object.entries(CANARIES)) if (has(bytes, canary!)) hits.push(`${field} in ${where}`);
    if (/Sessions|Session|Tabs/.test(where)) for (const name of CONTROL_NAMES) if (has(bytes, name)) hits.push(`control ${name} in ${where}`);
  }
  return hits;
}

async function launch(profile: string, baseURL: string): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    baseURL,
    timezoneId: 'Africa/Casablanca',
    locale: 'en-US',
  });
  await context.clock.install({ time: new Date(SCHOOL_DAY) });
  await context.addInitScript(() => localStorage.setItem('sanad.language', 'en'));
  return context;
}

test('no canary anywhere in the browser profile: during the session, after a reload, after closing and restarting', async ({ baseURL }) => {
  test.setTimeout(180_000);
  const profile = mkdtempSync(join(tmpdir(), 'sanad-scan-'));
  try {
    let context = await launch(profile, baseURL!);
    let page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/');
    await unlock(page, PASSPHRASE, CANARIES.school!);

    // A case saved: every kind of field of the report, a note recorded.
    await page.goto('/#/report');
    await reportEveryField(page, { author: CANARIES.author!, pseudonym: CANARIES.pseudonym!, name: CANARIES.name!, className: CANARIES.class!, narrative: `${CANARIES.narrative} every evening` });
    let form = await openAction(page, 'Add a note');
    await form.getByLabel(/^Text/).fill(CANARIES.note!);
    await form.getByRole('button', { name: 'Record' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Recorded: Add a note' })).toBeVisible();

    // Typed and never sent: a note, a triage rationale, then a new report's narrative (its draft is sealed).
    form = await openAction(page, 'Add a note');
    await form.getByLabel(/^Text/).fill(CANARIES.unsentNote!);
    await page.getByLabel('Why this level?').fill(CANARIES.rationale!);
    // Answers left on screen: a trigger answered "no", a category, a level.
    await page.getByRole('group', { name: /^T1 ·/ }).getByLabel('No', { exact: true }).check();
    await page.locator('[id^="triage-category-"]').first().check();
    await page.getByLabel('Severity (0–4)').selectOption('1');
    const casePage = page.url();
    await page.goto('/#/report');
    await page.getByLabel('What happened, in the child’s own words').fill(CANARIES.draft!);
    // Back and forth in history, as a teacher moving between pages does.
    await page.goBack();
    await page.goForward();
    await page.goto(casePage);
    // Chromium writes its session state a few seconds after a change (not on demand): given that time.
    await page.waitForTimeout(5000);
    expect(scan(profile), 'during the session').toEqual([]);

    await page.reload();
    await unlock(page);
    await expect(page.getByTestId('current-step')).toBeVisible();
    expect(scan(profile), 'after a reload').toEqual([]);

    await context.close();
    expect(scan(profile), 'after the browser closed').toEqual([]);

    context = await launch(profile, baseURL!);
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/');
    await unlock(page);
    expect(scan(profile), 'after a restart').toEqual([]);
    await context.close();
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});
