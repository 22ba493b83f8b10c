import { readFileSync } from 'node:fs';
import { createCredentialHelper } from 'credhelper';
import { describe, expect, it } from 'vitest';
import { writeAuthFile } from '../support/auth-file.js';
import { cleanEnv, fakeClock } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { startOAuthServer } from '../support/oauth-server.js';

// Issue 22: a token endpoint that answers `expires_in` ≤ 300 s made every call a token request
// under the store lock (the 5-minute refresh margin covered the whole lifetime). The margin is at
// most half the token's lifetime.

const { track } = isolateTests();
const OLD_REFRESH = 'test-oauth-refresh-short-0001';

describe('stored OAuth tokens with a short lifetime', () => {
  it('expires_in 120 s: one refresh, then reused for half the lifetime, then refreshed once more', async () => {
    const server = track(await startOAuthServer(OLD_REFRESH, { expiresInS: 120 }));
    const clock = fakeClock(Date.now());
    const file = writeAuthFile({
      openrouter: {
        type: 'oauth',
        access: 'test-oauth-access-short-0001',
        refresh: OLD_REFRESH,
        expires: clock.now() - 1,
      },
    });
    const newHelper = () =>
      createCredentialHelper({
        env: cleanEnv({ CREDHELPER_AUTH_FILE: file }),
        now: clock.now,
        providers: { oauth: { openrouter: { tokenUrl: server.tokenUrl, body: 'form', clientId: 'credhelper-test' } } },
      });
    const creds = newHelper();
    const first = (await creds.provider('openrouter')).value;
    expect(server.refreshes()).toBe(1);
    expect(JSON.parse(readFileSync(file, 'utf8')).openrouter.expires).toBe(clock.now() + 120_000);
    for (let i = 0; i < 5; i++) expect((await creds.provider('openrouter')).value).toBe(first);
    clock.advance(59_000);
    expect((await creds.provider('openrouter')).value).toBe(first);
    expect((await newHelper().provider('openrouter')).value).toBe(first); // another process: the stored token
    expect(server.refreshes()).toBe(1);
    clock.advance(2000); // past half of its life: refreshed
    await creds.provider('openrouter');
    expect(server.refreshes()).toBe(2);
    expect(JSON.parse(readFileSync(file, 'utf8')).openrouter.expires).toBe(clock.now() + 120_000);
  });
});
