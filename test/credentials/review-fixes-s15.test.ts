import { inspect } from 'node:util';
import { createCredentialHelper, isCredentialHelperError } from 'credhelper';
import { describe, expect, it } from 'vitest';
import { fixture } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

// Found by this stop's attack review of the new features.

isolateTests();
const HOUR = 3_600_000;

describe('a minted Bedrock API key is no login deadline', () => {
  it('ensureValidFor(bedrock, 13 h) with minted keys from one-hour STS credentials: no HUMAN_ACTION_NEEDED', async () => {
    const creds = createCredentialHelper({
      env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1', EXPIRES_IN_S: '3600', AWS_EC2_METADATA_DISABLED: 'true' },
      settings: { awsCredentialExport: fixture('print-sts-json.sh') },
      bedrock: { mintBearerToken: true },
      authFile: false,
    });
    const credential = await creds.bedrock();
    expect(credential.type === 'bearer' && credential.source).toBe('minted:helper:awsCredentialExport');
    const result = await creds.ensureValidFor('bedrock', 13 * HOUR);
    expect(result.refreshed).toBe(false);
    expect(result.humanActionBy).toBeUndefined();
  });
});

describe('a proxy password never rides in an error cause', () => {
  it('creds.fetch through an unparsable proxy URL with a password: neither message nor inspect() shows it', async () => {
    const password = 'pr0xyPASSWORD-test-4711';
    const creds = createCredentialHelper({
      env: {
        PATH: process.env.PATH,
        ANTHROPIC_API_KEY: 'sk-ant-test-proxy-cause-0001',
        HTTPS_PROXY: `http://puser:${password}@127.0.0.1:99999`,
      },
      authFile: false,
    });
    const error = await creds
      .fetch('anthropic')('https://api.anthropic.test/v1/messages', { method: 'POST', body: '{}' })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isCredentialHelperError(error)).toBe(true);
    expect(inspect(error, { depth: 10 })).not.toContain(password);
    expect(inspect(error, { depth: 10 })).not.toContain('sk-ant-test-proxy-cause-0001');
  });
});
