import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CLI, cli, cliHome, userSettings } from '../support/cli.js';
import { runCount, scratchDir, waitFor } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

// Many agent processes, one helper run: the CLI's shared cache, across real processes.

isolateTests();
// Each test starts several Node processes; on a loaded 2-core machine that takes a while.
vi.setConfig({ testTimeout: 90_000 });

/** An apiKeyHelper that counts its runs, sleeps (first run: FIRST_SLEEP_S), then prints a key. */
function slowHelper(firstSleepS = '0.3'): { command: string; count: string } {
  const dir = scratchDir();
  const count = join(dir, 'count');
  const script = join(dir, 'vend.sh');
  writeFileSync(
    script,
    `#!/bin/sh\necho run >> "${count}"\nif [ "$(wc -l < "${count}")" -eq 1 ]; then sleep ${firstSleepS}; else sleep 0.3; fi\necho sk-ant-test-shared-key\n`,
    { mode: 0o755 },
  );
  return { command: script, count };
}

function start(env: Record<string, string>): {
  child: ChildProcess;
  done: Promise<{ code: number | null; stdout: string }>;
} {
  const child = spawn(process.execPath, [CLI, 'get', 'anthropic'], {
    env,
    cwd: env.HOME,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const done = new Promise<{ code: number | null; stdout: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout })),
  );
  return { child, done };
}

describe('the shared cache (CLI default)', () => {
  it('16 processes started at once with a cold cache run the helper once; with it off, 16 times', async () => {
    for (const [shared, expected] of [
      ['1', 1],
      ['0', 16],
    ] as const) {
      const { command, count } = slowHelper();
      const { home, env } = cliHome({ CREDHELPER_SHARED_CACHE: shared });
      userSettings(home, { apiKeyHelper: command });
      const results = await Promise.all(Array.from({ length: 16 }, () => start(env).done));
      expect(results.every((r) => r.code === 0 && r.stdout === 'sk-ant-test-shared-key\n')).toBe(true);
      expect(runCount(count)).toBe(expected);
    }
  }, 60_000);

  it('the lock holder is SIGKILLed mid-run: the others reclaim the lock and finish, with one more run', async () => {
    const { command, count } = slowHelper('5');
    const { home, env } = cliHome();
    userSettings(home, { apiKeyHelper: command });
    const holder = start(env);
    expect(await waitFor(() => runCount(count) === 1, 10_000)).toBe(true);
    const others = Array.from({ length: 5 }, () => start(env));
    await new Promise((resolve) => setTimeout(resolve, 300));
    holder.child.kill('SIGKILL');
    const started = Date.now();
    const results = await Promise.all(others.map((o) => o.done));
    expect(results.every((r) => r.code === 0 && r.stdout === 'sk-ant-test-shared-key\n')).toBe(true);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(runCount(count)).toBe(2);
  }, 30_000);

  it('processes whose AWS_PROFILE (or CREDHELPER_CACHE_SCOPE) differs do not share entries', () => {
    const { home, env } = cliHome();
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion in a helper command, not a template
    userSettings(home, { apiKeyHelper: 'echo "sk-ant-test-profile-${AWS_PROFILE:-none}"' });
    expect(cli(['get', 'anthropic'], { env: { ...env, AWS_PROFILE: 'a' } }).stdout).toBe('sk-ant-test-profile-a\n');
    expect(cli(['get', 'anthropic'], { env: { ...env, AWS_PROFILE: 'b' } }).stdout).toBe('sk-ant-test-profile-b\n');
    expect(cli(['get', 'anthropic'], { env: { ...env, AWS_PROFILE: 'a' } }).stdout).toBe('sk-ant-test-profile-a\n');
  });

  it('status names the cache; cache clear empties it', () => {
    const { home, env } = cliHome({ ANTHROPIC_API_KEY: 'sk-ant-test-x' });
    userSettings(home, { apiKeyHelper: 'echo sk-ant-test-cached' });
    expect(cli(['get', 'anthropic'], { env }).code).toBe(0);
    expect(cli(['status'], { env }).stdout).toContain(`shared cache: ${join(home, '.cache', 'credhelper')}`);
    const cleared = cli(['cache', 'clear'], { env });
    expect(cleared.stdout).toContain('removed 1 file(s)');
    expect(cli(['cache', 'clear'], { env }).stdout).toContain('removed 0 file(s)');
  });
});
