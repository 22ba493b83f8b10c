import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Issue 21 review: the library's loader runs its bundle with `vm.Script#runInThisContext`, which is
// the process's main context. A host that runs each test file's modules in a vm context of its own
// (Jest, vitest's vmThreads/vmForks pools) gives them their own `process.env`, timers and `Error`:
// the library must see those (a test that sets `process.env.ANTHROPIC_API_KEY` and resolves), as
// any module the host loads does, not the main context's.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HOST = fileURLToPath(new URL('../fixtures/vm-context-host.cjs', import.meta.url));

describe('the library loaded inside a vm context (Jest-like host)', () => {
  it.each(['index.cjs', 'internal.cjs', 'index.js', 'internal.js'])(
    'dist/%s reads the context’s process.env and its errors are the context’s Errors',
    (entry) => {
      const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: ROOT };
      const run = spawnSync(
        process.execPath,
        ['--experimental-vm-modules', '--no-warnings', HOST, join(ROOT, 'dist', entry)],
        { env, encoding: 'utf8' },
      );
      expect({ code: run.status, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      expect(JSON.parse(run.stdout)).toEqual({
        errorIsContextError: true,
        anthropic: { source: 'env:ANTHROPIC_API_KEY', contextKey: true },
      });
    },
  );
});
