import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const LOAD_TESTS = 'test/**/*.load.test.ts';

export default defineConfig({
  resolve: {
    // Examples import the package by name, as users do; tests run them against the sources.
    alias: [
      { find: /^credhelper$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      { find: /^credhelper\/internal$/, replacement: fileURLToPath(new URL('./src/internal.ts', import.meta.url)) },
    ],
  },
  test: {
    testTimeout: 20_000,
    // The AWS SDK's Node-version notice, printed when a test builds an AWS client in-process, is
    // not a test result (the CLI keeps it out of its own output; see src/cli/bin.ts).
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    hookTimeout: 20_000,
    // Helper tests spawn real processes: keep the 2-core machine from oversubscribing.
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [LOAD_TESTS] } },
      // Load tests (hundreds of CLI processes, 100 000-call bursts) need the machine to themselves:
      // they run after every other file has finished, one file at a time.
      {
        extends: true,
        test: {
          name: 'load',
          include: [LOAD_TESTS],
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
          // Heap measurements need a GC on demand.
          execArgv: ['--expose-gc'],
        },
      },
    ],
  },
});
