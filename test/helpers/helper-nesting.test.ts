// Every helper is marked as started by credhelper; a helper whose nested credhelper refused is
// reported as HELPER_RECURSION naming the setting.
import { describe, expect, it } from 'vitest';
import { NESTED_VARIABLE } from '../../src/helpers/helper-nesting.js';
import { isCredentialHelperError, runHelper } from '../../src/index.js';

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
/** What a nested credhelper prints on stderr when it refuses (its message holds the sentinel). */
const REFUSAL = `echo '[credhelper] credhelper was started by another credhelper ... refused (HELPER_RECURSION).' >&2`;

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('resolved, expected an error'),
    (e: unknown) => e,
  );
}

describe('runHelper marks every helper', () => {
  it(`sets ${NESTED_VARIABLE} to this process's pid, over whatever the caller's env had`, async () => {
    const printed = await runHelper(`printf %s "$${NESTED_VARIABLE}"`, { env: { ...env, [NESTED_VARIABLE]: 'old' } });
    expect(printed.stdout).toBe(String(process.pid));
    const direct = await runHelper({ file: '/bin/sh', args: ['-c', `printf %s "$${NESTED_VARIABLE}"`] }, { env });
    expect(direct.stdout).toBe(String(process.pid));
  });

  it("never writes the caller's env", async () => {
    const callerEnv = { ...env };
    await runHelper('true', { env: callerEnv });
    expect(callerEnv).toEqual(env);
  });
});

describe('a helper whose nested credhelper refused', () => {
  it('is HELPER_RECURSION naming the setting, with the exit code and the way out', async () => {
    const error = await failure(runHelper(`${REFUSAL}; exit 78`, { setting: 'apiKeyHelper', env }));
    expect(isCredentialHelperError(error) && error.code).toBe('HELPER_RECURSION');
    if (!isCredentialHelperError(error)) return;
    expect(error.details).toMatchObject({ setting: 'apiKeyHelper', exitCode: 78 });
    expect(error.message).toContain('apiKeyHelper runs credhelper itself');
    expect(error.message).toContain('remove the apiKeyHelper setting');
  });

  it('a helper that falls back after the refusal and succeeds is not an error', async () => {
    const result = await runHelper(`${REFUSAL}; echo sk-ant-test-fallback-0001`, { setting: 'apiKeyHelper', env });
    expect(result.stdout).toBe('sk-ant-test-fallback-0001\n');
  });

  it('a plain failure stays HELPER_EXIT', async () => {
    const error = await failure(runHelper('echo nope >&2; exit 78', { setting: 'apiKeyHelper', env }));
    expect(isCredentialHelperError(error) && error.code).toBe('HELPER_EXIT');
  });
});
