import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    react(),
    // Offline after the first load: every built file is precached; an update is offered, never forced.
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'Sanad · سند',
        short_name: 'Sanad',
        description: 'Handling cyberbullying cases in school, step by step',
        lang: 'ar',
        dir: 'rtl',
        start_url: '.',
        display: 'standalone',
        background_color: '#f7f5f0',
        theme_color: '#0f5e57',
        icons: [{ src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
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
  test: {
    globals: true,
    include: ['protocol/**/*.test.ts', 'machines/**/*.test.ts', 'src/**/*.test.{ts,tsx}', 'tests/**/*.test.ts'],
    // Path enumeration over the whole statechart takes a while on a shared 2-core machine.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    // The two model files are heavy and independent: run them side by side on both cores.
    maxWorkers: 2,
  },
});
