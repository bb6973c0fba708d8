/**
 * The time until a teacher can tap "19" on a cheap phone with a weak connection: a phone-sized window,
 * Chromium's network throttled to 1.6 Mbps / 150 ms RTT and its CPU slowed 4× (CDP), from navigation start
 * to the first paint with the tel:19 link in the document. First visit (empty cache, no service worker) and repeat
 * visit (service worker installed), median of 5 each, beside the same figures for a page holding only the
 * static emergency block and the stylesheet (tests/bench/floor.html): the floor no app can go under.
 * Printed, never asserted.
 */
import type { CDPSession, Page } from '@playwright/test';
import { median, sorted } from './bench-browser';
import { withBuiltApp } from './preview-server';

const PORT = 4175;
const RUNS = 5;
const THROTTLE = { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8) * 0.9, uploadThroughput: (750e3 / 8) * 0.9 };


async function throttle(cdp: CDPSession): Promise<void> {
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', THROTTLE);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
}

/** Navigates and returns ms from navigation start to the tel:19 link on screen (see the init script). */
async function timeToTel19(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(() => (window as unknown as { sanadTel19?: number }).sanadTel19, undefined, { timeout: 60_000, polling: 50 });
  return (await handle.jsonValue()) as number;
}

async function visits(page: Page, cdp: CDPSession, origin: string, path: string): Promise<{ first: number[]; repeat: number[] }> {
  const first: number[] = [];
  const repeat: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // A first visit: nothing cached, no service worker.
    await page.goto('about:blank');
    await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' });
    await cdp.send('Network.clearBrowserCache');
    first.push(await timeToTel19(page, origin + path));
    // The app's service worker installs (precaching every file, the floor page included); the floor page has
    // no script, so the app's page installs it for both. The next visit is served by it.
    if (path !== '/') await page.goto(origin + '/');
    await page.evaluate(() => Promise.race([navigator.serviceWorker.ready.then(() => true), new Promise((r) => setTimeout(() => r(false), 30_000))]));
    repeat.push(await timeToTel19(page, origin + path));
  }
  return { first, repeat };
}

// When the link is in the document (the HTML's own block: at parse), and the first contentful paint: the link is
// on screen at the later of the two (the block is the page's only content before the app runs). Plain JavaScript
// in a string: tsx would wrap named functions in a helper the page does not have.
const WATCH_TEL19 = `(() => {
  let inDom, painted;
  const done = () => { if (inDom !== undefined && painted !== undefined) window.sanadTel19 = Math.max(inDom, painted); };
  const seen = () => { if (inDom === undefined && document.querySelector('a[href="tel:19"]')) { inDom = performance.now(); done(); } };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
  new PerformanceObserver((list) => {
    const fcp = list.getEntriesByName('first-contentful-paint')[0];
    if (fcp) { painted = fcp.startTime; seen(); done(); }
  }).observe({ type: 'paint', buffered: true });
})();`;

export function benchFirstPaint(): Promise<void> {
  return withBuiltApp({ port: PORT, extraPages: { floor: 'tests/bench/floor.html' } }, async (context, origin) => {
    await context.addInitScript({ content: WATCH_TEL19 });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.setViewportSize({ width: 390, height: 844 });
    const cdp = await context.newCDPSession(page);
    await throttle(cdp);
    const app = await visits(page, cdp, origin, '/');
    const floor = await visits(page, cdp, origin, '/tests/bench/floor.html');
    const row = (label: string, xs: number[], floorXs: number[], goal: number) =>
      console.log(`  ${label.padEnd(44)} median ${median(sorted(xs)).toFixed(0).padStart(6)} ms   floor ${median(sorted(floorXs)).toFixed(0).padStart(6)} ms   (goal ${goal} ms; runs ${xs.map((x) => x.toFixed(0)).join(', ')})`);
    console.log('\nEmergency numbers on a slow phone (390×844, 1.6 Mbps / 150 ms RTT, CPU 4× slower; median of 5)');
    console.log('  floor: a page with only the static emergency block and the stylesheet, served the same way');
    row('tap-to-call 19 visible, first visit', app.first, floor.first, 1000);
    row('tap-to-call 19 visible, repeat visit (SW)', app.repeat, floor.repeat, 300);
  });
}
