import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCredentialHelper, isCredentialHelperError } from 'credhelper';
import { describe, expect, it } from 'vitest';
import { useAwsEnv } from '../support/clean-env.js';
import { cleanEnv, scratchDir } from '../support/fixtures.js';
import { startForwardProxy } from '../support/forward-proxy.js';
import { isolateTests } from '../support/isolation.js';
import { listen, startMoto } from '../support/local-servers.js';

// Issue 20: every outbound call honours HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the `env` option.
// The forward proxy is the only resolver of `*.proxy-only.test`: a request that bypasses it fails
// with ENOTFOUND instead of silently going direct.

const { track } = isolateTests();
const API_KEY = 'sk-ant-test-proxy-0000000000000001';

async function apiServer() {
  const seen: string[] = [];
  const server = track(
    await listen((request, response) => {
      seen.push(String(request.headers['x-api-key']));
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    }),
  );
  return { server, seen, url: `http://api.proxy-only.test:${server.port}/v1/models` };
}

describe("creds.fetch()'s default fetch", () => {
  it.each(['HTTP_PROXY', 'http_proxy'])('goes through the proxy set in %s', async (variable) => {
    const proxy = track(await startForwardProxy());
    const { url, seen } = await apiServer();
    const creds = createCredentialHelper({ env: cleanEnv({ ANTHROPIC_API_KEY: API_KEY, [variable]: proxy.url }) });
    const response = await creds.fetch('anthropic')(url);
    expect(response.status).toBe(200);
    expect(seen).toEqual([API_KEY]);
    // undici's ProxyAgent tunnels plain http too.
    expect(proxy.log).toEqual([`CONNECT ${new URL(url).host}`]);
  });

  it('goes direct when NO_PROXY matches (here: ENOTFOUND, the name resolves only through the proxy)', async () => {
    const proxy = track(await startForwardProxy());
    const { url } = await apiServer();
    const env = cleanEnv({ ANTHROPIC_API_KEY: API_KEY, HTTP_PROXY: proxy.url, NO_PROXY: '.proxy-only.test' });
    const error = await createCredentialHelper({ env })
      .fetch('anthropic')(url)
      .catch((e: unknown) => e);
    expect(String((error as { cause?: { code?: string } }).cause?.code)).toBe('ENOTFOUND');
    expect(proxy.log).toEqual([]);
  });

  it('without a proxy variable it goes direct, and process.env proxy variables are not read', async () => {
    const proxy = track(await startForwardProxy());
    const { url } = await apiServer();
    process.env.HTTP_PROXY = proxy.url; // not in the `env` option: ignored
    const error = await createCredentialHelper({ env: cleanEnv({ ANTHROPIC_API_KEY: API_KEY }) })
      .fetch('anthropic')(url)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(proxy.log).toEqual([]);
  });

  it('a proxy that refuses the destination: the error names the proxy (no password), the key never leaves', async () => {
    const proxy = track(await startForwardProxy({ refuse: true }));
    const { url, seen } = await apiServer();
    const proxyUrl = `http://user:test-proxy-password@127.0.0.1:${proxy.port}`;
    const creds = createCredentialHelper({ env: cleanEnv({ ANTHROPIC_API_KEY: API_KEY, HTTP_PROXY: proxyUrl }) });
    const error = await creds
      .fetch('anthropic')(url)
      .catch((e: unknown) => e);
    expect(isCredentialHelperError(error) && error.code).toBe('PROVIDER_FAILED');
    expect(String(error)).toContain(`through the proxy http://127.0.0.1:${proxy.port}`);
    expect(String(error)).not.toContain('test-proxy-password');
    expect(String(error)).not.toContain(API_KEY);
    expect(seen).toEqual([]);
    expect(proxy.log.length).toBe(1);
  });
});

const hasMoto = spawnSync('python3', ['-c', 'import moto.server']).status === 0;

