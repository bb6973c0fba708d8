import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import type { PlaywrightTestOptions, Project } from '@playwright/test';
import { HOLIDAY, WEEKEND } from './tests/e2e/clock';

/**
 * Debian's Chromium (apt-get install chromium): Playwright's own browser download cannot run on these machines.
 *
 * Every test runs on a fixed clock (tests/e2e/fixtures.ts), so no verdict depends on the day, the hour or the
 * machine's zone. The first project runs every spec on a school day in Morocco's time zone; the others run again
 * the specs whose assertions change with the kind of day (tagged @date: home's "due today", a holiday moving a
 * deadline, the emergency and shared-concern deadlines) on a Saturday, on a national holiday and in the time
 * zones furthest ahead of and behind Morocco. Specs tagged @zone set their own instants and run again in the two
 * time zones only. A spec whose flow merely passes through dated screens is not repeated: on this CI's two
 * cores each repeat costs about ten seconds, and the day-dependent screens are the tagged specs' subject.
 */
const dateSensitive = /@date/;
// Specs that set their own instants on the fake clock (a weekend or a holiday start adds nothing to them) but read
// local dates: run again in the far time zones only.
const zoneSensitive = /@date|@zone/;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  throw new Error(`No Chromium at ${CHROMIUM}. Install Debian's: sudo apt-get install -y chromium poppler-utils (or set CHROMIUM_PATH).`);
}

type Options = { clockAt?: string };
const projects: Project<PlaywrightTestOptions & Options>[] = [
  { name: 'school-day', use: { timezoneId: 'Africa/Casablanca' } },
  { name: 'weekend', grep: dateSensitive, use: { timezoneId: 'Africa/Casablanca', clockAt: WEEKEND } },
  { name: 'holiday', grep: dateSensitive, use: { timezoneId: 'Africa/Casablanca', clockAt: HOLIDAY } },
  { name: 'tz-kiritimati', grep: zoneSensitive, use: { timezoneId: 'Pacific/Kiritimati' } },
  { name: 'tz-los-angeles', grep: zoneSensitive, use: { timezoneId: 'America/Los_Angeles' } },
];

export default defineConfig<Options>({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  retries: 0,
  workers: 1,
  // CI keeps a JSON report for its summary line (.ci/run).
  reporter: process.env.CI ? [['list'], ['json', { outputFile: '.ci-results/e2e.json' }]] : 'line',
  use: {
    baseURL: 'http://127.0.0.1:4173',
    locale: 'en-US',
    launchOptions: {
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  projects,
  webServer: [
    {
      command: 'npx vite build && npx vite preview --host 127.0.0.1 --port 4173 --strictPort',
      url: 'http://127.0.0.1:4173',
      reuseExistingServer: !process.env.CI,
      timeout: 120_000,
    },
    // Team sync (tests/e2e/team-sync.spec.ts): a CouchDB-protocol server published under the built app's origin.
    // Started after the build above, whose files it serves.
    {
      command: 'npx tsx tests/e2e/sync-server.ts',
      url: 'http://127.0.0.1:4183/couchdb/team-e2e',
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
