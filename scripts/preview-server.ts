import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import type { BrowserContext } from '@playwright/test';
import { build, preview } from 'vite';

/**
 * Builds the app (plus any extra pages) into a throw-away folder, serves it, and opens Debian's
 * Chromium on a profile kept on disk, for the scripts that drive the real app (bench, screenshots).
 */
export async function withBuiltApp<T>(
  options: { port: number; extraPages?: Record<string, string> },
  work: (context: BrowserContext, base: string) => Promise<T>,
): Promise<T> {
  const outDir = mkdtempSync(join(tmpdir(), 'sanad-build-'));
  const profile = mkdtempSync(join(tmpdir(), 'sanad-profile-'));
  await build({
    configFile: 'vite.config.ts',
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, rollupOptions: { input: { index: 'index.html', ...options.extraPages } } },
  });
  const server = await preview({ configFile: 'vite.config.ts', logLevel: 'error', build: { outDir }, preview: { host: '127.0.0.1', port: options.port, strictPort: true } });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    return await work(context, `http://127.0.0.1:${options.port}`);
  } finally {
    await context.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    rmSync(profile, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
  }
}
