import { createCredentialHelper, isCredentialHelperError, runHelper } from 'credhelper';
import { describe, expect, it } from 'vitest';
import { cleanEnv } from '../support/fixtures.js';

// Node's timers hold 32-bit signed delays: a longer one fires after ~1 ms. Every timeout option
// refuses such values when it is checked (issue 22).

const TOO_LONG = 100_000_000_000;
const LONGEST = 2 ** 31 - 1;

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: Error) => error,
  );
}

describe('timeouts above 2^31-1 ms', () => {
  it('runHelper refuses them (timeoutMs, killGraceMs) instead of timing out after ~1 ms', async () => {
    for (const name of ['timeoutMs', 'killGraceMs'] as const) {
      const error = await failure(runHelper('sleep 0.2; echo ok', { [name]: TOO_LONG }));
      expect(isCredentialHelperError(error) && error.code).toBe('INVALID_OPTION');
      expect(error.message).toContain(`expected \`${name}\` to be at most ${LONGEST} ms`);
    }
    expect((await runHelper('echo ok', { timeoutMs: LONGEST })).stdout).toBe('ok\n');
  });

  it('createCredentialHelper refuses them in options and in variables', () => {
    for (const options of [{ helperTimeoutMs: TOO_LONG }, { refreshTimeoutMs: TOO_LONG }]) {
      expect(() => createCredentialHelper({ ...options, env: cleanEnv() })).toThrow(`to be at most ${LONGEST} ms`);
    }
    for (const variable of ['CREDHELPER_HELPER_TIMEOUT_MS', 'CREDHELPER_REFRESH_TIMEOUT_MS']) {
      expect(() => createCredentialHelper({ env: cleanEnv({ [variable]: String(TOO_LONG) }) })).toThrow(
        `expected ${variable} to be at most ${LONGEST} ms`,
      );
    }
    expect(() => createCredentialHelper({ helperTimeoutMs: LONGEST, env: cleanEnv() })).not.toThrow();
  });

  it('an apiKeyHelper with the longest allowed timeout is not cut short', async () => {
    const creds = createCredentialHelper({
      env: cleanEnv({ CREDHELPER_HELPER_TIMEOUT_MS: String(LONGEST) }),
      settings: { apiKeyHelper: 'sleep 0.2; echo sk-ant-test-long-timeout' },
      authFile: false,
    });
    expect((await creds.anthropic()).value).toBe('sk-ant-test-long-timeout');
  });
});
