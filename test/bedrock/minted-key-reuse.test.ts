import { createCredentialHelper } from 'credhelper';
import { describe, expect, it } from 'vitest';
import { useAwsEnv } from '../support/clean-env.js';
import { fakeClock, fixture } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

// Issue 22 review (a refresh window longer than the lifetime, as for stored OAuth tokens): a
// minted Bedrock API key was re-minted 5 minutes before its expiry whatever its lifetime, so a key
// minted from credentials with less than 5 minutes left was never reused: every bedrock() call
// (every request through the proxy) minted a new one. The margin is at most half the key's life.

isolateTests();

async function bearerToken(creds: ReturnType<typeof createCredentialHelper>): Promise<string> {
  const credential = await creds.bedrock();
  if (credential.type !== 'bearer') throw new Error(`expected a minted bearer key, got ${credential.type}`);
  return credential.token;
}

describe('a minted Bedrock API key from short-lived credentials', () => {
  it('credentials with 4 min left: the key is reused for about half its life, then minted again', async () => {
    const clock = fakeClock(Date.now());
    const creds = createCredentialHelper({
      env: useAwsEnv({ EXPIRES_IN_S: '240' }),
      now: clock.now,
      settings: { awsCredentialExport: fixture('print-sts-json.sh') },
      bedrock: { mintBearerToken: true },
      authFile: false,
    });
    const first = await bearerToken(creds);
    clock.advance(2_000); // a new signing time: a new mint would give another key
    expect(await bearerToken(creds)).toBe(first);
    clock.advance(60_000);
    expect(await bearerToken(creds)).toBe(first);
    clock.advance(60_000); // past half of the key's life
    expect(await bearerToken(creds)).not.toBe(first);
  });
});
