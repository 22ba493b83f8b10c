import { connect } from 'node:net';
import { createCredentialHelper } from 'credhelper';
import { afterEach, describe, expect, it } from 'vitest';
import { matchRoute } from '../../src/proxy/proxy-routes.js';
import { cleanEnv } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { json, listen, messageReply } from '../support/local-servers.js';
import { anthropicUpstream, everythingSent, rawRequest } from './proxy-support.js';

// A security review of the proxy: what an attacker with code execution inside the agent (it has
// the token) or a web page in the user's browser (it has not) would try. Each case asserts what
// the proxy must do and that nothing unwanted reaches the upstream.

const KEY = 'sk-ant-test-attack-key-0001';
const { track } = isolateTests();
const proxies: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});

async function setup(upstreamReply?: Parameters<typeof anthropicUpstream>[1]) {
  const upstream = track(await anthropicUpstream(KEY, upstreamReply));
  const creds = createCredentialHelper({ env: cleanEnv({ ANTHROPIC_API_KEY: KEY }), authFile: false });
  const proxy = await creds.startProxy({ targets: ['anthropic'], upstreams: { anthropic: upstream.url } });
  proxies.push(proxy);
  const port = Number(new URL(proxy.url).port);
  return { upstream, proxy, port, auth: { authorization: `Bearer ${proxy.token}` } };
}

/** Bytes written as they are on one connection; everything read until the server closes or `waitMs` passes. */
function rawExchange(port: number, text: string, waitMs = 500): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = () => {
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', () => {
      clearTimeout(timer);
      done();
    });
    socket.on('error', reject);
    socket.write(text);
  });
}

const statusLines = (text: string) => text.match(/^HTTP\/1\.1 \d{3}/gm) ?? [];

describe('the token check', () => {
  it('accepts only the exact token in Authorization: Bearer or x-api-key; never in the query or an empty header', async () => {
    const { upstream, proxy } = await setup();
    const post = (path: string, headers: Record<string, string>) =>
      rawRequest(`${proxy.url}${path}`, { method: 'POST', headers, body: '{}' });
    for (const [path, headers] of <Array<[string, Record<string, string>]>>[
      [`/anthropic/v1/messages?token=${proxy.token}`, {}],
      [`/anthropic/v1/messages?key=${proxy.token}`, {}],
      ['/anthropic/v1/messages', { authorization: '' }],
      ['/anthropic/v1/messages', { authorization: 'Bearer ' }],
      ['/anthropic/v1/messages', { authorization: `Basic ${proxy.token}` }],
      ['/anthropic/v1/messages', { authorization: `Bearer ${proxy.token} extra` }],
      ['/anthropic/v1/messages', { 'x-api-key': '' }],
      ['/anthropic/v1/messages', { 'x-goog-api-key': proxy.token }],
      ['/anthropic/v1/messages', { cookie: `token=${proxy.token}` }],
    ]) {
      expect((await post(path, headers)).status, `${path} ${JSON.stringify(headers)}`).toBe(401);
    }
    expect(upstream.calls).toEqual([]);
    // `Bearer` in any case, and the token beside a wrong one in the other header, pass.
    expect((await post('/anthropic/v1/messages', { authorization: `bEaReR ${proxy.token}` })).status).toBe(200);
    expect(
      (await post('/anthropic/v1/messages', { authorization: 'Bearer wrong', 'x-api-key': proxy.token })).status,
    ).toBe(200);
  });

  it('a duplicate Authorization header: the first one counts, and a wrong first one is refused', async () => {
    const { upstream, port, proxy } = await setup();
    const answer = await rawExchange(
      port,
      `POST /anthropic/v1/messages HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer wrong\r\n` +
        `Authorization: Bearer ${proxy.token}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    );
    expect(statusLines(answer)).toEqual(['HTTP/1.1 401']);
    expect(upstream.calls).toEqual([]);
  });
});

describe('Host and browser checks', () => {
  it('refuses a look-alike, absent or wrong-port Host, an Origin (also on a CORS preflight), and a cross-site fetch', async () => {
    const { upstream, port, auth, proxy } = await setup();
    for (const host of [`127.0.0.1.evil.test:${port}`, `localhost.:${port}`, '127.0.0.1', `127.0.0.1:${port + 1}`]) {
      const answer = await rawRequest(`${proxy.url}/anthropic/v1/messages`, {
        method: 'POST',
        headers: { ...auth, host },
        body: '{}',
      });
      expect(answer.status, host).toBe(403);
    }
    // HTTP/1.0 without a Host header at all.
    const noHost = await rawExchange(
      port,
      `POST /anthropic/v1/messages HTTP/1.0\r\nAuthorization: Bearer ${proxy.token}\r\nContent-Length: 2\r\n\r\n{}`,
    );
    expect(noHost).toMatch(/^HTTP\/1\.1 (400|403)/);
    const preflight = await rawRequest(`${proxy.url}/anthropic/v1/messages`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.test',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    for (const origin of ['null', '', `http://127.0.0.1:${port}`]) {
      const answer = await rawRequest(`${proxy.url}/anthropic/v1/messages`, {
        method: 'POST',
        headers: { ...auth, origin },
        body: '{}',
      });
      expect(answer.status, `origin ${origin}`).toBe(403);
    }
    expect(upstream.calls).toEqual([]);
  });
});

