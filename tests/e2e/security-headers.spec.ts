import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from './fixtures';

/**
 * The headers the built app is served with (`vite preview`, as `npm start` serves it), and the one they add to
 * the <meta> policy: no page of another origin may frame the app (a hostile page laying its buttons over the
 * vault's). docs/deploy.md gives a school's web server the same headers: its nginx snippet must say what this
 * server sends.
 */
const APP = 'http://127.0.0.1:4173';
const SECURITY_HEADERS = ['content-security-policy', 'x-content-type-options', 'referrer-policy', 'permissions-policy', 'x-frame-options'];

/** The headers of the nginx snippet in docs/deploy.md, by lower-case name. */
function documentedHeaders(): Record<string, string> {
  const doc = readFileSync('docs/deploy.md', 'utf8');
  return Object.fromEntries([...doc.matchAll(/^\s*add_header ([\w-]+) "([^"]*)" always;$/gm)].map((m) => [m[1]!.toLowerCase(), m[2]!]));
}

test('the HTML, the service worker and the scripts come with the security headers of docs/deploy.md', async ({ page }) => {
  const warnings: string[] = [];
  page.on('console', (msg) => warnings.push(msg.text()));
  const response = await page.goto('/');
  const headers = response!.headers();
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(meta).toContain("script-src 'self'");
  expect(headers['content-security-policy']).toBe(`${meta}; frame-ancestors 'none'`);
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  const features = (headers['permissions-policy'] ?? '').split(/,\s*/);
  for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb']) expect(features).toContain(`${feature}=()`);
  expect(features.filter((f) => !f.endsWith('=()')), 'every feature listed is refused').toEqual([]);

  const documented = documentedHeaders();
  for (const name of SECURITY_HEADERS) expect(documented[name], `docs/deploy.md, ${name}`).toBe(headers[name]);

  // Every file, not only the page: the service worker's script and the app's scripts.
  const script = await page.locator('script[type="module"][src]').first().getAttribute('src');
  for (const path of ['/sw.js', script!]) {
    const other = (await page.request.get(path)).headers();
    for (const name of SECURITY_HEADERS) expect(other[name], `${path}: ${name}`).toBe(headers[name]);
  }
  // Under these headers the service worker still installs and takes over (offline use), and Chromium
  // understood every feature named.
  expect(await page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.active !== null))).toBe(true);
  expect(warnings.filter((w) => /Permissions-Policy|Feature Policy/i.test(w))).toEqual([]);
});

test('a page of another origin that frames the app gets an empty frame', async ({ page, cspViolations }) => {
  // Another site (another port is another origin) whose page holds the app in a frame.
  const site = createServer((_, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><title>Another site</title><h1>Another site</h1><iframe src="${APP}/" title="Sanad" onload="window.frameDone = true"></iframe></html>`);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  try {
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    const fetched = page.waitForResponse(`${APP}/`);
    await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
    // The browser did ask for the app, and the frame is done (loaded or refused).
    expect((await fetched).status()).toBe(200);
    await page.waitForFunction(() => (window as unknown as { frameDone?: boolean }).frameDone === true);

    // Refused: no document of the app in the frame, none of its scripts fetched, its numbers never drawn there.
    const frame = page.frames().find((f) => f !== page.mainFrame());
    expect(frame).toBeDefined();
    expect(frame!.url().startsWith(APP)).toBe(false);
    await expect(page.frameLocator('iframe').locator('#root')).toHaveCount(0);
    expect(requested.filter((url) => url.startsWith(`${APP}/assets/`))).toEqual([]);
    await expect.poll(() => cspViolations.join('\n')).toMatch(/frame-ancestors/);
    // Seen and expected here; every other test must end with none.
    cspViolations.length = 0;
  } finally {
    await new Promise<void>((resolve) => site.close(() => resolve()));
  }
});
