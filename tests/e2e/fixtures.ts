import { test as base, expect } from '@playwright/test';
import type { Browser, BrowserContext, BrowserContextOptions } from '@playwright/test';
import { SCHOOL_DAY } from './clock';

/**
 * Every end-to-end test runs on a fixed clock and under the built app's Content-Security-Policy.
 *
 * The clock: school-day deadlines ("the same school day", "20 school days") make what the app shows depend
 * on the date, so no test may read the machine's clock. Each browser context gets Playwright's fake clock,
 * started at `clockAt` (by default a Tuesday morning of term in Morocco) and then running at normal speed.
 * The projects of playwright.config.ts run the specs whose assertions change with the kind of day (tagged
 * @date) again on a weekend, on a national holiday and in two far-apart time zones.
 *
 * The policy: the test fails if any page of its browser context reported a violation.
 */

interface Options {
  /** When the fake clock of every browser context of the test starts (ISO 8601 with an offset). */
  clockAt: string;
}

interface Fixtures {
  cspViolations: string[];
  /** Real milliseconds since the clock was installed: the fake clock runs at normal speed from `clockAt`. */
  fixedClock: { now: () => Date };
  /** Another device: a new browser context with the same clock, time zone and policy checks. */
  newDevice: (options?: BrowserContextOptions) => Promise<BrowserContext>;
}

async function watchCsp(context: BrowserContext, violations: string[]) {
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  context.on('console', (msg) => {
    const text = msg.text();
    if (/CSP violation|Content Security Policy/i.test(text)) violations.push(text);
  });
}

export const test = base.extend<Fixtures & Options>({
  clockAt: [SCHOOL_DAY, { option: true }],
  fixedClock: [
    async ({ context, clockAt }, use) => {
      const start = performance.now();
      await context.clock.install({ time: new Date(clockAt) });
      await use({ now: () => new Date(Date.parse(clockAt) + (performance.now() - start)) });
    },
    { auto: true },
  ],
  cspViolations: [
    async ({ context }, use) => {
      const violations: string[] = [];
      await watchCsp(context, violations);
      await use(violations);
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
  newDevice: async ({ browser, fixedClock, cspViolations }, use) => {
    const made: BrowserContext[] = [];
    await use(async (options) => {
      const context = await (browser as Browser).newContext(options);
      made.push(context);
      // The other device's clock reads the same time as this one's, as two phones in one school would.
      await context.clock.install({ time: fixedClock.now() });
      await watchCsp(context, cspViolations);
      return context;
    });
    for (const c of made) await c.close().catch(() => undefined);
  },
});

export { expect };