describe.skipIf(!hasMoto)('the AWS default chain (web identity → STS) behind a proxy', () => {
  function webIdentityEnv(stsPort: number, extra: Record<string, string>) {
    const tokenFile = join(scratchDir(), 'token');
    writeFileSync(tokenFile, 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6YWdlbnRzIn0.c2lnbmF0dXJl');
    return useAwsEnv({
      AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile,
      AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/agent',
      AWS_ROLE_SESSION_NAME: 'credhelper-test',
      AWS_ENDPOINT_URL_STS: `http://sts.proxy-only.test:${stsPort}`,
      AWS_REGION: 'us-east-1',
      ...extra,
    });
  }

  it.each(['HTTP_PROXY', 'http_proxy'])(
    'STS is reached through the proxy set in %s',
    async (variable) => {
      const moto = track(await startMoto());
      const proxy = track(await startForwardProxy());
      const env = webIdentityEnv(moto.port, { [variable]: proxy.url });
      const credential = await createCredentialHelper({ env }).bedrock();
      expect(credential.source).toBe('aws:web_identity');
      expect(credential.type === 'sigv4' && credential.credentials.accessKeyId).toMatch(/^ASIA/);
      expect(proxy.log).toEqual([`POST http://sts.proxy-only.test:${moto.port}/`]);
    },
    30_000,
  );

  it('assume-role profile (source_profile keys → STS AssumeRole) goes through the proxy', async () => {
    const moto = track(await startMoto());
    const proxy = track(await startForwardProxy());
    const env = useAwsEnv({
      AWS_PROFILE: 'agent',
      AWS_ENDPOINT_URL_STS: `http://sts.proxy-only.test:${moto.port}`,
      AWS_REGION: 'us-east-1',
      HTTP_PROXY: proxy.url,
    });
    writeFileSync(
      String(env.AWS_CONFIG_FILE),
      '[profile agent]\nrole_arn = arn:aws:iam::123456789012:role/agent\nsource_profile = base\n\n[profile base]\nregion = us-east-1\n',
    );
    writeFileSync(
      String(env.AWS_SHARED_CREDENTIALS_FILE),
      '[base]\naws_access_key_id = AKIATESTBASE00000001\naws_secret_access_key = test-base-secret-00000000000000000001\n',
    );
    const credential = await createCredentialHelper({ env }).bedrock();
    expect(credential.type === 'sigv4' && credential.credentials.accessKeyId).toMatch(/^ASIA/);
    expect(proxy.log).toEqual([`POST http://sts.proxy-only.test:${moto.port}/`]);
  }, 30_000);

  it('NO_PROXY listing the STS host sends it direct (ENOTFOUND: the proxy alone resolves it)', async () => {
    const moto = track(await startMoto());
    const proxy = track(await startForwardProxy());
    const env = webIdentityEnv(moto.port, { HTTP_PROXY: proxy.url, NO_PROXY: `sts.proxy-only.test:${moto.port}` });
    const error = await createCredentialHelper({ env })
      .bedrock()
      .catch((e: unknown) => e);
    expect(isCredentialHelperError(error)).toBe(true);
    expect(String(error)).toMatch(/ENOTFOUND|getaddrinfo/);
    expect(proxy.log).toEqual([]);
  }, 30_000);

  it('a proxy that refuses: the error names the proxy, not "no credentials"', async () => {
    const moto = track(await startMoto());
    const proxy = track(await startForwardProxy({ refuse: true }));
    const env = webIdentityEnv(moto.port, { HTTP_PROXY: `http://user:test-proxy-password@127.0.0.1:${proxy.port}` });
    const error = await createCredentialHelper({ env })
      .bedrock()
      .catch((e: unknown) => e);
    expect(isCredentialHelperError(error)).toBe(true);
    expect(String(error)).toContain(`through the proxy http://127.0.0.1:${proxy.port}`);
    expect(String(error)).not.toContain('test-proxy-password');
    expect(proxy.log.length).toBeGreaterThan(0);
  }, 30_000);
});
