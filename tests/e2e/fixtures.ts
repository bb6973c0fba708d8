import { test as base, expect } from '@playwright/test';

/**
 * Every end-to-end test runs under the built app's Content-Security-Policy and fails if any page of its
 * browser context reported a violation (the page logs each `securitypolicyviolation` event).
 */
export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ context }, use) => {
      const violations: string[] = [];
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
      });
      context.on('console', (msg) => {
        const text = msg.text();
        if (/CSP violation|Content Security Policy/i.test(text)) violations.push(text);
      });
      await use(violations);
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
