import { createCredentialHelper } from 'credhelper';
import { describe, expect, it } from 'vitest';
import { cleanEnv } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { json, listen } from '../support/local-servers.js';

// Issue 22: with an OAuth credential, creds.fetch('anthropic') replaced the caller's
// `anthropic-beta` header with the OAuth flag instead of combining the values.

const { track } = isolateTests();

async function betaSeen(callerHeaders: Record<string, string> | undefined) {
  const seen: Array<string | undefined> = [];
  const server = track(
    await listen((request, response) => {
      seen.push(request.headers['anthropic-beta'] as string | undefined);
      json(response, 200, { type: 'message' });
    }),
  );
  const creds = createCredentialHelper({
    env: cleanEnv({ CLAUDE_CODE_OAUTH_TOKEN: 'sk-ant-oat01-test-beta-0001' }),
    authFile: false,
  });
  const init: RequestInit = { method: 'POST', body: '{}' };
  if (callerHeaders !== undefined) init.headers = callerHeaders;
  const response = await creds.fetch('anthropic')(`${server.url}/v1/messages`, init);
  expect(response.status).toBe(200);
  return seen[0];
}

describe('creds.fetch("anthropic") with an OAuth credential', () => {
  it("combines the caller's anthropic-beta values with the OAuth flag", async () => {
    expect(await betaSeen({ 'anthropic-beta': 'prompt-caching-2024-07-31,files-api-2025-04-14' })).toBe(
      'prompt-caching-2024-07-31,files-api-2025-04-14,oauth-2025-04-20',
    );
  });

  it('does not repeat a flag the caller already sent, whatever its case or spacing', async () => {
    expect(await betaSeen({ 'Anthropic-Beta': 'oauth-2025-04-20, context-1m-2025-08-07' })).toBe(
      'oauth-2025-04-20,context-1m-2025-08-07',
    );
  });

  it('without a caller header, sends the OAuth flag alone', async () => {
    expect(await betaSeen(undefined)).toBe('oauth-2025-04-20');
  });
});