describe('the path allow-list', () => {
  it('refuses encoded slashes, dot segments hidden in them, double encoding, backslashes and empty segments', async () => {
    const { upstream, proxy, auth } = await setup();
    for (const [method, path] of [
      ['GET', '/anthropic/v1/models/..%2F..%2Fv1%2Ffiles'],
      ['GET', '/anthropic/v1/models/..%2f..%2fv1%2forganizations%2fme'],
      ['GET', '/anthropic/v1/models/x%2F..%2F..%2F..%2Fv1%2Ffiles'],
      ['GET', '/anthropic/v1/models/%2E%2E%2F%2E%2E%2Fv1%2Ffiles'],
      ['GET', '/anthropic/v1/models/%252e%252e%252fv1%252ffiles'],
      ['GET', '/anthropic/v1/models/..%5C..%5Cv1%5Cfiles'],
      ['GET', '/anthropic/v1/models/x\\..\\files'],
      ['POST', '/anthropic//v1/messages'],
      ['POST', '/anthropic/v1//messages'],
      ['POST', '/anthropic/v1/messages/'],
      ['POST', '/anthropic/v1/messages;x=1'],
      ['POST', '/anthropic/v1/messages%2Fbatches'],
      ['POST', '/anthropic/./v1/messages'],
      ['POST', '/anthropic/v1/messages/batches'],
    ]) {
      const answer = await rawRequest(`${proxy.url}${path}`, {
        method,
        headers: auth,
        ...(method === 'POST' ? { body: '{}' } : {}),
      });
      expect(answer.status, `${method} ${path}`).toBe(404);
    }
    expect(upstream.calls).toEqual([]);
    // An encoded character that is no slash and no dot stays allowed (a model id with `:` or `@`).
    expect((await rawRequest(`${proxy.url}/anthropic/v1/models/claude%40x`, { headers: auth })).status).not.toBe(404);
  });

  it('Bedrock: an ARN model id with an encoded slash passes; dots behind encoded slashes do not', () => {
    const arn = 'arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fabc123';
    expect(matchRoute('POST', `/bedrock/model/${arn}/invoke`, ['bedrock'])).toMatchObject({
      path: `/model/${arn}/invoke`,
    });
    for (const id of ['..%2F..%2Fguardrails', 'x%2F..%2Fy', '%2e%2e%2fx', '%252e%252e%252fx', 'a%5cb', '100%']) {
      expect(matchRoute('POST', `/bedrock/model/${id}/invoke`, ['bedrock']), id).toBeUndefined();
    }
  });

  it('an absolute-form target naming another host, and CONNECT, go nowhere', async () => {
    const elsewhere = track(
      await listen((_request, response) => {
        response.writeHead(200).end('elsewhere');
      }),
    );
    const { upstream, port, proxy } = await setup();
    const absolute = await rawExchange(
      port,
      `POST ${elsewhere.url}/anthropic/v1/messages HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
        `Authorization: Bearer ${proxy.token}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    );
    expect(statusLines(absolute)).toEqual(['HTTP/1.1 404']);
    const tunnel = await rawExchange(
      port,
      `CONNECT 127.0.0.1:${elsewhere.port} HTTP/1.1\r\nHost: 127.0.0.1:${elsewhere.port}\r\n` +
        `Authorization: Bearer ${proxy.token}\r\n\r\n`,
    );
    expect(tunnel).not.toMatch(/^HTTP\/1\.1 200/);
    expect(tunnel).not.toContain('elsewhere');
    expect(upstream.calls).toEqual([]);
  });
});

describe('request smuggling and keep-alive', () => {
  it('Content-Length with Transfer-Encoding, or two Content-Lengths: 400, nothing upstream', async () => {
    const { upstream, port, proxy } = await setup();
    const head = `POST /anthropic/v1/messages HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${proxy.token}\r\n`;
    const smuggled = 'POST /anthropic/v1/messages HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}';
    const both = await rawExchange(
      port,
      `${head}Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${smuggled}`,
    );
    expect(statusLines(both)).toEqual(['HTTP/1.1 400']);
    const twice = await rawExchange(port, `${head}Content-Length: 2\r\nContent-Length: 70\r\n\r\n{}${smuggled}`);
    expect(statusLines(twice)).toEqual(['HTTP/1.1 400']);
    expect(upstream.calls).toEqual([]);
  });

  it('pipelined requests on one connection are each checked: a second one without the token is refused', async () => {
    const { upstream, port, proxy } = await setup();
    const good = `POST /anthropic/v1/messages HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${proxy.token}\r\nContent-Length: 2\r\n\r\n{}`;
    const bad = `POST /anthropic/v1/messages HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Which: bad\r\nContent-Length: 2\r\n\r\n{}`;
    const answer = await rawExchange(port, `${good}${bad}${good}`, 1500);
    expect(statusLines(answer).slice(0, 2)).toEqual(['HTTP/1.1 200', 'HTTP/1.1 401']);
    // The one without the token never reached the upstream (the third, with it, may).
    expect(upstream.calls.length).toBeGreaterThanOrEqual(1);
    expect(upstream.calls.some((call) => call.headers['x-which'] !== undefined)).toBe(false);
  });
});

