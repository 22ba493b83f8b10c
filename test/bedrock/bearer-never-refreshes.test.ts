import { join } from 'node:path';
import { createCredentialHelper, isCredentialHelperError } from 'credhelper';
import { describe, expect, it } from 'vitest';
import { writeAuthFile } from '../support/auth-file.js';
import { useAwsEnv } from '../support/clean-env.js';
import { fixture, runCount, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

// README: a bearer token (a Bedrock API key) never triggers `awsAuthRefresh`, whose login renews
// SigV4 credentials only. Issue 22: an expired pasted token or a corrupt store entry ran it.

isolateTests();

function refreshWorld(store: unknown) {
  const dir = scratchDir();
  const refreshes = join(dir, 'refreshes');
  const env = useAwsEnv({ LOG_FILE: join(dir, 'log'), REFRESH_COUNT_FILE: refreshes, MARKER: join(dir, 'marker') });
  const creds = createCredentialHelper({
    env,
    authFile: writeAuthFile(store),
    settings: { awsAuthRefresh: fixture('refresh-creates-marker.sh') },
    onRefreshOutput: () => {},
  });
  return { creds, refreshes };
}

describe('a failing Bedrock bearer source does not run awsAuthRefresh', () => {
  it.each([
    [
      'an expired pasted token',
      { 'amazon-bedrock': { type: 'token', token: 'bedrock-api-key-test-expired', expires: Date.now() - 60_000 } },
      'CREDENTIALS_EXPIRED',
    ],
    ['a corrupt store entry', { 'amazon-bedrock': { type: 'token', token: 42 } }, undefined],
  ])('%s: the bearer error, and no refresh run', async (_name, store, code) => {
    const { creds, refreshes } = refreshWorld(store);
    const error = await creds.bedrock().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isCredentialHelperError(error)).toBe(true);
    if (code !== undefined && isCredentialHelperError(error)) expect(error.code).toBe(code);
    expect(runCount(refreshes)).toBe(0);
  });

  it('with no bearer source and no SigV4 credentials, awsAuthRefresh still runs (control)', async () => {
    const { creds, refreshes } = refreshWorld({});
    await creds.bedrock().catch(() => undefined);
    expect(runCount(refreshes)).toBe(1);
  });
});
