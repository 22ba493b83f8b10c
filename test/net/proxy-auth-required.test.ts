// A forward proxy that answers 407 (Proxy Authentication Required): a typed PROXY_AUTH_REQUIRED
// error that says the proxy wants a user name and password and how to give them, or that it
// refused the ones given; the credentials are never echoed back (message, cause, any rendering).
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createCredentialHelper, isCredentialHelperError } from 'credhelper';
import { afterEach, describe, expect, it } from 'vitest';
import { proxiedFetch } from '../../src/net/proxied-fetch.js';
import { useAwsEnv } from '../support/clean-env.js';
import { everyRendering } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

isolateTests();
const USER = 'proxy-user-test';
const PASSWORD = 'proxy-pass-test-0001';

/** A proxy that answers every request and CONNECT with 407, recording the headers it got. */
async function demandingProxy(): Promise<{ url: string; seen: IncomingHttpHeaders[]; close: () => void }> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    seen.push(request.headers);
    response.writeHead(407, { 'proxy-authenticate': 'Basic realm="corp"' }).end();
  });
  server.on('connect', (request, socket) => {
    seen.push(request.headers);
    socket.end(
      'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\nContent-Length: 0\r\n\r\n',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, close: () => server.close() };
}

const proxies: Array<() => void> = [];
afterEach(() => {
  for (const close of proxies.splice(0)) close();
});

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  return run().then(
    () => expect.unreachable('expected a failure'),
    (error: unknown) => error,
  );
}

describe('a proxy that answers 407', () => {
  it.each(['https://api.anthropic.com/v1/messages', 'http://plain.proxy-only.test/x'])(
    'creds.fetch path (%s), no credentials in HTTPS_PROXY: PROXY_AUTH_REQUIRED saying how to give them',
    async (url) => {
      const proxy = await demandingProxy();
      proxies.push(proxy.close);
      const error = await failure(() => proxiedFetch({ HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url })(url));
      expect(isCredentialHelperError(error) && error.code).toBe('PROXY_AUTH_REQUIRED');
      expect(String(error)).toContain(
        `the proxy ${proxy.url}, on the way to ${new URL(url).host}, asks for authentication`,
      );
      expect(String(error)).toContain('HTTPS_PROXY=http://USER:PASSWORD@host:port');
    },
  );

  it('credentials in HTTPS_PROXY that the proxy refuses: said so, and never echoed back', async () => {
    const proxy = await demandingProxy();
    proxies.push(proxy.close);
    const withCredentials = proxy.url.replace('http://', `http://${USER}:${PASSWORD}@`);
    const error = await failure(() => proxiedFetch({ HTTPS_PROXY: withCredentials })('https://api.anthropic.com/v1'));
    expect(isCredentialHelperError(error) && error.code).toBe('PROXY_AUTH_REQUIRED');
    expect(String(error)).toContain('refused the user name and password in HTTPS_PROXY / HTTP_PROXY');
    // They were sent (a real Basic answer), and appear nowhere in what credhelper produced.
    expect(proxy.seen.some((headers) => headers['proxy-authorization']?.startsWith('Basic '))).toBe(true);
    const rendered = everyRendering(error);
    for (const secret of [USER, PASSWORD, Buffer.from(`${USER}:${PASSWORD}`).toString('base64')]) {
      expect(rendered).not.toContain(secret);
    }
  });

  it('the AWS default chain (an SSO profile, the portal reachable only through the proxy): PROXY_AUTH_REQUIRED', async () => {
    const proxy = await demandingProxy();
    proxies.push(proxy.close);
    const startUrl = 'https://corp.awsapps.com/start';
    // The AWS SDK reads process.env (HOME for the SSO cache): useAwsEnv sets a clean one, restored after.
    const env = useAwsEnv({
      AWS_PROFILE: 'dev',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_SSO: 'http://portal.proxy-only.test:8080',
      HTTP_PROXY: proxy.url.replace('http://', `http://${USER}:${PASSWORD}@`),
    });
    writeFileSync(
      String(env.AWS_CONFIG_FILE),
      `[profile dev]\nsso_start_url = ${startUrl}\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = Agent\nregion = us-east-1\n`,
    );
    const cacheDir = join(String(env.HOME), '.aws', 'sso', 'cache');
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(
      join(cacheDir, `${createHash('sha1').update(startUrl).digest('hex')}.json`),
      JSON.stringify({
        accessToken: 'test-sso-token-proxy-auth-0001',
        region: 'us-east-1',
        startUrl,
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      }),
    );
    const creds = createCredentialHelper({ env, authFile: false });
    const error = await failure(() => creds.bedrock());
    expect(isCredentialHelperError(error) && error.code, String(error)).toBe('PROXY_AUTH_REQUIRED');
    expect(String(error)).toContain('on the way to the AWS endpoints, refused the user name and password');
    expect(proxy.seen.length).toBeGreaterThan(0);
    for (const secret of [USER, PASSWORD, 'test-sso-token-proxy-auth-0001']) {
      expect(everyRendering(error)).not.toContain(secret);
    }
  });
});
