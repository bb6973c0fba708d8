import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { Download, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { escalateFromTriage, reportEveryField, reportMinimalCase } from './case-steps';
import { unlock } from './vault-steps';
import { UI_AR } from '../../src/i18n/ui/ar';
import { UI_FR } from '../../src/i18n/ui/fr';
import { statsMessage } from '../../src/stats/messages';

/**
 * The head's statistics page (#/stats): exact counts of the cases seeded through the report form, in Arabic and
 * French, with no name, pseudonym, class or narrative anywhere in the page; axe finds nothing serious; the
 * export to the AREF is refused for a term still running and for a bad school code, and downloads its CSV and
 * JSON once the term has ended, and the dashboard prints as a PDF. The period is picked by its id, never from the machine's date (the clock is
 * fixed by the fixtures, on 3 November 2026, in the first term of 2026-2027).
 */
const CANARY = { author: 'Staff Canary', pseudonym: 'Pseudo Canary Qz', name: 'Realname Canary Wx', className: '3AC Canary', narrative: 'Narrative canary Kv' };
const UI = { ar: UI_AR, fr: UI_FR };
const protocolText = (lang: 'ar' | 'fr') => JSON.parse(readFileSync(`protocol/text/${lang}.json`, 'utf8')) as Record<string, string>;

/** A chart's table, by the chart's title: each row's header with its cells. */
async function table(page: Page, title: string): Promise<Record<string, string[]>> {
  const figure = page.locator('figure.stats-chart').filter({ has: page.getByRole('heading', { level: 3, name: title, exact: true }) });
  await expect(figure).toHaveCount(1);
  await expect(figure.locator('svg[role="img"]')).toHaveAttribute('aria-label', new RegExp(`^${title}`));
  return figure.locator('tbody tr').evaluateAll((rows) =>
    Object.fromEntries(rows.map((r) => [r.querySelector('th')?.textContent ?? '', [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')])),
  );
}

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function expectNoCanary(page: Page) {
  const html = await page.content();
  for (const c of Object.values(CANARY)) expect(html, c).not.toContain(c);
}

/** Two cases through the report form (English): one in triage with every field, one escalated by a hard trigger. */
async function seedTwoCases(page: Page) {
  await page.addInitScript(() => localStorage.setItem('sanad.language', 'en'));
  await page.goto('/#/report');
  await unlock(page);
  await reportEveryField(page, CANARY);
  await page.locator('nav.nav a[href="#/report"]').click();
  await page.locator('#report-author').fill(CANARY.author);
  await reportMinimalCase(page);
  await escalateFromTriage(page);
}

test('the dashboard counts the cases of the period picked, in Arabic and French, with no name and nothing serious for axe', async ({ page }) => {
  test.setTimeout(120_000);
  await seedTwoCases(page);
  await page.locator('nav.nav a[href="#/stats"]').click();
  await page.locator('.lang select').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('heading', { level: 2, name: UI.ar['stats.title'] })).toBeVisible();
  await page.locator('#stats-period').selectOption('2026-2027-T1');

  for (const lang of ['ar', 'fr'] as const) {
    const ui = UI[lang];
    const p = protocolText(lang);
    if (lang === 'fr') {
      await page.locator('.lang select').selectOption('fr');
      await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    }
    await expect(page.locator('#stats-period')).toHaveValue('2026-2027-T1');
    const months = await table(page, ui['stats.chart.months']);
    // September 2026 to February 2027: both cases reported in November, none closed.
    expect(Object.values(months)).toEqual([['0', '0'], ['0', '0'], ['2', '0'], ['0', '0'], ['0', '0'], ['0', '0']]);
    expect(await table(page, ui['stats.chart.hardTrigger'])).toEqual({ [ui['triage.yes']]: ['1'], [ui['triage.no']]: ['1'] });
    expect((await table(page, ui['stats.chart.outcome']))[ui['stats.outcome.open']]).toEqual(['2']);
    expect((await table(page, ui['stats.chart.track']))[ui['stats.track.none']]).toEqual(['2']);
    // A hard trigger rates the case critical at once; the other is not rated yet.
    const severity = await table(page, ui['stats.chart.maxSeverity']);
    expect([severity[ui['stats.unrated']], severity[`4 · ${p['severity.4.label']}`]]).toEqual([['1'], ['1']]);
    expect(await table(page, ui['stats.chart.openByStep'])).toEqual({ [p['step.triage.title'] ?? '']: ['1'], [p['step.emergencyEscalation.title'] ?? '']: ['1'] });
    // Time taken: the hard trigger rated one case at once; neither case has reached a follow-up or closure.
    const durations = await page.locator('table.stats-durations tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent)));
    expect(durations).toEqual([
      [ui['stats.durations.triage'], '1', '0', '0', '0'],
      [ui['stats.durations.followUp'], '0', '—', '—', '—'],
      [ui['stats.durations.closure'], '0', '—', '—', '—'],
    ]);
    // The emergency's call to the authority is due at once; the other case's first deadline is later today.
    expect(await table(page, ui['stats.chart.deadlines'])).toEqual({ [ui['stats.deadlines.overdue']]: ['1'], [ui['stats.deadlines.onTime']]: ['1'] });
    // In Arabic the bars grow from the right: they share their right edge, and the longer one reaches further left.
    const rects = page.locator('figure.stats-chart').first().locator('svg rect');
    const [zero, two] = [await rects.nth(0).boundingBox(), await rects.nth(4).boundingBox()];
    if (!zero || !two) throw new Error('the chart is not drawn');
    if (lang === 'ar') {
      expect(Math.abs(zero.x + zero.width - (two.x + two.width))).toBeLessThan(1);
      expect(two.x).toBeLessThan(zero.x - 50);
    } else {
      expect(Math.abs(zero.x - two.x)).toBeLessThan(1);
      expect(two.x + two.width).toBeGreaterThan(zero.x + zero.width + 50);
    }
    await expectNoCanary(page);
    expect(await seriousViolations(page), `axe (${lang})`).toEqual([]);
  }

  // The export: a bad school code, then a term that has not ended, refused with the statistics module's words.
  const message = page.getByTestId('stats-export-message');
  await page.locator('#stats-school').fill('Lycée 1');
  await page.getByRole('button', { name: UI.fr['stats.export.button'] }).click();
  await expect(message).toHaveText(statsMessage('fr', 'badSchool', { school: 'Lycée 1' }));
  await page.locator('#stats-school').fill('lycee-1');
  await page.getByRole('button', { name: UI.fr['stats.export.button'] }).click();
  await expect(message).toHaveText(statsMessage('fr', 'notEnded', { period: '2026-2027-T1', to: '2027-02-07', next: '2027-02-08' }));
  expect(await seriousViolations(page), 'axe with a refusal shown').toEqual([]);
});

test('once the term has ended, the export for the AREF downloads its CSV, JSON and PDF with small counts hidden, and the dashboard prints as a PDF, with no name', async ({ page }) => {
  test.setTimeout(120_000);
  await seedTwoCases(page);
  // Past the end of the first term (7 February 2027): the page opens again, locked, on the new date.
  await page.clock.setSystemTime(new Date('2027-02-10T10:00:00+01:00'));
  await page.reload();
  await unlock(page);
  await page.locator('nav.nav a[href="#/stats"]').click();
  await page.locator('#stats-period').selectOption('2026-2027-T1');
  const downloads: Download[] = [];
  page.on('download', (d) => downloads.push(d));
  await page.getByLabel('School code (as agreed with the AREF)').fill('lycee-al-amal');
  await page.getByRole('button', { name: 'Export for the AREF' }).click();
  await expect(page.getByTestId('stats-export-message')).toContainText(statsMessage('en', 'fewCases', { period: '2026-2027-T1' }));
  await expect.poll(() => downloads.length).toBe(2);
  const names = downloads.map((d) => d.suggestedFilename()).sort();
  expect(names).toEqual(['sanad-stats-lycee-al-amal-2026-2027-T1.csv', 'sanad-stats-lycee-al-amal-2026-2027-T1.json']);
  const text = async (d: Download | undefined) => {
    const path = await d?.path();
    if (!path) throw new Error('no download');
    return readFileSync(path, 'utf8');
  };
  const csv = await text(downloads.find((d) => d.suggestedFilename().endsWith('.csv')));
  const json = JSON.parse(await text(downloads.find((d) => d.suggestedFilename().endsWith('.json')))) as { format: string; period: { id: string }; school: string; cells: { dim1: string; value: string }[] };
  expect(csv.startsWith('\uFEFFperiod,school,dim1,val1,dim2,val2,value,flag\r\n')).toBe(true);
  expect(json).toMatchObject({ format: 'sanad-stats/1', school: 'lycee-al-amal', period: { id: '2026-2027-T1' } });
  // Two cases: published as "<10", never as 2.
  expect(json.cells[0]?.value).toBe('<10');
  expect(json.cells.some((c) => c.value === '2' || c.value === '1')).toBe(false);
  for (const c of Object.values(CANARY)) {
    expect(csv).not.toContain(c);
    expect(JSON.stringify(json)).not.toContain(c);
  }
  await expectNoCanary(page);

  // The period is now in the school's register (a sealed setting): issued again with the same figures, it is
  // allowed and downloads again (other figures or an overlapping period are refused: src/statistics-ui/issue.test.ts).
  await page.getByRole('button', { name: 'Export for the AREF' }).click();
  await expect.poll(() => downloads.length).toBe(4);

  /** Presses `button`, waits for the `count`-th download, checks its name and returns its text as pdftotext reads it. */
  const pdfFrom = async (button: string, count: number, name: string) => {
    await page.getByRole('button', { name: button }).click();
    await expect.poll(() => downloads.length, { timeout: 30_000 }).toBe(count);
    const pdf = downloads[count - 1];
    expect(pdf?.suggestedFilename()).toBe(name);
    const path = await pdf?.path();
    if (!path) throw new Error(`no ${name}`);
    return execFileSync('pdftotext', [path, '-']).toString('utf8');
  };

  // The dashboard as a PDF: searchable text, the charts' titles, no name.
  const pdfText = await pdfFrom('Print these statistics (PDF)', 5, 'sanad-statistics-2026-2027-T1.pdf');
  expect(pdfText).toContain('Cases opened and closed, per month');
  expect(pdfText).toContain('Cases with a hard trigger');
  for (const c of Object.values(CANARY)) expect(pdfText).not.toContain(c);

  // The export as a PDF, from its published cells: its total "<10", as the JSON says, and no name.
  const exportText = await pdfFrom('Download the PDF of this export', 6, 'sanad-stats-lycee-al-amal-2026-2027-T1.pdf');
  expect(exportText.replace(/\s+/g, ' ')).toContain('Cases reported in the period <10');
  expect(exportText).toContain('lycee-al-amal');
  for (const c of Object.values(CANARY)) expect(exportText).not.toContain(c);
});
