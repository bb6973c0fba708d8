import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';
import { staticEmergencyHtml } from './src/app/static-emergency';
import { manifestHref, webManifest } from './src/app/web-manifest';

/**
 * The Content-Security-Policy of the built app: own origin only, no inline script or style, no eval, no
 * plugin, no base or form target. Set as a <meta> at build time only (the dev server injects inline
 * scripts for hot reload). `frame-ancestors` cannot be set by <meta>: the server sends it (SECURITY_HEADERS).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
].join('; ');

/**
 * What a web server sends with every file of the app (docs/deploy.md says why each, for a school's server;
 * `vite preview`, behind `npm start` and the end-to-end tests, sends them too). The policy again, plus what only
 * a header can say: no page of any origin may frame the app (clickjacking: a hostile page overlaying the
 * vault's buttons). No powerful feature is used: every one that could reach a camera, a microphone, a location,
 * a payment or a device is refused to the app and to anything it could ever embed (fullscreen, used by the
 * trainer's presentation mode, keeps its default: this origin only).
 */
export const SECURITY_HEADERS = {
  'Content-Security-Policy': `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': [
    'accelerometer',
    'autoplay',
    'camera',
    'display-capture',
    'encrypted-media',
    'geolocation',
    'gyroscope',
    'hid',
    'idle-detection',
    'magnetometer',
    'microphone',
    'midi',
    'payment',
    'publickey-credentials-get',
    'screen-wake-lock',
    'serial',
    'usb',
    'xr-spatial-tracking',
  ]
    .map((feature) => `${feature}=()`)
    .join(', '),
  // For browsers older than `frame-ancestors`; newer ones follow the policy.
  'X-Frame-Options': 'DENY',
} as const;

function contentSecurityPolicy(): Plugin {
  return {
    name: 'sanad-csp',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      // Right after the charset, before anything the policy governs.
      handler: (html) => html.replace(/(<meta charset="[^"]*"\s*\/?>)/i, `$1\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`),
    },
  };
}

/** The install manifests of the other languages, beside the Arabic one the PWA plugin writes. */
function otherManifests(): Plugin {
  return {
    name: 'sanad-manifests',
    apply: 'build',
    generateBundle() {
      for (const lang of ['fr', 'en'] as const) this.emitFile({ type: 'asset', fileName: manifestHref(lang).slice(1), source: JSON.stringify(webManifest(lang)) });
    },
  };
}

/** The emergency numbers in the HTML itself, before any script (src/app/static-emergency.ts). */
function staticEmergency(): Plugin {
  return {
    name: 'sanad-static-emergency',
    transformIndexHtml: (html) => html.replace('<div id="root"></div>', `<div id="root">${staticEmergencyHtml()}</div>`),
  };
}

export default defineConfig({
  plugins: [
    react(),
    contentSecurityPolicy(),
    staticEmergency(),
    otherManifests(),
    // Offline after the first load: every built file is precached; an update is offered, never forced.
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      manifest: webManifest('ar'),
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,ttf,woff2,webmanifest}'],
        // Lazy chunks and, later, PDF fonts are bigger than Workbox's 2 MB default: precache them all.
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  build: { target: 'es2022', sourcemap: true },
  // Only the built app's server: the dev server keeps its defaults (its hot reload injects inline scripts).
  preview: { headers: SECURITY_HEADERS },
  test: {
    globals: true,
    // Two projects: the model checks enumerate the whole statechart and may take minutes; every other test
    // has a short limit, so a hung test fails fast instead of holding CI for ten minutes.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['protocol/**/*.test.ts', 'machines/**/*.test.ts', 'src/**/*.test.{ts,tsx}', 'tests/**/*.test.ts'],
          exclude: ['tests/model/**', '**/node_modules/**'],
          testTimeout: 20_000,
          hookTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: { name: 'model', include: ['tests/model/**/*.test.ts'], testTimeout: 600_000, hookTimeout: 600_000 },
      },
    ],
    // The model files are heavy and independent: run them side by side on both cores.
    maxWorkers: 2,
    // CI keeps a JSON report for its summary line (.ci/run).
    ...(process.env.CI ? { reporters: ['default', 'json'], outputFile: { json: '.ci-results/vitest.json' } } : {}),
  },
});
