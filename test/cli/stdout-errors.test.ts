import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, cliHome } from '../support/cli.js';
import { removeScratchDirs } from '../support/fixtures.js';

// Standard output that cannot be written (the program reading it exited; a full disk) was an
// unhandled 'error' event: a Node stack trace on stderr and exit 1, which reads as "no
// credentials". Now: one line naming the error, exit 74, no stack, no secret.

afterEach(removeScratchDirs);

const KEY = 'sk-ant-test-stdout-errors-0000000001';

function expectOneLine(stderr: string, code: string): void {
  expect(stderr).toBe(`credhelper: cannot write to standard output (${code})\n`);
  expect(stderr).not.toContain(KEY);
}

describe('standard output that cannot be written', () => {
  it.skipIf(!existsSync('/dev/full'))('a full disk (/dev/full): one line, exit 74', () => {
    const { env } = cliHome({ ANTHROPIC_API_KEY: KEY });
    for (const args of [
      ['get', 'anthropic'],
      ['status', '--json'],
      ['explain', 'anthropic'],
    ]) {
      const full = openSync('/dev/full', 'w');
      try {
        const run = spawnSync(process.execPath, [CLI, ...args], {
          env,
          cwd: env.HOME,
          stdio: ['ignore', full, 'pipe'],
          encoding: 'utf8',
          timeout: 30_000,
        });
        expect(run.status, args.join(' ')).toBe(74);
        expectOneLine(run.stderr, 'ENOSPC');
      } finally {
        closeSync(full);
      }
    }
  });

  it('a reader that exited (a closed pipe): one line, exit 74', async () => {
    const { env } = cliHome({ ANTHROPIC_API_KEY: KEY });
    const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'get', 'anthropic'], {
        env,
        cwd: env.HOME,
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 30_000,
      });
      child.stdout.destroy(); // the reading end closes before credhelper writes
      let stderr = '';
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
      });
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(run.code).toBe(74);
    expectOneLine(run.stderr, 'EPIPE');
  });

  it("a closed stderr pipe does not change the outcome (no crash, the error's own exit code)", async () => {
    const { env } = cliHome();
    // A usage error (exit 64): its message goes to a stderr whose reader exited.
    const run = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'get', 'Not A Target'], {
        env,
        cwd: env.HOME,
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 30_000,
      });
      child.stderr.destroy();
      let stdout = '';
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
      });
      child.on('close', (code) => resolve({ code, stdout }));
    });
    expect(run.code).toBe(64);
    expect(run.stdout).toBe('');
  });
});
