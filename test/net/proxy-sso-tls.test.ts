import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliAsync, cliHome } from '../support/cli.js';
import { scratchDir } from '../support/fixtures.js';
import { startForwardProxy } from '../support/forward-proxy.js';
import { isolateTests } from '../support/isolation.js';
import { type LocalServer, readBody } from '../support/local-servers.js';
import { type TestPki, testPki } from '../support/test-pki.js';

// Issue 20: an sso-session profile whose SSO-OIDC (CreateToken) and SSO portal
// (GetRoleCredentials) are https at `*.proxy-only.test` names (the proxy alone resolves them),
// with a certificate from a test CA that only NODE_EXTRA_CA_CERTS makes trusted. The built CLI
// reaches both through HTTPS_PROXY: CONNECT tunnels made by the AWS chain's proxy agent.

const { track } = isolateTests();
const HOUR = 3_600_000;
const PORTAL_HOST = 'portal.sso.us-east-1.proxy-only.test';
const OIDC_HOST = 'oidc.us-east-1.proxy-only.test';
const OLD_TOKEN = 'test-sso-tls-access-old-0001';
const NEW_TOKEN = 'test-sso-tls-access-new-0001';
const REFRESH_TOKEN = 'test-sso-tls-refresh-0001';
const KEY_ID = 'ASIATESTSSOTLS000001';
const SECRET = 'test-sso-tls-secret-00000000000000000001';
let pki: TestPki;

beforeAll(() => {
  pki = testPki(join(scratchDir(), 'pki'), [PORTAL_HOST, OIDC_HOST]);
});

/** One TLS server for both names: `POST /token` (SSO-OIDC) and `GET /federation/credentials` (portal). */
async function tlsSsoServer(): Promise<LocalServer & { seen: string[] }> {
  const seen: string[] = [];
  const server = createServer({ key: pki.key, cert: pki.cert }, (request, response) => {
    readBody(request).then((body) => {
      const host = String(request.headers.host).split(':')[0];
      seen.push(`${request.method} ${host} ${(request.url ?? '').split('?')[0]}`);
      const reply = (status: number, value: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(value));
      };
      if (request.url === '/token') {
        const grant = JSON.parse(body.toString('utf8') || '{}') as Record<string, string>;
        if (grant.refreshToken !== REFRESH_TOKEN) return reply(400, { error: 'invalid_grant' });
        return reply(200, {
          accessToken: NEW_TOKEN,
          expiresIn: 3600,
          tokenType: 'Bearer',
          refreshToken: REFRESH_TOKEN,
        });
      }
      if (request.headers['x-amz-sso_bearer_token'] !== NEW_TOKEN) return reply(401, { message: 'invalid token' });
      return reply(200, {
        roleCredentials: {
          accessKeyId: KEY_ID,
          secretAccessKey: SECRET,
          sessionToken: 'test-sso-tls-session-token',
          expiration: Date.now() + HOUR,
        },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A HOME with an sso-session profile whose access token expired (so the SDK refreshes it first). */
async function setUp(extra: Record<string, string>) {
  const sso = track(await tlsSsoServer());
  const caFile = join(scratchDir(), 'test-ca.pem');
  writeFileSync(caFile, pki.ca);
  const { home, env } = cliHome({
    AWS_PROFILE: 'dev',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_SSO: `https://${PORTAL_HOST}:${sso.port}`,
    AWS_ENDPOINT_URL_SSO_OIDC: `https://${OIDC_HOST}:${sso.port}`,
    NODE_EXTRA_CA_CERTS: caFile,
    CLAUDE_CODE_USE_BEDROCK: '1',
    ...extra,
  });
  env.AWS_CONFIG_FILE = join(home, '.aws', 'config');
  env.AWS_SHARED_CREDENTIALS_FILE = join(home, '.aws', 'credentials');
  const cacheDir = join(home, '.aws', 'sso', 'cache');
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(
    env.AWS_CONFIG_FILE,
    '[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Agent\nregion = us-east-1\n' +
      '[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n',
  );
  writeFileSync(
    join(cacheDir, `${createHash('sha1').update('corp').digest('hex')}.json`),
    JSON.stringify({
      accessToken: OLD_TOKEN,
      expiresAt: new Date(Date.now() - 60_000).toISOString(),
      refreshToken: REFRESH_TOKEN,
      clientId: 'test-sso-tls-client-id',
      clientSecret: 'test-sso-tls-client-secret',
      registrationExpiresAt: new Date(Date.now() + 30 * 24 * HOUR).toISOString(),
      region: 'us-east-1',
      startUrl: 'https://corp.awsapps.com/start',
    }),
  );
  return { sso, env };
}

describe('sso-session over TLS behind HTTPS_PROXY, CA from NODE_EXTRA_CA_CERTS (built CLI)', () => {
  it.each(['HTTPS_PROXY', 'https_proxy'])(
    'refreshes at SSO-OIDC and gets role credentials, both through the proxy set in %s',
    async (variable) => {
      const proxy = track(await startForwardProxy());
      const { sso, env } = await setUp({ [variable]: proxy.url });
      const result = await cliAsync(['get', 'bedrock'], { env });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(KEY_ID);
      expect(sso.seen).toEqual([`POST ${OIDC_HOST} /token`, `GET ${PORTAL_HOST} /federation/credentials`]);
      expect(proxy.log).toEqual([`CONNECT ${OIDC_HOST}:${sso.port}`, `CONNECT ${PORTAL_HOST}:${sso.port}`]);
    },
    15_000,
  );

  it('a proxy that refuses: the message names the proxy (not its password); no secret is printed', async () => {
    const proxy = track(await startForwardProxy({ refuse: true }));
    const { sso, env } = await setUp({ HTTPS_PROXY: `http://user:test-proxy-password@127.0.0.1:${proxy.port}` });
    const result = await cliAsync(['get', 'bedrock'], { env });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`through the proxy http://127.0.0.1:${proxy.port}`);
    expect(result.stdout + result.stderr).not.toMatch(/test-proxy-password|test-sso-tls-/);
    expect(sso.seen).toEqual([]);
  }, 15_000);
});
