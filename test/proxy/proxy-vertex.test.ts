import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnthropicVertex } from '@anthropic-ai/vertex-sdk';
import { createCredentialHelper } from 'credhelper';
import { OAuth2Client } from 'google-auth-library';
import { afterEach, describe, expect, it } from 'vitest';
import { useGcpEnv } from '../support/clean-env.js';
import { scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { externalAccountJson, googleStsServer, vertexServer } from '../support/local-servers.js';

// AnthropicVertex through the proxy with an authClient whose only credential is the proxy token:
// the fake Vertex endpoint accepts the ADC access token the proxy added (from a real token exchange).

const ACCESS_TOKEN = 'ya29.test-vertex-proxy-token-0001';
const SUBJECT_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.test-subject-token';
const MODEL = 'claude-sonnet-4@20250514';
const { track } = isolateTests();
const proxies: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});

async function adcEnv(extra: Record<string, string>) {
  const sts = track(await googleStsServer({ acceptSubjectToken: SUBJECT_TOKEN, accessToken: ACCESS_TOKEN }));
  const dir = scratchDir();
  writeFileSync(join(dir, 'subject'), SUBJECT_TOKEN);
  writeFileSync(join(dir, 'adc.json'), externalAccountJson(sts.tokenUrl, join(dir, 'subject')));
  return useGcpEnv({ GOOGLE_APPLICATION_CREDENTIALS: join(dir, 'adc.json'), ...extra });
}

describe('creds.startProxy() with AnthropicVertex', () => {
  it('the proxy token as the client’s bearer → the ADC token upstream, to …/publishers/anthropic/models/<m>:rawPredict', async () => {
    const vertex = track(
      await vertexServer({ accessToken: ACCESS_TOKEN, projectId: 'agents-prod', region: 'us-east5' }),
    );
    const creds = createCredentialHelper({
      env: await adcEnv({
        GOOGLE_CLOUD_PROJECT: 'agents-prod',
        CLOUD_ML_REGION: 'us-east5',
        ANTHROPIC_VERTEX_BASE_URL: `${vertex.url}/v1`,
      }),
      authFile: false,
    });
    const proxy = await creds.startProxy({ targets: ['vertex'] });
    proxies.push(proxy);
    expect(proxy.env).toEqual({
      ANTHROPIC_VERTEX_BASE_URL: `${proxy.url}/vertex/v1`,
      CLAUDE_CODE_SKIP_VERTEX_AUTH: '1',
      CLAUDE_CODE_USE_VERTEX: '1',
      ANTHROPIC_AUTH_TOKEN: proxy.token,
      ANTHROPIC_VERTEX_PROJECT_ID: 'agents-prod',
      GOOGLE_CLOUD_PROJECT: 'agents-prod',
      CLOUD_ML_REGION: 'us-east5',
    });
    const authClient = new OAuth2Client();
    authClient.setCredentials({ access_token: proxy.token });
    const client = new AnthropicVertex({
      baseURL: proxy.env.ANTHROPIC_VERTEX_BASE_URL,
      region: proxy.env.CLOUD_ML_REGION,
      projectId: proxy.env.ANTHROPIC_VERTEX_PROJECT_ID,
      authClient,
      maxRetries: 0,
    });
    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 8,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(message.content[0]).toMatchObject({ text: 'hello from the fake Vertex' });
    expect(vertex.calls).toEqual([
      {
        path: `/v1/projects/agents-prod/locations/us-east5/publishers/anthropic/models/${MODEL}:rawPredict`,
        authorization: `Bearer ${ACCESS_TOKEN}`,
        accepted: true,
      },
    ]);
  });

  it('only Anthropic models of Vertex are forwarded (another publisher → 404)', async () => {
    const vertex = track(await vertexServer({ accessToken: ACCESS_TOKEN, projectId: 'p', region: 'us-east5' }));
    const creds = createCredentialHelper({
      env: await adcEnv({ GOOGLE_CLOUD_PROJECT: 'p', ANTHROPIC_VERTEX_BASE_URL: `${vertex.url}/v1` }),
      authFile: false,
    });
    const proxy = await creds.startProxy({ targets: ['vertex'] });
    proxies.push(proxy);
    const answer = await fetch(
      `${proxy.url}/vertex/v1/projects/p/locations/us-east5/publishers/google/models/gemini:generateContent`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${proxy.token}` },
        body: '{}',
      },
    );
    expect(answer.status).toBe(404);
    expect(vertex.calls).toEqual([]);
  });
});
