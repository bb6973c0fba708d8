/**
 * The storage figures of `npm run bench`, in headless Chromium (Debian's, as in the end-to-end tests):
 * 10,000 cases × 30 events seeded in the app's own database, then the home screen's first render, opening
 * a case and appending an event, each beside the same reads and writes done with raw IndexedDB.
 * Printed, never asserted.
 */
import type { Page } from '@playwright/test';
import { withBuiltApp } from './preview-server';

const CASES = Number(process.env.BENCH_CASES ?? 10_000);
const PER_CASE = 30;
const RUNS = 50;
const PORT = 4174;

type Figures = Record<'listApp' | 'listRaw' | 'openApp' | 'openRaw' | 'appendApp' | 'appendRaw', number[]> & { openCount: number };
interface Bench {
  seed(count: number, perCase: number, passphrase: string): Promise<{ cases: number; events: number; ms: number }>;
  measure(runs: number): Promise<Figures>;
  measureStale(runs: number): Promise<number[]>;
  close(): void;
}

const median = (xs: number[]) => xs[Math.floor(xs.length / 2)] ?? Number.NaN;
const p95 = (xs: number[]) => xs[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))] ?? Number.NaN;
const ms = (x: number) => `${x.toFixed(1).padStart(7)} ms`;
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

export const BENCH_PASSPHRASE = 'bench passphrase, not a secret';
interface Marks {
  lockShown: number;
  submitted: number;
  unlocked: number;
  listShown: number;
}

/**
 * A fresh navigation to the home screen: from navigation start to the unlock screen, the passphrase typed
 * and submitted, then PBKDF2 and the key derivation, then the list read, decrypted nothing (the index is
 * clear) and rendered. Times come from the page's own clock (see the init script below).
 */
async function homeVisit(page: Page, url: string): Promise<Marks> {
  await page.goto(url);
  await page.locator('#vault-passphrase').fill(BENCH_PASSPHRASE);
  const submitted = await page.evaluate(() => {
    const t = performance.now();
    document.querySelector<HTMLFormElement>('form.vault')!.requestSubmit();
    return t;
  });
  await page.waitForFunction(() => (window as unknown as { sanadListShownAt?: number }).sanadListShownAt !== undefined, undefined, { timeout: 60_000 });
  return page.evaluate((s) => {
    const w = window as unknown as { sanadLockShownAt: number; sanadListShownAt: number };
    const unlocked = performance.getEntriesByName('sanad:unlocked').at(-1)?.startTime ?? Number.NaN;
    return { lockShown: w.sanadLockShownAt, submitted: s, unlocked, listShown: w.sanadListShownAt };
  }, submitted);
}

export function benchBrowser(): Promise<void> {
  return withBuiltApp({ port: PORT, extraPages: { bench: 'tests/bench/storage.html' } }, async (context, base) => {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${base}/tests/bench/storage.html`);
    await page.waitForSelector('body[data-ready="yes"]');
    const bench = (fn: string, ...args: unknown[]) => page.evaluate(([f, a]) => (window as unknown as { sanadBench: Record<string, (...x: unknown[]) => unknown> }).sanadBench[f as string]!(...(a as unknown[])), [fn, args] as const);

    const seeded = (await bench('seed', CASES, PER_CASE, BENCH_PASSPHRASE)) as Awaited<ReturnType<Bench['seed']>>;
    console.log(`\nStorage in headless Chromium (${CASES.toLocaleString('en')} cases × ${PER_CASE} events, profile on disk)`);
    console.log(`  seeded ${seeded.cases} cases, ${seeded.events} events in ${(seeded.ms / 1000).toFixed(1)} s`);
    const f = (await bench('measure', RUNS)) as Figures;
    const stale = (await bench('measureStale', 20)) as number[];
    await bench('close');

    await context.addInitScript(() => {
      const w = window as unknown as { sanadLockShownAt?: number; sanadListShownAt?: number };
      const watch = new MutationObserver(() => {
        if (w.sanadLockShownAt === undefined && document.querySelector('#vault-passphrase')) w.sanadLockShownAt = performance.now();
        if (document.querySelector('.case-row')) {
          w.sanadListShownAt = performance.now();
          watch.disconnect();
        }
      });
      watch.observe(document, { childList: true, subtree: true });
    });
    const visits: Marks[] = [];
    for (let i = 0; i < 6; i++) visits.push(await homeVisit(page, `${base}/`));
    visits.shift(); // the first one installs the service worker
    const lockScreen = sorted(visits.map((v) => v.lockShown));
    const unlock = sorted(visits.map((v) => v.unlocked - v.submitted));
    const home = sorted(visits.map((v) => v.listShown - v.unlocked));
    const caseIds = await page.evaluate(() => [...document.querySelectorAll<HTMLAnchorElement>('.case-row a')].slice(0, 12).map((a) => a.hash));
    // Opening a case from the home screen: the route changes, the case loads and its step is on screen.
    const openUi: number[] = [];
    for (const hash of caseIds) {
      openUi.push(
        await page.evaluate(async (h) => {
          const t0 = performance.now();
          location.hash = h;
          while (!document.querySelector('[data-testid="current-step"]') || !location.hash.endsWith(h.split('/').pop()!)) await new Promise((r) => requestAnimationFrame(r));
          const t = performance.now() - t0;
          location.hash = '#/';
          while (!document.querySelector('.case-row')) await new Promise((r) => requestAnimationFrame(r));
          return t;
        }, hash),
      );
    }
    openUi.shift(); // the first one loads the case page's code

    const row = (label: string, app: number[], raw: number[] | null, budget: string) =>
      console.log(`  ${label.padEnd(44)} median ${ms(median(app))}  p95 ${ms(p95(app))}${raw ? `   raw IndexedDB ${ms(median(raw))}   ratio ${(median(app) / median(raw)).toFixed(2)}` : ''}   (${budget})`);
    console.log(`  open cases on the home screen: ${f.openCount}`);
    row('unlock screen shown (navigation → form)', lockScreen, null, 'the emergency numbers are on it');
    row('unlock: PBKDF2-SHA-256 600,000 iterations + keys', unlock, null, 'once per visit');
    row('home: first render after unlock (list shown)', home, f.listRaw, 'budget 300 ms');
    row('home: the list read (index table)', f.listApp, f.listRaw, 'part of the above');
    row('open a case: load + restore', f.openApp, f.openRaw, 'budget 50 ms');
    row('open a case: load + full replay (stale cache)', stale, f.openRaw, 'budget 50 ms');
    row('open a case from home, on screen', sorted(openUi), f.openRaw, 'budget 50 ms + render');
    row('append an event (strict durability)', f.appendApp, f.appendRaw, 'budget 20 ms');
  });
}
