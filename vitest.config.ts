import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['reconciler/**/*.test.ts', 'twins/**/*.test.ts', 'test/**/*.test.ts', 'site/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'site/dist/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
