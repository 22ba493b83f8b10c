import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCredentialHelper, isCredentialHelperError } from 'credhelper';
import { describe, expect, it } from 'vitest';
import { useAwsEnv } from '../support/clean-env.js';
import { isAlive, runCount, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

// #23: AbortSignal and a per-call timeout on anthropic(), bedrock(), vertex() and provider().

isolateTests();

/** A helper that writes its pid and run count, sleeps `seconds`, then prints `output`. */
function slowHelper(seconds: number, output: string): { command: string; pidFile: string; count: string } {
  const dir = scratchDir();
  const pidFile = join(dir, 'pid');
  const count = join(dir, 'count');
  return {
    command: `echo run >> '${count}'; echo $$ > '${pidFile}'; sleep ${seconds}; printf '%s\\n' '${output}'`,
    pidFile,
    count,
  };
}

async function pidOf(file: string): Promise<number> {
  for (let i = 0; i < 200 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 10));
  for (let i = 0; i < 200 && readFileSync(file, 'utf8').trim() === ''; i++) await new Promise((r) => setTimeout(r, 10));
  return Number(readFileSync(file, 'utf8').trim());
}

async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 300 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 10));
  return !isAlive(pid);
}

const KEY = 'sk-ant-test-cancel-0001';

describe('cancellation', () => {
  it('anthropic({ signal }): aborting stops waiting and kills the helper', async () => {
    const { command, pidFile } = slowHelper(30, KEY);
    const creds = createCredentialHelper({ env: useAwsEnv(), authFile: false, settings: { apiKeyHelper: command } });
    const controller = new AbortController();
    const pending = creds.anthropic({ signal: controller.signal }).catch((e: unknown) => e);
    const pid = await pidOf(pidFile);
    const started = Date.now();
    controller.abort();
    const error = await pending;
    expect(Date.now() - started).toBeLessThan(500);
    expect(isCredentialHelperError(error) && error.code).toBe('HELPER_ABORTED');
    expect(String(error)).toContain('anthropic()');
    expect(await gone(pid)).toBe(true);
  });

  it('anthropic({ timeoutMs }) stops waiting after timeoutMs', async () => {
    const { command, pidFile } = slowHelper(30, KEY);
    const creds = createCredentialHelper({ env: useAwsEnv(), authFile: false, settings: { apiKeyHelper: command } });
    const started = Date.now();
    const error = await creds.anthropic({ timeoutMs: 300 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(isCredentialHelperError(error) && error.code).toBe('HELPER_ABORTED');
    expect(String(error)).toContain('timeoutMs');
    expect(await gone(await pidOf(pidFile))).toBe(true);
  });

  it('a shared run survives one caller’s abort while another caller still waits', async () => {
    const { command, count } = slowHelper(1, KEY);
    const creds = createCredentialHelper({ env: useAwsEnv(), authFile: false, settings: { apiKeyHelper: command } });
    const controller = new AbortController();
    const aborted = creds.anthropic({ signal: controller.signal }).catch((e: unknown) => e);
    const waiting = creds.anthropic();
    controller.abort();
    expect(isCredentialHelperError(await aborted) && ((await aborted) as { code: string }).code).toBe('HELPER_ABORTED');
    expect((await waiting).value).toBe(KEY);
    expect(runCount(count)).toBe(1);
  });

  it('an already aborted signal rejects at once without running anything', async () => {
    const { command, count } = slowHelper(30, KEY);
    const creds = createCredentialHelper({ env: useAwsEnv(), authFile: false, settings: { apiKeyHelper: command } });
    const error = await creds.anthropic({ signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(isCredentialHelperError(error) && error.code).toBe('HELPER_ABORTED');
    expect(runCount(count)).toBe(0);
  });

  it('bedrock({ timeoutMs }) stops a hanging awsCredentialExport', async () => {
    const { command, pidFile } = slowHelper(30, '{}');
    const creds = createCredentialHelper({
      env: useAwsEnv(),
      authFile: false,
      settings: { awsCredentialExport: command },
      bedrock: { region: 'us-west-2' },
    });
    const error = await creds.bedrock({ timeoutMs: 300 }).catch((e: unknown) => e);
    expect(isCredentialHelperError(error) && error.code).toBe('HELPER_ABORTED');
    expect(String(error)).toContain('bedrock()');
    expect(await gone(await pidOf(pidFile))).toBe(true);
  });

  it('a bad timeoutMs is INVALID_OPTION', () => {
    const creds = createCredentialHelper({ env: useAwsEnv(), authFile: false });
    expect(() => creds.anthropic({ timeoutMs: -1 })).toThrow(/timeoutMs/);
  });
});
