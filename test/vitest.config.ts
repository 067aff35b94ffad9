import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = path.resolve(import.meta.dirname, '..');

export default defineConfig({
  root,
  resolve: { alias: { '~': path.join(root, 'app') } },
  test: {
    reporters: ['default', path.join(root, 'test/helpers/summary-reporter.ts')],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/integration/**/*.test.tsx'],
          setupFiles: ['test/helpers/database-per-file.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          // System drills: each starts its own built server processes on its own database and
          // talks HTTP to them; no browser.
          name: 'drills',
          include: ['test/drills/**/*.test.ts'],
          environment: 'node',
          testTimeout: 240_000,
          hookTimeout: 120_000,
          // Each drill loads the machine on purpose: one at a time.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/browser/global-setup.ts'],
          environment: 'node',
          // axeBothLanguages checks five displays and focus per language: a test with several
          // pages needs minutes on a busy two-core machine.
          testTimeout: 240_000,
          hookTimeout: 60_000,
          // One Chromium and one server: run browser files one after another.
          fileParallelism: false,
        },
      },
    ],
  },
});
