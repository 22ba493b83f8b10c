import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnthropicVertex } from '@anthropic-ai/vertex-sdk';
import { createCredentialHelper, isCredentialHelperError } from 'credhelper';
import { describe, expect, it } from 'vitest';
import { useGcpEnv } from '../support/clean-env.js';
import { scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { externalAccountJson, googleStsServer, vertexServer } from '../support/local-servers.js';

// AnthropicVertex with credhelper's AuthClient against a local Vertex endpoint that checks the
// bearer token and the rawPredict path; the token comes from a real external_account exchange.

const ACCESS_TOKEN = 'ya29.test-vertex-wire-token-0001';
const SUBJECT_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.test-subject-token';
const MODEL = 'claude-sonnet-4@20250514';
const { track } = isolateTests();

async function withAdc(extra: Record<string, string> = {}) {
  const sts = await googleStsServer({ acceptSubjectToken: SUBJECT_TOKEN, accessToken: ACCESS_TOKEN });
  track(sts);
  const dir = scratchDir();
  writeFileSync(join(dir, 'subject'), SUBJECT_TOKEN);
  writeFileSync(join(dir, 'adc.json'), externalAccountJson(sts.tokenUrl, join(dir, 'subject')));
  return useGcpEnv({ GOOGLE_APPLICATION_CREDENTIALS: join(dir, 'adc.json'), ...extra });
}

describe('AnthropicVertex with vertexAuthClient()', () => {
  it('sends the bearer token to /projects/<p>/locations/<r>/publishers/anthropic/models/<m>:rawPredict', async () => {
    const vertex = await vertexServer({ accessToken: ACCESS_TOKEN, projectId: 'agents-prod', region: 'us-east5' });
    track(vertex);
    const creds = createCredentialHelper({
      env: await withAdc({ GOOGLE_CLOUD_PROJECT: 'agents-prod', CLOUD_ML_REGION: 'us-east5' }),
    });
    const { region } = await creds.vertex({ model: MODEL });
    // No projectId given to the SDK: it takes it from credhelper's AuthClient.
    const client = new AnthropicVertex({
      region,
      baseURL: `${vertex.url}/v1`,
      authClient: await creds.vertexAuthClient(),
      maxRetries: 0,
    });
    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 16,
      messages: [{ role: 'user', content: 'hello' }],
    });
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'hello from the fake Vertex' });
    expect(vertex.calls).toEqual([
      {
        path: `/v1/projects/agents-prod/locations/us-east5/publishers/anthropic/models/${MODEL}:rawPredict`,
        authorization: `Bearer ${ACCESS_TOKEN}`,
        accepted: true,
      },
    ]);
  });

  it('a wrong token is refused by the endpoint (the check can fail)', async () => {
    const vertex = await vertexServer({ accessToken: 'ya29.some-other-token', projectId: 'p', region: 'us-east5' });
    track(vertex);
    const creds = createCredentialHelper({ env: await withAdc({ GOOGLE_CLOUD_PROJECT: 'p' }) });
    const client = new AnthropicVertex({
      region: 'us-east5',
      baseURL: `${vertex.url}/v1`,
      authClient: await creds.vertexAuthClient(),
      maxRetries: 0,
    });
    const error = await client.messages
      .create({ model: MODEL, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect((error as { status?: number }).status).toBe(401);
  });

  it('without any ADC, constructing the client does not crash; the request fails with the typed cause', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const creds = createCredentialHelper({ env: useGcpEnv({ GOOGLE_CLOUD_PROJECT: 'p' }) });
      const client = new AnthropicVertex({
        region: 'us-east5',
        baseURL: 'http://127.0.0.1:9/v1',
        authClient: await creds.vertexAuthClient(),
        maxRetries: 0,
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const error = await client.messages
        .create({ model: MODEL, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] })
        .catch((e: unknown) => e);
      const cause = (error as { cause?: unknown }).cause;
      expect(isCredentialHelperError(cause) && cause.code).toBe('CREDENTIALS_NOT_FOUND');
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
