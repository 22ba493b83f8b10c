import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCredentialHelper } from 'credhelper';
import { gcpMetadata } from 'google-auth-library';
import { describe, expect, it } from 'vitest';
import { useAwsEnv, useGcpEnv } from '../support/clean-env.js';
import { fixture, runCount, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import {
  bedrockServer,
  externalAccountJson,
  googleStsServer,
  json,
  listen,
  vertexServer,
} from '../support/local-servers.js';

// creds.fetch(target): auth headers added, one invalidate-and-retry on a rejected credential.

const { track } = isolateTests();

/** An apiKeyHelper that prints sk-ant-test-fetch-<n> on its n-th run (and counts runs). */
function rotatingKeyHelper(): { command: string; count: string } {
  const dir = scratchDir();
  const count = join(dir, 'count');
  const script = join(dir, 'vend.sh');
  writeFileSync(
    script,
    `#!/bin/sh\necho run >> "${count}"\necho "sk-ant-test-fetch-$(wc -l < "${count}" | tr -d ' ')"\n`,
    {
      mode: 0o755,
    },
  );
  return { command: script, count };
}

describe('creds.fetch("anthropic")', () => {
  it('401 on the first key: invalidates, re-runs the helper, retries once with the same body, succeeds', async () => {
    const seen: Array<{ key: string | undefined; body: string }> = [];
    const server = track(
      await listen((request, response, body) => {
        seen.push({ key: request.headers['x-api-key'] as string | undefined, body: body.toString() });
        json(response, request.headers['x-api-key'] === 'sk-ant-test-fetch-2' ? 200 : 401, { type: 'message' });
      }),
    );
    const { command, count } = rotatingKeyHelper();
    const creds = createCredentialHelper({ env: useAwsEnv(), settings: { apiKeyHelper: command } });
    const payload = JSON.stringify({ model: 'claude-test', max_tokens: 1, messages: [] });
    const response = await creds.fetch('anthropic')(`${server.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: new Blob([payload]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(200);
    expect(runCount(count)).toBe(2);
    expect(seen).toEqual([
      { key: 'sk-ant-test-fetch-1', body: payload },
      { key: 'sk-ant-test-fetch-2', body: payload },
    ]);
  });

  it('a server that always answers 401 gets exactly one retry, and the caller gets the 401', async () => {
    let requests = 0;
    const server = track(
      await listen((_request, response) => {
        requests++;
        json(response, 401, { type: 'error', error: { type: 'authentication_error' } });
      }),
    );
    const { command, count } = rotatingKeyHelper();
    const creds = createCredentialHelper({ env: useAwsEnv(), settings: { apiKeyHelper: command } });
    const response = await creds.fetch('anthropic')(`${server.url}/v1/messages`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ type: 'error' });
    expect(requests).toBe(2);
    expect(runCount(count)).toBe(2);
  });

  it('a 403 that is about permissions, not the credential, is returned without a retry', async () => {
    let requests = 0;
    const server = track(
      await listen((_request, response) => {
        requests++;
        json(response, 403, { error: { type: 'permission_error', message: 'not allowed to use this model' } });
      }),
    );
    const creds = createCredentialHelper({ env: useAwsEnv({ ANTHROPIC_API_KEY: 'sk-ant-test-fetch-env' }) });
    expect((await creds.fetch('anthropic')(`${server.url}/v1/messages`)).status).toBe(403);
    expect(requests).toBe(1);
  });
});

describe('creds.fetch("bedrock")', () => {
  it('SigV4: a 403 for a revoked secret re-runs awsCredentialExport and the re-signed retry passes', async () => {
    const bedrock = track(
      await bedrockServer({ region: 'us-west-2', secretAccessKey: 'test-export-secret-0000000000000000000001' }),
    );
    const env = useAwsEnv({ AWS_REGION: 'us-west-2' });
    const creds = createCredentialHelper({
      env,
      settings: {
        awsCredentialExport: `if [ -e "$HOME/ran" ]; then ${fixture('print-sts-json.sh')}; else touch "$HOME/ran"; SECRET=test-revoked-secret-0000000000000000001 ${fixture('print-sts-json.sh')}; fi`,
      },
    });
    const response = await creds.fetch('bedrock')(`${bedrock.url}/model/anthropic.claude-test-v1%3A0/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"anthropic_version":"bedrock-2023-05-31","max_tokens":1,"messages":[]}',
    });
    expect(response.status).toBe(200);
    expect(bedrock.calls.map((call) => `${call.auth}:${call.accepted}`)).toEqual(['sigv4:false', 'sigv4:true']);
  });

  it('bearer: a token the server keeps refusing gets exactly one retry', async () => {
    const bedrock = track(await bedrockServer({ region: 'us-east-1', bearerToken: 'test-bedrock-bearer-current' }));
    const creds = createCredentialHelper({ env: useAwsEnv({ AWS_BEARER_TOKEN_BEDROCK: 'test-bedrock-bearer-stale' }) });
    const response = await creds.fetch('bedrock')(`${bedrock.url}/model/m/invoke`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(403);
    expect(bedrock.calls.map((call) => `${call.auth}:${call.principal}`)).toEqual([
      'bearer:test-bedrock-bearer-stale',
      'bearer:test-bedrock-bearer-stale',
    ]);
  });
});

describe('creds.fetch("vertex")', () => {
  it('a 401 for the first token mints a new one and the retry passes', async () => {
    gcpMetadata.resetIsAvailableCache();
    const sts = track(
      await googleStsServer({
        acceptSubjectToken: 'test-subject',
        accessToken: ['ya29.test-fetch-revoked', 'ya29.test-fetch-current'],
      }),
    );
    const vertex = track(
      await vertexServer({ accessToken: 'ya29.test-fetch-current', projectId: 'p', region: 'us-east5' }),
    );
    const dir = scratchDir();
    writeFileSync(join(dir, 'subject'), 'test-subject');
    writeFileSync(join(dir, 'adc.json'), externalAccountJson(sts.tokenUrl, join(dir, 'subject')));
    const creds = createCredentialHelper({
      env: useGcpEnv({ GOOGLE_APPLICATION_CREDENTIALS: join(dir, 'adc.json'), GOOGLE_CLOUD_PROJECT: 'p' }),
    });
    const url = `${vertex.url}/v1/projects/p/locations/us-east5/publishers/anthropic/models/claude-test:rawPredict`;
    const response = await creds.fetch('vertex')(url, { method: 'POST', body: '{}' });
    expect(response.status).toBe(200);
    expect(vertex.calls.map((call) => call.authorization)).toEqual([
      'Bearer ya29.test-fetch-revoked',
      'Bearer ya29.test-fetch-current',
    ]);
    expect(sts.requests).toBe(2);
  });
});
