import { createCredentialHelper, isCredentialHelperError } from 'credhelper';
import { describe, expect, it } from 'vitest';
import { hoursFromNow, writeAuthFile } from '../support/auth-file.js';
import { fixture } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

// The library half of `exec --min-validity`: `ensureValidFor(target, ms)`.

isolateTests();

const TOKEN = 'sk-ant-test-pasted-valid-for-0001';
const HOUR = 3_600_000;

function withPastedToken(expiresInHours: number) {
  const authFile = writeAuthFile({ anthropic: { type: 'token', token: TOKEN, expires: hoursFromNow(expiresInHours) } });
  return createCredentialHelper({ env: { PATH: process.env.PATH }, authFile });
}

describe('ensureValidFor', () => {
  it('a pasted token expiring inside the time asked for, with nothing to renew it: HUMAN_ACTION_NEEDED naming the deadline', async () => {
    const creds = withPastedToken(5);
    const error = await creds.ensureValidFor('anthropic', 8 * HOUR).catch((e: unknown) => e);
    expect(isCredentialHelperError(error) && error.code).toBe('HUMAN_ACTION_NEEDED');
    expect(String(error)).toMatch(/anthropic: a person must log in again by \d{4}-\d\d-\d\dT/);
    expect(String(error)).toContain('within the 8 h asked for');
    expect(String(error)).not.toContain(TOKEN);
  });

  it('outside: resolves with the deadline and runs nothing', async () => {
    const result = await withPastedToken(5).ensureValidFor('anthropic', HOUR);
    expect(result.refreshed).toBe(false);
    expect(result.humanActionBy?.getTime()).toBeGreaterThan(Date.now() + 4.9 * HOUR);
  });

  it('credentials credhelper renews by itself (one-hour STS keys) have no deadline: never refused', async () => {
    const creds = createCredentialHelper({
      env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1', EXPIRES_IN_S: '3600', AWS_EC2_METADATA_DISABLED: 'true' },
      settings: { awsCredentialExport: fixture('print-sts-json.sh') },
      authFile: false,
    });
    expect(await creds.ensureValidFor('bedrock', 24 * HOUR)).toEqual({ target: 'bedrock', refreshed: false });
  });

  it('refuses a negative time and an unknown target (INVALID_OPTION)', async () => {
    const creds = withPastedToken(5);
    await expect(creds.ensureValidFor('anthropic', -1)).rejects.toThrow('expected `validForMs`');
    await expect(creds.ensureValidFor('nope' as never, 1)).rejects.toThrow('unknown target');
  });

  it('refreshStdin must be terminal or ignore', () => {
    expect(() => createCredentialHelper({ refreshStdin: 'tty' as never })).toThrow(
      "expected `refreshStdin` to be 'terminal' or 'ignore'",
    );
  });
});
