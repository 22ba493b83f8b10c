import { join } from 'node:path';
import { createCredentialHelper, DEFAULT_PROXY_MAX_BODY_BYTES } from 'credhelper';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanEnv, fixture, runCount, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { json, messageReply } from '../support/local-servers.js';
import { anthropicUpstream, everythingSent, rawRequest } from './proxy-support.js';

// What the proxy refuses, and that a refused request never reaches the upstream; the retry on a
// rejected credential (counted in helper runs); the request log.

const KEY = 'sk-ant-test-guard-key-0001';
const { track } = isolateTests();
const proxies: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});

async function setup(options: { maxBodyBytes?: number; log?: { write(text: string): unknown } } = {}) {
  const upstream = track(await anthropicUpstream(KEY));
  const creds = createCredentialHelper({ env: cleanEnv({ ANTHROPIC_API_KEY: KEY }), authFile: false });
  const proxy = await creds.startProxy({ targets: ['anthropic'], upstreams: { anthropic: upstream.url }, ...options });
  proxies.push(proxy);
  const post = (path: string, headers: Record<string, string>, body = '{"model":"m","max_tokens":1,"messages":[]}') =>
    rawRequest(`${proxy.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  return { upstream, proxy, post };
}

describe('the proxy refuses, and sends nothing upstream', () => {
  it('no token → 401; a wrong token (as Bearer or x-api-key, any length) → 401', async () => {
    const { upstream, proxy, post } = await setup();
    for (const headers of <Record<string, string>[]>[
      {},
      { authorization: 'Bearer wrong' },
      { authorization: `Bearer ${proxy.token.slice(0, -1)}x` },
      { 'x-api-key': `${proxy.token}x` },
      { authorization: proxy.token }, // not as a Bearer token
    ]) {
      const answer = await post('/anthropic/v1/messages', headers);
      expect(answer.status).toBe(401);
      expect(answer.headers['x-should-retry']).toBe('false');
      expect(JSON.parse(answer.body).error.type).toBe('authentication_error');
    }
    expect(upstream.calls).toEqual([]);
    // The right token, same request: it goes through.
    expect((await post('/anthropic/v1/messages', { authorization: `Bearer ${proxy.token}` })).status).toBe(200);
    expect(upstream.calls).toHaveLength(1);
  });

  it('an Origin header → 403, even with the token', async () => {
    const { upstream, proxy, post } = await setup();
    const answer = await post('/anthropic/v1/messages', {
      authorization: `Bearer ${proxy.token}`,
      origin: 'https://evil.example',
    });
    expect(answer.status).toBe(403);
    expect(upstream.calls).toEqual([]);
  });

  it('a Host that is not this loopback address → 403 (DNS rebinding), even with the token', async () => {
    const { upstream, proxy, post } = await setup();
    const port = new URL(proxy.url).port;
    for (const host of ['evil.example', `evil.example:${port}`, '127.0.0.1:1']) {
      const answer = await post('/anthropic/v1/messages', { authorization: `Bearer ${proxy.token}`, host });
      expect(answer.status).toBe(403);
    }
    expect(upstream.calls).toEqual([]);
    expect(
      (await post('/anthropic/v1/messages', { authorization: `Bearer ${proxy.token}`, host: `localhost:${port}` }))
        .status,
    ).toBe(200);
  });

  it('a path outside the allow-list → 404, with the token', async () => {
    const { upstream, proxy, post } = await setup();
    const auth = { authorization: `Bearer ${proxy.token}` };
    for (const path of [
      '/anthropic/v1/files',
      '/anthropic/v1/organizations/me',
      '/anthropic/v1/models/../messages',
      '/anthropic/v1/models/%2e%2e',
      '/bedrock/model/x/invoke', // not a target of this proxy
      '/v1/messages',
      '/',
    ]) {
      expect((await post(path, auth)).status, path).toBe(404);
    }
    expect((await rawRequest(`${proxy.url}/anthropic/v1/messages`, { method: 'DELETE', headers: auth })).status).toBe(
      404,
    );
    expect(upstream.calls).toEqual([]);
  });

  it('a body over the limit → 413 (declared or chunked); the default limit is 32 MiB', async () => {
    expect(DEFAULT_PROXY_MAX_BODY_BYTES).toBe(32 * 1024 * 1024);
    const { upstream, proxy, post } = await setup({ maxBodyBytes: 1024 });
    const auth = { authorization: `Bearer ${proxy.token}` };
    expect((await post('/anthropic/v1/messages', auth, 'x'.repeat(1025))).status).toBe(413);
    const chunked = await rawRequest(`${proxy.url}/anthropic/v1/messages`, {
      method: 'POST',
      headers: { ...auth, 'transfer-encoding': 'chunked' },
      body: Buffer.alloc(4096, 'y'),
    });
    expect(chunked.status).toBe(413);
    expect(upstream.calls).toEqual([]);
    expect((await post('/anthropic/v1/messages', auth, 'x'.repeat(1024))).status).toBe(200);
  });

  it('HEAD / (Claude Code’s probe) is answered here without a token; other HEADs are not', async () => {
    const { upstream, proxy } = await setup();
    expect((await rawRequest(`${proxy.url}/`, { method: 'HEAD' })).status).toBe(200);
    expect((await rawRequest(`${proxy.url}/anthropic`, { method: 'HEAD' })).status).toBe(200);
    expect((await rawRequest(`${proxy.url}/anthropic/v1/messages`, { method: 'HEAD' })).status).toBe(401);
    expect(upstream.calls).toEqual([]);
  });

  it('no credential → a 401 naming the credhelper error code, and nothing upstream', async () => {
    const upstream = track(await anthropicUpstream(KEY));
    const dir = scratchDir();
    const count = join(dir, 'runs');
    const creds = createCredentialHelper({
      env: cleanEnv({ COUNT_FILE: count }),
      authFile: false,
      settings: { apiKeyHelper: `${fixture('count-runs.sh')} && [ "$(wc -l < ${count})" -lt 2 ]` },
    });
    const proxy = await creds.startProxy({ targets: ['anthropic'], upstreams: { anthropic: upstream.url } });
    proxies.push(proxy);
    creds.invalidate('anthropic'); // the next resolution runs the helper again, which now fails
    const answer = await rawRequest(`${proxy.url}/anthropic/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${proxy.token}` },
      body: '{}',
    });
    expect(answer.status).toBe(401);
    expect(answer.headers['x-credhelper-error-code']).toBe('HELPER_EXIT');
    expect(upstream.calls).toEqual([]);
  });
});

describe('what is forwarded', () => {
  it('the agent’s auth, x-amz-*, cookies and hop-by-hop headers are stripped; the rest passes', async () => {
    const { upstream, proxy, post } = await setup();
    const answer = await post('/anthropic/v1/messages', {
      'x-api-key': proxy.token,
      authorization: 'Bearer sk-ant-test-agent-own-0001',
      'x-goog-api-key': 'test-goog-key-0001',
      'x-amz-security-token': 'test-amz-token-0001',
      'x-amz-date': '20260101T000000Z',
      cookie: 'session=test-cookie-0001',
      'proxy-authorization': 'Basic dGVzdDp0ZXN0',
      connection: 'x-hop',
      'x-hop': 'test-hop-0001',
      'anthropic-version': '2023-06-01',
      'x-stainless-lang': 'js',
    });
    expect(answer.status).toBe(200);
    const sent = upstream.calls[0]?.headers ?? {};
    expect(sent['x-api-key']).toBe(KEY);
    expect(sent['anthropic-version']).toBe('2023-06-01');
    expect(sent['x-stainless-lang']).toBe('js');
    for (const name of [
      'authorization',
      'x-goog-api-key',
      'x-amz-security-token',
      'x-amz-date',
      'cookie',
      'proxy-authorization',
      'x-hop',
    ]) {
      expect(sent[name], name).toBeUndefined();
    }
    expect(everythingSent(upstream.calls)).not.toMatch(/test-(goog|amz|cookie|hop)|agent-own/);
  });
});

describe('a rejected credential upstream', () => {
  it('401 once → the credential is invalidated, the helper runs again, the request is retried once', async () => {
    const dir = scratchDir();
    const count = join(dir, 'runs');
    const upstream = track(
      await anthropicUpstream('', (_request, response, _body, calls) => {
        if (calls.length === 1)
          json(response, 401, { type: 'error', error: { type: 'authentication_error', message: 'key revoked' } });
        else json(response, 200, messageReply('second time lucky'));
      }),
    );
    const creds = createCredentialHelper({
      env: cleanEnv({ COUNT_FILE: count }),
      authFile: false,
      settings: { apiKeyHelper: fixture('count-runs.sh') },
    });
    const lines: string[] = [];
    const proxy = await creds.startProxy({
      targets: ['anthropic'],
      upstreams: { anthropic: upstream.url },
      log: { write: (line: string) => lines.push(line) },
    });
    proxies.push(proxy);
    expect(runCount(count)).toBe(1); // resolved once at start
    const body = JSON.stringify({ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 'same bytes' }] });
    const answer = await rawRequest(`${proxy.url}/anthropic/v1/messages?beta=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${proxy.token}`, 'content-type': 'application/json' },
      body,
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).content[0].text).toBe('second time lucky');
    expect(runCount(count)).toBe(2);
    expect(upstream.calls.map((call) => call.headers['x-api-key'])).toEqual(['sk-ant-test-run-1', 'sk-ant-test-run-2']);
    expect(upstream.calls.map((call) => call.body.toString())).toEqual([body, body]);
    expect(upstream.calls.map((call) => call.url)).toEqual(['/v1/messages?beta=true', '/v1/messages?beta=true']);
    // The log: method, path (query names only), status, bytes, duration; no token, no key, no body.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\S+Z POST \/anthropic\/v1\/messages\?beta=… 200 \d+B [\d.]+ms retried\n$/);
    for (const secret of [proxy.token, 'sk-ant-test-run', 'same bytes', 'true'])
      expect(lines.join('')).not.toContain(secret);
  });

  /** A proxy whose upstream answers every request 401 with `message`; `count` counts helper runs. */
  async function alwaysRejected(message: string) {
    const count = join(scratchDir(), 'runs');
    const upstream = track(
      await anthropicUpstream('', (_request, response) => {
        json(response, 401, { type: 'error', error: { type: 'authentication_error', message } });
      }),
    );
    const creds = createCredentialHelper({
      env: cleanEnv({ COUNT_FILE: count }),
      authFile: false,
      settings: { apiKeyHelper: fixture('count-runs.sh') },
    });
    const proxy = await creds.startProxy({ targets: ['anthropic'], upstreams: { anthropic: upstream.url } });
    proxies.push(proxy);
    return { count, upstream, proxy };
  }

  it('401 twice → the second answer goes to the client as is (one retry only)', async () => {
    const { count, upstream, proxy } = await alwaysRejected('still revoked');
    const answer = await rawRequest(`${proxy.url}/anthropic/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${proxy.token}` },
      body: '{}',
    });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body).error.message).toBe('still revoked');
    expect(upstream.calls).toHaveLength(2);
    expect(runCount(count)).toBe(2);
  });

  it('an upstream that keeps rejecting: the helper runs again at most once per 10 s, not once per request', async () => {
    const { count, upstream, proxy } = await alwaysRejected('revoked');
    for (let i = 0; i < 5; i++) {
      const answer = await rawRequest(`${proxy.url}/anthropic/v1/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${proxy.token}` },
        body: '{}',
      });
      expect(answer.status).toBe(401);
    }
    expect(upstream.calls).toHaveLength(10); // each request is still retried once
    expect(runCount(count)).toBe(2); // the start, and one re-resolution for all five
  });

  it('a 403 that is a missing permission (not a bad credential) is not retried', async () => {
    const upstream = track(
      await anthropicUpstream('', (_request, response) => {
        json(response, 403, {
          type: 'error',
          error: { type: 'permission_error', message: 'this organization cannot use the model' },
        });
      }),
    );
    const creds = createCredentialHelper({ env: cleanEnv({ ANTHROPIC_API_KEY: KEY }), authFile: false });
    const proxy = await creds.startProxy({ targets: ['anthropic'], upstreams: { anthropic: upstream.url } });
    proxies.push(proxy);
    const answer = await rawRequest(`${proxy.url}/anthropic/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': proxy.token },
      body: '{}',
    });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body).error.message).toBe('this organization cannot use the model');
    expect(upstream.calls).toHaveLength(1);
    expect(everythingSent(upstream.calls)).not.toContain(proxy.token);
  });
});

describe('startProxy() options', () => {
  it('refuses bad options with INVALID_OPTION, before resolving anything', async () => {
    const creds = createCredentialHelper({ env: cleanEnv(), authFile: false });
    for (const options of [
      {},
      { targets: [] },
      { targets: ['openai'] },
      { targets: ['anthropic'], port: -1 },
      { targets: ['anthropic'], maxBodyBytes: 0 },
      { targets: ['anthropic'], primary: 'vertex' },
      { targets: ['anthropic'], upstreams: { anthropic: 'ftp://x' } },
    ]) {
      await expect(creds.startProxy(options as never), JSON.stringify(options)).rejects.toMatchObject({
        code: 'INVALID_OPTION',
      });
    }
  });

  it('a target without a credential rejects with its error, and nothing listens', async () => {
    const creds = createCredentialHelper({ env: cleanEnv(), authFile: false });
    await expect(creds.startProxy({ targets: ['anthropic'] })).rejects.toMatchObject({ code: 'CREDENTIALS_NOT_FOUND' });
  });
});
