import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuthenticationError } from '@anthropic-ai/sdk';
import { AnthropicVertex } from '@anthropic-ai/vertex-sdk';
import { createCredentialHelper, isCredentialHelperError } from 'credhelper';
import { describe, expect, it } from 'vitest';
import { useGcpEnv } from '../support/clean-env.js';
import { fixture, runCount, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { externalAccountJson, googleStsServer, vertexServer } from '../support/local-servers.js';

// #23: creds.fetch('vertex') as the one authentication of AnthropicVertex, at default retries:
// `vertexAuthClient({ authenticate: false })` satisfies the SDK's googleAuth/authClient demand.

const ACCESS_TOKEN = 'ya29.test-vertex-fetch-token-0001';
const SUBJECT_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.test-subject-token';
const MODEL = 'claude-sonnet-4@20250514';
const MESSAGE = { model: MODEL, max_tokens: 16, messages: [{ role: 'user' as const, content: 'hello' }] };
const { track } = isolateTests();

describe("AnthropicVertex with creds.fetch('vertex')", () => {
  it('sends only credhelper’s bearer token', async () => {
    const sts = track(await googleStsServer({ acceptSubjectToken: SUBJECT_TOKEN, accessToken: ACCESS_TOKEN }));
    const dir = scratchDir();
    writeFileSync(join(dir, 'subject'), SUBJECT_TOKEN);
    writeFileSync(join(dir, 'adc.json'), externalAccountJson(sts.tokenUrl, join(dir, 'subject')));
    const vertex = track(
      await vertexServer({ accessToken: ACCESS_TOKEN, projectId: 'agents-prod', region: 'us-east5' }),
    );
    const creds = createCredentialHelper({
      env: useGcpEnv({ GOOGLE_APPLICATION_CREDENTIALS: join(dir, 'adc.json'), GOOGLE_CLOUD_PROJECT: 'agents-prod' }),
    });
    const client = new AnthropicVertex({
      region: 'us-east5',
      baseURL: `${vertex.url}/v1`,
      authClient: await creds.vertexAuthClient({ authenticate: false }),
      fetch: creds.fetch('vertex'),
    });
    const message = await client.messages.create(MESSAGE, { headers: { authorization: 'Bearer caller-set' } });
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'hello from the fake Vertex' });
    expect(vertex.calls.map((call) => call.authorization)).toEqual([`Bearer ${ACCESS_TOKEN}`]);
  });

  it('a failing gcpAuthRefresh reaches the agent once, not retried, one run', async () => {
    const vertex = track(
      await vertexServer({ accessToken: ACCESS_TOKEN, projectId: 'agents-prod', region: 'us-east5' }),
    );
    const count = join(scratchDir(), 'count');
    const creds = createCredentialHelper({
      env: useGcpEnv({ GOOGLE_CLOUD_PROJECT: 'agents-prod' }),
      settings: { gcpAuthRefresh: `echo run >> '${count}'; ${fixture('exit-3.sh')}` },
      onRefreshOutput: () => undefined,
    });
    const credsFetch = creds.fetch('vertex');
    let attempts = 0;
    const client = new AnthropicVertex({
      region: 'us-east5',
      projectId: 'agents-prod',
      baseURL: `${vertex.url}/v1`,
      authClient: await creds.vertexAuthClient({ authenticate: false }),
      fetch: (input, init) => {
        attempts++;
        return credsFetch(input, init);
      },
    });
    const error = await client.messages.create(MESSAGE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(String((error as Error).message)).toContain('gcpAuthRefresh');
    expect(attempts).toBe(1);
    expect(runCount(count)).toBe(1);
    expect(vertex.calls).toEqual([]);
  });

  // The Vertex SDK wraps an AuthClient failure into APIConnectionError by design ("network-bound")
  // and retries it: the failure window keeps that to one run; the credhelper error is the cause.
  it('vertexAuthClient(): a failing gcpAuthRefresh runs once across the SDK retries', async () => {
    const count = join(scratchDir(), 'count');
    const creds = createCredentialHelper({
      env: useGcpEnv({ GOOGLE_CLOUD_PROJECT: 'agents-prod' }),
      settings: { gcpAuthRefresh: `echo run >> '${count}'; ${fixture('exit-3.sh')}` },
      onRefreshOutput: () => undefined,
    });
    const client = new AnthropicVertex({
      region: 'us-east5',
      baseURL: 'http://127.0.0.1:9/v1',
      authClient: await creds.vertexAuthClient(),
    });
    const error = await client.messages.create(MESSAGE).catch((e: unknown) => e);
    const cause = (error as Error).cause;
    expect(isCredentialHelperError(cause) && cause.code).toBe('HELPER_EXIT');
    expect(runCount(count)).toBe(1);
  });
});
