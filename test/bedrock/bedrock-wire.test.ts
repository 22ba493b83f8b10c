import { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import { BedrockRuntimeClient, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createCredentialHelper } from 'credhelper';
import { describe, expect, it } from 'vitest';
import { useAwsEnv } from '../support/clean-env.js';
import { fixture } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { bedrockServer } from '../support/local-servers.js';

// Bedrock on the wire: real AWS SDK and Anthropic SDK clients, credentials from credhelper, a
// local server that re-computes the SigV4 signature (or checks the bearer token) for real.

const REGION = 'us-west-2';
const EXPORT_SECRET = 'test-export-secret-0000000000000000000001';
const EXPORT_KEY_ID = 'ASIATESTEXPORT000001';
const BEARER = 'test-bedrock-bearer-token-0001';
const MODEL = 'anthropic.claude-test-v1:0';
const { track } = isolateTests();

async function server(expect: { secretAccessKey?: string; bearerToken?: string }) {
  const started = await bedrockServer({ region: REGION, ...expect });
  track(started);
  return started;
}

function exportHelper(extra: Record<string, string> = {}) {
  return createCredentialHelper({
    env: useAwsEnv({ AWS_REGION: REGION, ...extra }),
    settings: { awsCredentialExport: fixture('print-sts-json.sh') },
  });
}

const messageBody = {
  anthropic_version: 'bedrock-2023-05-31',
  max_tokens: 16,
  messages: [{ role: 'user', content: 'hello' }],
};

describe('Bedrock on the wire', () => {
  it('BedrockRuntimeClient with awsCredentialProvider(): the server verifies the SigV4 signature', async () => {
    const bedrock = await server({ secretAccessKey: EXPORT_SECRET });
    const creds = exportHelper();
    const client = new BedrockRuntimeClient({
      region: REGION,
      endpoint: bedrock.url,
      requestHandler: new NodeHttpHandler(),
      credentials: creds.awsCredentialProvider(),
    });
    const reply = await client.send(
      new InvokeModelCommand({ modelId: MODEL, contentType: 'application/json', body: JSON.stringify(messageBody) }),
    );
    expect(JSON.parse(new TextDecoder().decode(reply.body)).type).toBe('message');
    expect(bedrock.calls).toEqual([
      { path: expect.stringContaining('/model/'), auth: 'sigv4', principal: EXPORT_KEY_ID, accepted: true },
    ]);
  });

  it('a wrong secret fails the signature check (the verifier can fail)', async () => {
    const bedrock = await server({ secretAccessKey: 'test-some-other-secret-000000000000000001' });
    const client = new BedrockRuntimeClient({
      region: REGION,
      endpoint: bedrock.url,
      requestHandler: new NodeHttpHandler(),
      credentials: exportHelper().awsCredentialProvider(),
      maxAttempts: 1,
    });
    const error = await client
      .send(new InvokeModelCommand({ modelId: MODEL, contentType: 'application/json', body: '{}' }))
      .catch((e: unknown) => e);
    expect((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(403);
    expect(bedrock.calls.map((call) => call.accepted)).toEqual([false]);
  });

  it('AnthropicBedrock signs with credhelper’s cached provider (providerChainResolver)', async () => {
    const bedrock = await server({ secretAccessKey: EXPORT_SECRET });
    const creds = exportHelper();
    const client = new AnthropicBedrock({
      awsRegion: REGION,
      baseURL: bedrock.url,
      apiKey: null,
      maxRetries: 0,
      providerChainResolver: async () => creds.awsCredentialProvider(),
    });
    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 16,
      messages: [{ role: 'user', content: 'hello' }],
    });
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'hello from the fake Bedrock' });
    expect(bedrock.calls.map(({ auth, accepted }) => ({ auth, accepted }))).toEqual([
      { auth: 'sigv4', accepted: true },
    ]);
  });

  it('AnthropicBedrock with a bearer token: AWS_BEARER_TOKEN_BEDROCK wins over the SigV4 sources', async () => {
    const bedrock = await server({ bearerToken: BEARER, secretAccessKey: EXPORT_SECRET });
    const creds = exportHelper({ AWS_BEARER_TOKEN_BEDROCK: BEARER });
    const credential = await creds.bedrock();
    expect(credential.type).toBe('bearer');
    if (credential.type !== 'bearer') return;
    const client = new AnthropicBedrock({
      awsRegion: credential.region,
      baseURL: bedrock.url,
      apiKey: credential.token,
      maxRetries: 0,
    });
    await client.messages.create({ model: MODEL, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
    expect(bedrock.calls).toEqual([{ path: expect.any(String), auth: 'bearer', principal: BEARER, accepted: true }]);
  });

  it('signBedrockRequest() + fetch: SigV4 headers the server accepts, and Bearer for an API key', async () => {
    const bedrock = await server({ secretAccessKey: EXPORT_SECRET, bearerToken: BEARER });
    const url = `${bedrock.url}/model/${encodeURIComponent(MODEL)}/invoke?trace=1`;
    const body = JSON.stringify(messageBody);
    const variants: Record<string, string>[] = [{}, { AWS_BEARER_TOKEN_BEDROCK: BEARER }];
    for (const extra of variants) {
      const creds = exportHelper(extra);
      const headers = await creds.signBedrockRequest({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(headers.host).toBeUndefined();
      const response = await fetch(url, { method: 'POST', headers, body });
      expect(response.status).toBe(200);
    }
    expect(bedrock.calls.map(({ auth, accepted }) => `${auth}:${accepted}`)).toEqual(['sigv4:true', 'bearer:true']);
  });

  it('after a 403, invalidate("bedrock") re-runs the export and the retry succeeds', async () => {
    const bedrock = await server({ secretAccessKey: EXPORT_SECRET });
    const creds = exportHelper({ SECRET: 'test-revoked-secret-000000000000000000001' });
    const url = `${bedrock.url}/model/${encodeURIComponent(MODEL)}/invoke`;
    const call = async () => {
      const headers = await creds.signBedrockRequest({ method: 'POST', url, body: '{}' });
      return (await fetch(url, { method: 'POST', headers, body: '{}' })).status;
    };
    expect(await call()).toBe(403);
    delete process.env.SECRET; // the helper now vends the current secret
    expect(await call()).toBe(403); // still cached: nothing re-ran
    creds.invalidate('bedrock');
    expect(await call()).toBe(200);
  });
});
