import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cliAsync, cliHome } from '../support/cli.js';
import { scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

// A cloned repository (git keeps symbolic links) or another user can put a FIFO or a link to a
// device where credhelper reads a file: `.env`, `.credhelper/settings.json`, `auth.json`. Reading
// such a "file" would block forever (a FIFO: and signals cannot stop a blocked read) or never end
// (/dev/zero: memory grows by gigabytes). Each is refused at once, naming the file.

isolateTests();
vi.setConfig({ testTimeout: 60_000 });

function mkfifo(path: string): void {
  const made = spawnSync('mkfifo', [path]);
  expect(made.status).toBe(0);
}

/** A project folder (with `.git`, as a clone has) inside a fresh CLI home. */
function project(): { dir: string; env: Record<string, string> } {
  const { home, env } = cliHome({ ANTHROPIC_API_KEY: 'sk-ant-test-hostile-files-0000', CREDHELPER_SHARED_CACHE: '0' });
  const dir = join(home, 'repo');
  mkdirSync(join(dir, '.git'), { recursive: true });
  return { dir, env };
}

async function run(args: string[], env: Record<string, string>, cwd: string) {
  const started = performance.now();
  const result = await cliAsync(args, { env, cwd, timeoutMs: 20_000 });
  return { ...result, ms: performance.now() - started };
}

describe('hostile special files where credhelper reads a file', () => {
  it.each([
    ['a FIFO', (path: string) => mkfifo(path)],
    ['a link to /dev/zero', (path: string) => symlinkSync('/dev/zero', path)],
  ])('.credhelper/settings.json as %s: SETTINGS_INVALID at once, naming the file', async (_name, plant) => {
    const { dir, env } = project();
    mkdirSync(join(dir, '.credhelper'));
    const settings = join(dir, '.credhelper', 'settings.json');
    plant(settings);
    const result = await run(['get', 'anthropic'], env, dir);
    expect(result.ms).toBeLessThan(10_000);
    expect(result.code).toBe(78);
    expect(result.stderr).toContain(`${settings} is not a regular file`);
  });

  it.each([
    ['a FIFO', (path: string) => mkfifo(path)],
    ['a link to /dev/zero', (path: string) => symlinkSync('/dev/zero', path)],
  ])('.env as %s: not read (no hang, no endless read): the source has nothing, at once', async (_name, plant) => {
    const { dir, env } = project();
    plant(join(dir, '.env'));
    for (const [args, code] of [
      [['get', 'openai'], 1],
      [['list'], 0],
    ] as const) {
      const result = await run([...args], env, dir);
      expect(result.ms, args.join(' ')).toBeLessThan(10_000);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(code);
    }
  });

  it('auth.json as a FIFO (CREDHELPER_AUTH_FILE in a shared folder): STORE_CORRUPT at once', async () => {
    const dir = scratchDir();
    const auth = join(dir, 'auth.json');
    mkfifo(auth);
    const { env } = cliHome({ CREDHELPER_AUTH_FILE: auth, ANTHROPIC_API_KEY: 'sk-ant-test-fifo-0000' });
    for (const args of [['list'], ['get', 'openai'], ['status']]) {
      const result = await run(args, env, env.HOME as string);
      expect(result.ms, args.join(' ')).toBeLessThan(10_000);
      expect(result.stdout + result.stderr, args.join(' ')).toContain(`${auth} is not a regular file`);
    }
  });
});
