// Load tests run after the rest of the suite, one file at a time (the `load` project in
// vitest.config.ts): 800 CLI processes need both cores to themselves to finish in bounded time.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliAsync, cliHome } from '../support/cli.js';
import { isolateTests } from '../support/isolation.js';

isolateTests();

function storePath(home: string): string {
  return join(home, '.local', 'share', 'credhelper', 'auth.json');
}

function modes(home: string): { dir: number; file: number } {
  const file = storePath(home);
  return { dir: statSync(join(file, '..')).mode & 0o777, file: statSync(file).mode & 0o777 };
}

describe('the credential store under concurrent CLI writers', () => {
  it('16 processes × 50 `login --stdin` of distinct profiles at once: all 800 entries present', async () => {
    const { home, env } = cliHome();
    // 16 workers, each running 50 logins one after the other: 16 processes at any moment.
    const failures: string[] = [];
    await Promise.all(
      Array.from({ length: 16 }, async (_, w) => {
        for (let i = 1; i <= 50; i++) {
          const args = ['login', '--provider', 'openai', '--profile', `w${w}-${i}`, '--stdin'];
          const run = await cliAsync(args, { env, input: `sk-test-w${w}-${i}`, timeoutMs: 60_000 });
          if (run.code !== 0) failures.push(`w${w}-${i}: ${run.code} ${run.stderr}`);
        }
      }),
    );
    expect(failures).toEqual([]);
    const data = JSON.parse(readFileSync(storePath(home), 'utf8'));
    expect(Object.keys(data)).toHaveLength(800);
    expect(data['openai:w7-42']).toEqual({ type: 'api', key: 'sk-test-w7-42' });
    expect(modes(home)).toEqual({ dir: 0o700, file: 0o600 });
  }, 300_000);
});
