import Anthropic from '@anthropic-ai/sdk';
import { createCredentialHelper } from 'credhelper';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanEnv } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { anthropicUpstream, everythingSent } from './proxy-support.js';

// The real Anthropic SDK through creds.startProxy() to a loopback fake of the API: the fake checks
// the injected key, and neither the proxy token nor the agent's own header reaches it.

const KEY = 'sk-ant-test-proxy-key-0001';
const OAUTH = 'sk-ant-oat01-test-proxy-oauth-0001';
const { track } = isolateTests();
const proxies: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});

async function start(env: Record<string, string>, upstream: string) {
  const creds = createCredentialHelper({ env: cleanEnv(env), authFile: false });
  const proxy = await creds.startProxy({ targets: ['anthropic'], upstreams: { anthropic: upstream } });
  proxies.push(proxy);
  return proxy;
}

describe('creds.startProxy() with the Anthropic SDK', () => {
  it('authToken: the proxy token → the real x-api-key upstream; the token never reaches it', async () => {
    const upstream = track(await anthropicUpstream(KEY));
    const proxy = await start({ ANTHROPIC_API_KEY: KEY }, upstream.url);
    expect(proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(proxy.env).toEqual({ ANTHROPIC_BASE_URL: `${proxy.url}/anthropic`, ANTHROPIC_AUTH_TOKEN: proxy.token });
    expect(Buffer.from(proxy.token, 'base64url').length).toBeGreaterThanOrEqual(16);
    const client = new Anthropic({
      baseURL: proxy.env.ANTHROPIC_BASE_URL,
      authToken: proxy.token,
      apiKey: null,
      maxRetries: 0,
    });
    const message = await client.messages.create({
      model: 'claude-test',
      max_tokens: 8,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(message.content[0]).toMatchObject({ text: 'hello through the proxy' });
    expect(upstream.calls).toHaveLength(1);
    expect(upstream.calls[0]?.url).toBe('/v1/messages');
    expect(upstream.calls[0]?.headers['x-api-key']).toBe(KEY);
    expect(upstream.calls[0]?.headers.authorization).toBeUndefined();
    expect(upstream.calls[0]?.headers['anthropic-version']).toBeDefined();
    expect(everythingSent(upstream.calls)).not.toContain(proxy.token);
  });

  it('apiKey: the token as x-api-key is accepted too (the SDK with apiKey), and count_tokens is forwarded', async () => {
    const upstream = track(
      await anthropicUpstream(KEY, (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ input_tokens: 3 }));
      }),
    );
    const proxy = await start({ ANTHROPIC_API_KEY: KEY }, upstream.url);
    const client = new Anthropic({ baseURL: `${proxy.url}/anthropic`, apiKey: proxy.token, maxRetries: 0 });
    const counted = await client.messages.countTokens({
      model: 'claude-test',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(counted.input_tokens).toBe(3);
    expect(upstream.calls[0]?.url).toBe('/v1/messages/count_tokens');
    expect(upstream.calls[0]?.headers['x-api-key']).toBe(KEY);
    expect(everythingSent(upstream.calls)).not.toContain(proxy.token);
  });

  it('OAuth: a bearer upstream with the oauth beta flag joined to the agent’s own flags', async () => {
    const upstream = track(await anthropicUpstream(OAUTH));
    const proxy = await start({ CLAUDE_CODE_OAUTH_TOKEN: OAUTH }, upstream.url);
    const client = new Anthropic({
      baseURL: `${proxy.url}/anthropic`,
      authToken: proxy.token,
      apiKey: null,
      maxRetries: 0,
    });
    await client.beta.messages.create({
      model: 'claude-test',
      max_tokens: 8,
      messages: [{ role: 'user', content: 'hi' }],
      betas: ['interleaved-thinking-2025-05-14'],
    });
    const sent = upstream.calls[0];
    expect(sent?.url).toMatch(/^\/v1\/messages(\?beta=true)?$/);
    expect(sent?.headers.authorization).toBe(`Bearer ${OAUTH}`);
    expect(sent?.headers['anthropic-beta']).toBe('interleaved-thinking-2025-05-14,oauth-2025-04-20');
    expect(everythingSent(upstream.calls)).not.toContain(proxy.token);
  });

  it('the upstream defaults to ANTHROPIC_BASE_URL of the proxy’s own environment (a gateway path is kept)', async () => {
    const upstream = track(await anthropicUpstream(KEY));
    const creds = createCredentialHelper({
      env: cleanEnv({ ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: `${upstream.url}/gateway/` }),
      authFile: false,
    });
    const proxy = await creds.startProxy({ targets: ['anthropic'] });
    proxies.push(proxy);
    const client = new Anthropic({
      baseURL: proxy.env.ANTHROPIC_BASE_URL,
      authToken: proxy.token,
      apiKey: null,
      maxRetries: 0,
    });
    await client.messages.create({ model: 'claude-test', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] });
    expect(upstream.calls.map((call) => call.url)).toEqual(['/gateway/v1/messages']);
  });

  it('streaming: the client sees the first SSE event before the fake has sent the last', async () => {
    const sentAt: number[] = [];
    const events = [
      {
        type: 'message_start',
        message: {
          id: 'msg_1',
          type: 'message',
          role: 'assistant',
          model: 'claude-test',
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 1, output_tokens: 0 },
        },
      },
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'one ' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'two' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 2 } },
      { type: 'message_stop' },
    ];
    const upstream = track(
      await anthropicUpstream(KEY, async (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        for (const event of events) {
          response.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
          sentAt.push(performance.now());
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        response.end();
      }),
    );
    const proxy = await start({ ANTHROPIC_API_KEY: KEY }, upstream.url);
    const client = new Anthropic({
      baseURL: `${proxy.url}/anthropic`,
      authToken: proxy.token,
      apiKey: null,
      maxRetries: 0,
    });
    const stream = await client.messages.create({
      model: 'claude-test',
      max_tokens: 8,
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const receivedAt: number[] = [];
    let text = '';
    for await (const event of stream) {
      receivedAt.push(performance.now());
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    }
    expect(text).toBe('one two');
    expect(receivedAt).toHaveLength(events.length);
    // The first event arrived while the fake was still sending (at least 500 ms before the last).
    expect(receivedAt[0]).toBeLessThan(sentAt.at(-1) ?? 0);
    expect((sentAt.at(-1) ?? 0) - (receivedAt[0] ?? 0)).toBeGreaterThan(400);
  });
});
