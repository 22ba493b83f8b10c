import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Helper tests spawn real processes: keep the 2-core machine from oversubscribing.
    pool: 'forks',
    maxWorkers: 2,
  },
});
