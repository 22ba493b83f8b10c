import { join } from 'node:path';
import { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import { createCredentialHelper } from 'credhelper';
import { afterEach, describe, expect, it } from 'vitest';
import { useAwsEnv } from '../support/clean-env.js';
import { fixture, runCount, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { bedrockServer, listen } from '../support/local-servers.js';

// AnthropicBedrock through the proxy with the proxy token as its API key: the fake Bedrock runtime
// re-computes the SigV4 signature (over the body) that the proxy added, or checks the real bearer key.

const REGION = 'us-west-2';
const EXPORT_SECRET = 'test-export-secret-0000000000000000000001';
const EXPORT_KEY_ID = 'ASIATESTEXPORT000001';
const PARENT_BEARER = 'test-bedrock-bearer-parent-0001';
const MODEL = 'anthropic.claude-test-v1:0';
const { track } = isolateTests();
const proxies: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});

async function startWith(env: Record<string, string>, settings: Record<string, string> = {}) {
  const creds = createCredentialHelper({ env: useAwsEnv({ AWS_REGION: REGION, ...env }), settings, authFile: false });
  const proxy = await creds.startProxy({ targets: ['bedrock'] });
  proxies.push(proxy);
  return proxy;
}

function client(proxy: { env: Record<string, string>; token: string }) {
  return new AnthropicBedrock({
    baseURL: proxy.env.ANTHROPIC_BEDROCK_BASE_URL,
    apiKey: proxy.token,
    awsRegion: proxy.env.AWS_REGION,
    maxRetries: 0,
  });
}

const hello = { model: MODEL, max_tokens: 8, messages: [{ role: 'user' as const, content: 'hello' }] };

describe('creds.startProxy() with AnthropicBedrock', () => {
  it('SigV4 over the exact body: the fake re-signs and accepts; the proxy token never reaches it', async () => {
    const runtime = track(await bedrockServer({ region: REGION, secretAccessKey: EXPORT_SECRET }));
    const proxy = await startWith(
      { AWS_ENDPOINT_URL_BEDROCK_RUNTIME: runtime.url },
      { awsCredentialExport: fixture('print-sts-json.sh') },
    );
    expect(proxy.env).toMatchObject({
      ANTHROPIC_BEDROCK_BASE_URL: `${proxy.url}/bedrock`,
      AWS_BEARER_TOKEN_BEDROCK: proxy.token,
      AWS_REGION: REGION,
      CLAUDE_CODE_USE_BEDROCK: '1',
    });
    const message = await client(proxy).messages.create(hello);
    expect(message.content[0]).toMatchObject({ text: 'hello from the fake Bedrock' });
    expect(runtime.calls).toEqual([
      { path: `/model/${MODEL}/invoke`, auth: 'sigv4', principal: EXPORT_KEY_ID, accepted: true },
    ]);
  });

  it('the control plane (/inference-profiles) goes to the Bedrock host, signed too, with its query', async () => {
    const runtime = track(await bedrockServer({ region: REGION, secretAccessKey: EXPORT_SECRET }));
    const control = track(await bedrockServer({ region: REGION, secretAccessKey: EXPORT_SECRET }));
    const proxy = await startWith(
      { AWS_ENDPOINT_URL_BEDROCK_RUNTIME: runtime.url, AWS_ENDPOINT_URL_BEDROCK: control.url },
      { awsCredentialExport: fixture('print-sts-json.sh') },
    );
    const answer = await fetch(`${proxy.url}/bedrock/inference-profiles?type=SYSTEM_DEFINED`, {
      headers: { authorization: `Bearer ${proxy.token}` },
    });
    expect(answer.status).toBe(200);
    expect(control.calls).toEqual([
      { path: '/inference-profiles', auth: 'sigv4', principal: EXPORT_KEY_ID, accepted: true },
    ]);
    expect(runtime.calls).toEqual([]);
  });

  it('a wrong secret fails the signature check: one re-resolution and retry, then the 403 as is', async () => {
    const runtime = track(
      await bedrockServer({ region: REGION, secretAccessKey: 'test-some-other-secret-000000000000000001' }),
    );
    const count = join(scratchDir(), 'runs');
    const proxy = await startWith(
      { AWS_ENDPOINT_URL_BEDROCK_RUNTIME: runtime.url, COUNT_FILE: count },
      { awsCredentialExport: fixture('print-sts-json.sh') },
    );
    const error = await client(proxy)
      .messages.create(hello)
      .catch((e: unknown) => e);
    expect((error as { status?: number }).status).toBe(403);
    expect(runtime.calls.map((call) => call.accepted)).toEqual([false, false]);
    expect(runCount(count)).toBe(2);
  });

  it('a Bedrock API key of the parent goes upstream as Bearer; the proxy token does not', async () => {
    const runtime = track(await bedrockServer({ region: REGION, bearerToken: PARENT_BEARER }));
    const proxy = await startWith({
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: runtime.url,
      AWS_BEARER_TOKEN_BEDROCK: PARENT_BEARER,
    });
    await client(proxy).messages.create(hello);
    expect(runtime.calls).toEqual([
      { path: expect.stringContaining('/invoke'), auth: 'bearer', principal: PARENT_BEARER, accepted: true },
    ]);
  });

  it('invoke-with-response-stream: chunks pass as they arrive (the first before the last is sent)', async () => {
    const sentAt: number[] = [];
    const runtime = track(
      await listen(async (request, response) => {
        if (request.headers.authorization !== `Bearer ${PARENT_BEARER}`) {
          response.writeHead(403).end();
          return;
        }
        response.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
        for (let i = 0; i < 5; i++) {
          response.write(Buffer.from([0, 0, 0, i]));
          sentAt.push(performance.now());
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        response.end();
      }),
    );
    const proxy = await startWith({
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: runtime.url,
      AWS_BEARER_TOKEN_BEDROCK: PARENT_BEARER,
    });
    const answer = await fetch(`${proxy.url}/bedrock/model/${encodeURIComponent(MODEL)}/invoke-with-response-stream`, {
      method: 'POST',
      headers: { authorization: `Bearer ${proxy.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(hello),
    });
    expect(answer.headers.get('content-type')).toBe('application/vnd.amazon.eventstream');
    const reader = answer.body?.getReader();
    const firstAt: number[] = [];
    let bytes = 0;
    for (;;) {
      const { done, value } = (await reader?.read()) ?? { done: true, value: undefined };
      if (done) break;
      if (firstAt.length === 0) firstAt.push(performance.now());
      bytes += value.length;
    }
    expect(bytes).toBe(20);
    expect(firstAt[0]).toBeLessThan(sentAt.at(-1) ?? 0);
    expect((sentAt.at(-1) ?? 0) - (firstAt[0] ?? 0)).toBeGreaterThan(250);
  });
});
