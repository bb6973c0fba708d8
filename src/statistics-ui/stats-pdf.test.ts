import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHOOL_CALENDAR } from '../../protocol/calendar';
import { catalog } from '../../protocol/text';
import { loadScenario } from '../../machines/scenario';
import { nodeFonts } from '../../scripts/pdf-cli';
import { formatMessage } from '../i18n/message';
import { UI } from '../i18n/ui-catalogs';
import type { UiKey } from '../i18n/ui';
import { buildStatsPdf } from '../pdf/stats-report';
import { dashboardData, periodChoices } from './dashboard-data';
import { chartSections, durationTable } from './sections';

/** The dashboard's PDF, read back with pdftotext: every chart's title and counts, and nothing of any child. */
const cal = DEFAULT_SCHOOL_CALENDAR;
const raw = JSON.parse(readFileSync('protocol/scenarios/closed-then-reopened.json', 'utf8')) as unknown;
const events = loadScenario(raw).scenario.steps.map((s) => s.event as unknown);
const year = periodChoices(cal).find((p) => p.id === '2026-2027');
if (!year) throw new Error('no school year 2026-2027 in the calendar');
const data = dashboardData([{ events }], year, 'training', cal, '2027-09-10T10:00:00.000Z');
const fonts = nodeFonts();

/** Every string a party or the report carries in the scenario: none may reach the statistics. */
const canaries = (() => {
  const out: string[] = [];
  for (const e of events as Record<string, unknown>[]) {
    if (e.type === 'party.add') for (const k of ['pseudonym', 'name', 'className']) if (typeof e[k] === 'string' && (e[k] as string).length > 2) out.push(e[k] as string);
    if (e.type === 'case.report' && typeof e.summary === 'string') out.push(e.summary);
  }
  return out;
})();

/** Compared without spaces, direction marks or the mirrored parentheses of right-to-left runs. */
const squash = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/[\u200b\u200c\u200e\u200f\u202a-\u202e\u2066-\u2069\s]/g, '')
    .replace(/[()]/g, '|');

function pdfTextOf(lang: 'ar' | 'fr') {
  const t = (key: UiKey, vars: Readonly<Record<string, string | number>> = {}) => formatMessage(UI[lang][key], vars, lang);
  const p = (key: string) => catalog(lang)[key] ?? key;
  const sections = chartSections(data, { t, p, locale: `${lang}-MA` });
  const durations = durationTable(data, { t, locale: `${lang}-MA` });
  const doc = buildStatsPdf({ lang, title: t('stats.title'), period: t('stats.period.year', { year: '2026-2027' }), notes: [t('stats.total', { count: data.exact.total })], sections, tables: [durations] }, fonts);
  const file = join(mkdtempSync(join(tmpdir(), 'sanad-stats-pdf-')), `stats-${lang}.pdf`);
  writeFileSync(file, Buffer.from(doc.output('arraybuffer')));
  return { text: squash(execFileSync('pdftotext', [file, '-']).toString('utf8')), sections, t };
}

describe('the dashboard as a PDF', () => {
  it('has canaries to look for', () => {
    expect(canaries.length).toBeGreaterThan(0);
  });

  for (const lang of ['ar', 'fr'] as const) {
    it(`prints every chart with its title, labels and counts, and no name or narrative (${lang})`, () => {
      const { text, sections, t } = pdfTextOf(lang);
      expect(sections.length).toBeGreaterThanOrEqual(8);
      for (const s of sections) expect(text).toContain(squash(s.title));
      expect(text).toContain(squash(t('stats.opened')));
      expect(text).toContain(squash(t('stats.durations.title')));
      expect(text).toContain(squash(t('stats.durations.median')));
      // The case of the scenario, once: "1" beside its typology group, its still-open outcome.
      expect(text).toContain(squash(t('stats.outcome.open')));
      for (const c of canaries) expect(text).not.toContain(squash(c));
    });
  }
});
