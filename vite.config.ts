import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [react()],
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
