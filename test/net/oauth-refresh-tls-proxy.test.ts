import { writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeAuthFile } from '../support/auth-file.js';
import { cliAsync, cliHome, userSettings } from '../support/cli.js';
import { scratchDir } from '../support/fixtures.js';
import { startForwardProxy } from '../support/forward-proxy.js';
import { isolateTests } from '../support/isolation.js';
import { type LocalServer, readBody } from '../support/local-servers.js';
import { type TestPki, testPki } from '../support/test-pki.js';

// Issue 20: the stored OAuth refresh (credhelper's own fetch) goes through HTTPS_PROXY (a CONNECT
// tunnel) to a TLS token endpoint whose certificate is signed by a test CA that only
// NODE_EXTRA_CA_CERTS makes trusted; the endpoint's name resolves only through the proxy.

const { track } = isolateTests();
const REFRESH = 'test-refresh-tls-proxy-0001';
const NEW_ACCESS = 'test-access-tls-proxy-0002';
const HOST = 'tokens.proxy-only.test';
let pki: TestPki;

beforeAll(() => {
  pki = testPki(join(scratchDir(), 'pki'), [HOST]);
});

async function tlsTokenServer(): Promise<LocalServer & { refreshes: () => number }> {
  let count = 0;
  const server = createServer({ key: pki.key, cert: pki.cert }, (request, response) => {
    readBody(request).then((body) => {
      const fields = new URLSearchParams(body.toString('utf8'));
      count++;
      const ok = fields.get('grant_type') === 'refresh_token' && fields.get('refresh_token') === REFRESH;
      response.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' });
      response.end(JSON.stringify(ok ? { access_token: NEW_ACCESS, expires_in: 3600 } : { error: 'invalid_grant' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://${HOST}:${port}`,
    port,
    refreshes: () => count,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function setUp(extra: Record<string, string>) {
  const tokens = track(await tlsTokenServer());
  const store = writeAuthFile({
    openrouter: { type: 'oauth', access: 'test-access-old-0001', refresh: REFRESH, expires: 1000 },
  });
  const caFile = join(scratchDir(), 'test-ca.pem');
  writeFileSync(caFile, pki.ca);
  const { home, env } = cliHome({ CREDHELPER_AUTH_FILE: store, NODE_EXTRA_CA_CERTS: caFile, ...extra });
  userSettings(home, { oauth: { openrouter: { tokenUrl: `${tokens.url}/token`, body: 'form' } } });
  return { tokens, env };
}

describe('stored OAuth refresh behind a proxy, TLS with a CA from NODE_EXTRA_CA_CERTS', () => {
  it.each(['HTTPS_PROXY', 'https_proxy'])(
    'refreshes through the proxy set in %s (a CONNECT tunnel)',
    async (variable) => {
      const proxy = track(await startForwardProxy());
      const { tokens, env } = await setUp({ [variable]: proxy.url });
      const result = await cliAsync(['get', 'openrouter'], { env });
      expect(result.stderr).toBe('');
      expect(result.stdout.trim()).toBe(NEW_ACCESS);
      expect(tokens.refreshes()).toBe(1);
      expect(proxy.log).toEqual([`CONNECT ${HOST}:${tokens.port}`]);
    },
  );

  it('NO_PROXY matching the token host: direct, which fails (the name resolves only through the proxy)', async () => {
    const proxy = track(await startForwardProxy());
    const { tokens, env } = await setUp({ HTTPS_PROXY: proxy.url, NO_PROXY: 'proxy-only.test' });
    const result = await cliAsync(['get', 'openrouter'], { env });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('network error');
    expect(result.stderr).not.toContain('through the proxy');
    expect(tokens.refreshes()).toBe(0);
    expect(proxy.log).toEqual([]);
  });

  it('a proxy that refuses: the message names the proxy (not its password); no token is printed', async () => {
    const proxy = track(await startForwardProxy({ refuse: true }));
    const { tokens, env } = await setUp({ HTTPS_PROXY: `http://user:test-proxy-password@127.0.0.1:${proxy.port}` });
    const result = await cliAsync(['get', 'openrouter'], { env });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`through the proxy http://127.0.0.1:${proxy.port}`);
    expect(result.stdout + result.stderr).not.toMatch(/test-proxy-password|test-refresh-tls|test-access-old/);
    expect(tokens.refreshes()).toBe(0);
  });
});
