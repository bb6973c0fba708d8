import { expect, test } from './fixtures';

test('the Content-Security-Policy is in force: inline script and a third-party origin are refused', async ({ page, cspViolations }) => {
  await page.goto('/');
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("script-src 'self'");
  expect(policy).not.toContain('unsafe-inline');
  expect(policy).not.toContain('unsafe-eval');
  expect(policy).toContain("object-src 'none'");
  expect(policy).toContain("base-uri 'none'");
  expect(policy).toContain("connect-src 'self'");

  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.sanadInlineRan = true';
    document.body.append(s);
  });
  const connect = await page.evaluate(() => fetch('https://example.org/').then(() => 'fetched', () => 'refused'));
  expect(connect).toBe('refused');
  expect(await page.evaluate(() => (window as unknown as { sanadInlineRan?: boolean }).sanadInlineRan)).toBeUndefined();
  await expect.poll(() => cspViolations.length).toBeGreaterThanOrEqual(2);
  expect(cspViolations.join('\n')).toMatch(/script-src/);
  expect(cspViolations.join('\n')).toMatch(/connect-src/);
  // Seen and expected here; every other test must end with none.
  cspViolations.length = 0;
});
