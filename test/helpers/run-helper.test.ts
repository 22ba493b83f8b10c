import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CredentialHelperError, runHelper } from '../../src/index.js';
import {
  everyRendering,
  fixture,
  isAlive,
  readPid,
  removeScratchDirs,
  scratchDir,
  waitFor,
} from '../support/fixtures.js';

const KEY = 'sk-ant-test-runhelper-secret-0042';
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', FAKE_KEY: KEY };
afterEach(removeScratchDirs);

function withPidFile(): string {
  return join(scratchDir(), 'pid');
}

async function failure(promise: Promise<unknown>): Promise<CredentialHelperError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CredentialHelperError);
  return error as CredentialHelperError;
}

describe('runHelper', () => {
  it('runs a shell command string and returns stdout, exit code and duration', async () => {
    const result = await runHelper(`${fixture('print-key.sh')}`, { env });
    expect(result.stdout).toBe(`${KEY}\n`);
    expect(result.exitCode).toBe(0);
    expect(result.durationMs).toBeGreaterThan(0);
  });

  it('runs { file, args } without a shell (metacharacters stay literal)', async () => {
    const result = await runHelper({ file: '/bin/echo', args: ['$HOME;', '`id`'] }, { env });
    expect(result.stdout).toBe('$HOME; `id`\n');
  });

  it('runs in cwd', async () => {
    const dir = scratchDir();
    expect((await runHelper('pwd', { cwd: dir, env })).stdout.trim()).toBe(dir);
  });

  it('HELPER_EXIT: names the setting, exit code, duration and a redacted stderr tail; never stdout', async () => {
    const error = await failure(runHelper(fixture('exit-3.sh'), { env, setting: 'apiKeyHelper' }));
    expect(error.code).toBe('HELPER_EXIT');
    expect(error.message).toMatch(/^\[credhelper\] apiKeyHelper exited with code 3 after \d+ ms/);
    expect(error.message).toContain('vault: permission denied');
    expect(error.details).toMatchObject({ setting: 'apiKeyHelper', exitCode: 3 });
    expect(error.details.stdoutBytes).toBe(KEY.length + 1);
    expect(everyRendering(error)).not.toContain(KEY);
  });

  it('HELPER_EXIT 127 says the command was not found', async () => {
    const error = await failure(runHelper('/nonexistent/vend-key', { env }));
    expect(error.code).toBe('HELPER_EXIT');
    expect(error.message).toContain('command was not found');
  });

  it('HELPER_SPAWN for a file that does not exist or is not executable, and for a missing cwd', async () => {
    expect((await failure(runHelper({ file: '/nonexistent/helper' }, { env }))).code).toBe('HELPER_SPAWN');
    const notExecutable = await failure(runHelper({ file: fixture('not-executable.sh') }, { env }));
    expect(notExecutable.code).toBe('HELPER_SPAWN');
    expect(notExecutable.message).toContain('not executable');
    const badCwd = await failure(runHelper('true', { env, cwd: '/nonexistent/dir' }));
    expect(badCwd.code).toBe('HELPER_SPAWN');
    expect(badCwd.message).toContain('working directory does not exist');
  });

  it('HELPER_SIGNAL when the helper is killed by a signal it did not get from us', async () => {
    const error = await failure(runHelper({ file: fixture('killed-by-signal.sh') }, { env }));
    expect(error.code).toBe('HELPER_SIGNAL');
    expect(error.details.signal).toBe('SIGSEGV');
  });

  it('HELPER_TIMEOUT kills the whole process group: the grandchild is gone too', async () => {
    const pidFile = withPidFile();
    const started = Date.now();
    const error = await failure(
      runHelper(fixture('hang-with-grandchild.sh'), { env: { ...env, PID_FILE: pidFile }, timeoutMs: 300 }),
    );
    expect(error.code).toBe('HELPER_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(2500);
    expect(error.message).toContain('timed out after 300 ms');
    const grandchild = await readPid(pidFile);
    expect(grandchild).toBeGreaterThan(0);
    expect(await waitFor(() => !isAlive(grandchild), 2000)).toBe(true);
  });

  it('escalates to SIGKILL when the helper ignores SIGTERM', async () => {
    const pidFile = withPidFile();
    const started = Date.now();
    const error = await failure(
      runHelper(
        { file: fixture('ignore-term.sh') },
        { env: { ...env, PID_FILE: pidFile }, timeoutMs: 200, killGraceMs: 300 },
      ),
    );
    expect(error.code).toBe('HELPER_TIMEOUT');
    // The leader itself ignores SIGTERM: only the SIGKILL after the grace period ends it.
    expect(Date.now() - started).toBeGreaterThanOrEqual(480);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(isAlive(await readPid(pidFile))).toBe(false);
  });

  it('SIGKILLs a group member that ignores SIGTERM after its shell parent died', async () => {
    const pidFile = withPidFile();
    const error = await failure(
      runHelper(fixture('ignore-term.sh'), { env: { ...env, PID_FILE: pidFile }, timeoutMs: 200, killGraceMs: 300 }),
    );
    expect(error.code).toBe('HELPER_TIMEOUT');
    const pid = await readPid(pidFile);
    expect(await waitFor(() => !isAlive(pid), 2000)).toBe(true);
  });

  it('HELPER_ABORTED when the AbortSignal fires, and kills the group', async () => {
    const pidFile = withPidFile();
    const controller = new AbortController();
    const running = runHelper(fixture('hang-with-grandchild.sh'), {
      env: { ...env, PID_FILE: pidFile },
      signal: controller.signal,
    });
    const grandchild = await readPid(pidFile);
    controller.abort();
    expect((await failure(running)).code).toBe('HELPER_ABORTED');
    expect(await waitFor(() => !isAlive(grandchild), 2000)).toBe(true);
  });

  it('HELPER_ABORTED without starting when the signal is already aborted', async () => {
    const error = await failure(runHelper('true', { signal: AbortSignal.abort() }));
    expect(error.code).toBe('HELPER_ABORTED');
  });

  it('HELPER_OUTPUT_TOO_LARGE for 5 MB of output, quickly, without quoting it', async () => {
    const started = Date.now();
    const error = await failure(runHelper(fixture('flood-5mb.sh'), { env }));
    expect(error.code).toBe('HELPER_OUTPUT_TOO_LARGE');
    expect(error.message).toContain('more than 1048576 bytes');
    expect(error.message).not.toContain('kkkkkkkk');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('returns promptly when the helper exits but a background process holds its stdout', async () => {
    const pidFile = withPidFile();
    const started = Date.now();
    const result = await runHelper(fixture('key-then-background.sh'), { env: { ...env, PID_FILE: pidFile } });
    expect(result.stdout.trim()).toBe(KEY);
    expect(Date.now() - started).toBeLessThan(1500);
    process.kill(await readPid(pidFile), 'SIGKILL');
  });

  it('streams stdout chunks to onStdout as they arrive', async () => {
    const chunks: Array<{ text: string; at: number }> = [];
    const started = Date.now();
    await runHelper(fixture('stream-progress.sh'), {
      env,
      onStdout: (text) => chunks.push({ text, at: Date.now() - started }),
    });
    expect(chunks.map((c) => c.text).join('')).toBe('step 1\nstep 2\nstep 3\n');
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    expect(chunks[0]?.at ?? 0).toBeLessThan((chunks.at(-1)?.at ?? 0) - 50);
  });

  it('validates its options', async () => {
    expect((await failure(runHelper('true', { timeoutMs: -1 }))).message).toContain(
      'expected `timeoutMs` to be a positive integer, got -1',
    );
    expect((await failure(runHelper('   '))).code).toBe('INVALID_OPTION');
  });
});
