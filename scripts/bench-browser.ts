/**
 * The storage figures of `npm run bench`, in headless Chromium (Debian's, as in the end-to-end tests):
 * 10,000 cases × 30 events seeded in the app's own database, then the home screen's first render, opening
 * a case and appending an event, each beside a baseline doing the same work without the app's code
 * (tests/bench/storage-bench.ts says what each baseline does). Printed, never asserted.
 */
import type { Page } from '@playwright/test';
import { withBuiltApp } from './preview-server';

const CASES = Number(process.env.BENCH_CASES ?? 10_000);
const PER_CASE = 30;
const RUNS = 50;
const PORT = 4174;

type Figures = Record<'listApp' | 'listRaw' | 'homeRaw' | 'openApp' | 'openRaw' | 'appendApp' | 'appendRaw', number[]> & { openCount: number };
interface Bench {
  seed(count: number, perCase: number, passphrase: string): Promise<{ cases: number; events: number; ms: number }>;
  measure(runs: number): Promise<Figures>;
  measureStale(runs: number): Promise<number[]>;
  close(): void;
}

/** The middle value of numbers already sorted (see `sorted`). */
export const median = (xs: number[]) => xs[Math.floor(xs.length / 2)] ?? Number.NaN;
const p95 = (xs: number[]) => xs[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))] ?? Number.NaN;
const ms = (x: number) => `${x.toFixed(1).padStart(7)} ms`;
export const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

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

    // Locking one tab locks the others (BroadcastChannel, then a reload): from the click in one tab to the lock
    // screen drawn in the other, both read on the pages' own clocks (a driver's click on a tab in the background
    // waits for animation frames, which would add a second or more that no user sees).
    const other = await context.newPage();
    const lockTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      await homeVisit(page, `${base}/`);
      await homeVisit(other, `${base}/`);
      const clickedAt = await page.evaluate(() => {
        const t = performance.timeOrigin + performance.now();
        document.querySelector<HTMLButtonElement>('nav button.lock')?.click();
        return t;
      });
      await other.locator('#vault-passphrase').waitFor();
      const shownAt = await other.evaluate(() => performance.timeOrigin + ((window as unknown as { sanadLockShownAt: number }).sanadLockShownAt ?? Number.NaN));
      lockTimes.push(shownAt - clickedAt);
    }
    await other.close();

    const row = (label: string, app: number[], raw: number[] | null, note: string) =>
      console.log(`  ${label.padEnd(46)} median ${ms(median(app))}  p95 ${ms(p95(app))}${raw ? `   baseline ${ms(median(raw))}   ratio ${(median(app) / median(raw)).toFixed(2)}` : ''}   (${note})`);
    console.log(`  open cases on the home screen: ${f.openCount}`);
    console.log('  baselines: the same work without the app (raw IndexedDB, WebCrypto, bare React), tests/bench/storage-bench.ts');
    row('unlock screen shown (navigation → form)', lockScreen, null, 'the emergency numbers are on it');
    row('unlock: PBKDF2-SHA-256 600,000 iterations + keys', unlock, null, 'once per visit');
    row('home: first render after unlock (list shown)', home, f.homeRaw, 'baseline: read + bare render; budget 300 ms');
    row('home: the list read (index table)', f.listApp, f.listRaw, 'baseline: the same index read');
    row('open a case: load + decrypt + restore', f.openApp, f.openRaw, 'baseline: read + decrypt; budget 50 ms');
    row('open a case, cold: load + decrypt + full replay', stale, f.openRaw, 'snapshot removed first; budget 50 ms');
    row('open a case from home, on screen', sorted(openUi), f.openRaw, 'route + render; budget 50 ms + render');
    row('append an event (seal, chain, strict write)', f.appendApp, f.appendRaw, 'baseline: seal + chain + strict write; budget 20 ms');
    row('lock: the other tab shows the lock screen', sorted(lockTimes), null, 'BroadcastChannel + reload + lock screen');
  });
}