describe('the upstream leg', () => {
  it('a 3xx from the upstream is not followed: the credential never goes to the Location host', async () => {
    const elsewhere = track(
      await anthropicUpstream(KEY, (_request, response) => {
        json(response, 200, messageReply('redirected'));
      }),
    );
    const { upstream, proxy, auth } = await setup((_request, response) => {
      response.writeHead(307, { location: `${elsewhere.url}/v1/messages` }).end();
    });
    const answer = await rawRequest(`${proxy.url}/anthropic/v1/messages`, {
      method: 'POST',
      headers: auth,
      body: '{}',
    });
    expect(answer.status).toBe(307);
    expect(upstream.calls).toHaveLength(1);
    expect(elsewhere.calls).toEqual([]);
  });

  it('upstream cookies and connection headers do not reach the agent; the credential is never echoed', async () => {
    const { proxy, auth } = await setup((_request, response) => {
      response.writeHead(200, {
        'content-type': 'application/json',
        'set-cookie': 'session=test-upstream-cookie-0001',
        connection: 'x-upstream-hop',
        'x-upstream-hop': 'test-hop-0001',
        'request-id': 'req_test',
      });
      response.end(JSON.stringify(messageReply('ok')));
    });
    const answer = await rawRequest(`${proxy.url}/anthropic/v1/messages`, {
      method: 'POST',
      headers: auth,
      body: '{}',
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['set-cookie']).toBeUndefined();
    expect(answer.headers['x-upstream-hop']).toBeUndefined();
    expect(answer.headers['request-id']).toBe('req_test');
    expect(JSON.stringify(answer)).not.toContain(KEY);
  });

  it('rejected again after the retry: the agent is told not to retry (Claude Code retried a 401 for 3 minutes)', async () => {
    const { upstream, proxy, auth } = await setup((_request, response) => {
      json(response, 401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } });
    });
    const answer = await rawRequest(`${proxy.url}/anthropic/v1/messages`, {
      method: 'POST',
      headers: auth,
      body: '{}',
    });
    expect(answer.status).toBe(401);
    expect(answer.headers['x-should-retry']).toBe('false');
    expect(upstream.calls).toHaveLength(2);
    // A plain answer (no retry by the proxy) keeps the upstream's own retry advice.
    const busy = await setup((_request, response) => {
      response.writeHead(529, { 'content-type': 'application/json', 'x-should-retry': 'true' }).end('{}');
    });
    const overloaded = await rawRequest(`${busy.proxy.url}/anthropic/v1/messages`, {
      method: 'POST',
      headers: busy.auth,
      body: '{}',
    });
    expect(overloaded.status).toBe(529);
    expect(overloaded.headers['x-should-retry']).toBe('true');
  });

  it('a client that goes away mid-stream ends the upstream request', async () => {
    let upstreamClosed: () => void = () => undefined;
    const closed = new Promise<void>((resolve) => {
      upstreamClosed = resolve;
    });
    const { proxy, port } = await setup((request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const timer = setInterval(() => response.write('event: ping\ndata: {}\n\n'), 20);
      request.socket.on('close', () => {
        clearInterval(timer);
        upstreamClosed();
      });
    });
    const socket = connect(port, '127.0.0.1');
    socket.write(
      `POST /anthropic/v1/messages HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${proxy.token}\r\nContent-Length: 2\r\n\r\n{}`,
    );
    await new Promise<void>((resolve) => socket.once('data', () => resolve()));
    socket.destroy();
    const started = Date.now();
    await closed;
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('what the agent sends besides auth passes (anthropic-*), but not x-goog-user-project, and never the proxy token', async () => {
    const { upstream, proxy, auth } = await setup();
    const answer = await rawRequest(`${proxy.url}/anthropic/v1/messages`, {
      method: 'POST',
      headers: { ...auth, 'anthropic-beta': 'x', 'x-goog-user-project': 'p', 'x-token-copy': 'none' },
      body: '{}',
    });
    expect(answer.status).toBe(200);
    expect(upstream.calls[0]?.headers['anthropic-beta']).toBe('x');
    expect(upstream.calls[0]?.headers['x-goog-user-project']).toBeUndefined(); // billing goes to the user's project
    expect(upstream.calls[0]?.headers['x-token-copy']).toBe('none');
    expect(everythingSent(upstream.calls)).not.toContain(proxy.token);
  });
});
