import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCredentialHelper, isCredentialHelperError } from 'credhelper';
import { describe, expect, it } from 'vitest';
import { useAwsEnv } from '../support/clean-env.js';
import { everyRendering } from '../support/fixtures.js';
import { startForwardProxy } from '../support/forward-proxy.js';
import { isolateTests } from '../support/isolation.js';
import { json, listen, ssoPortalServer } from '../support/local-servers.js';

// Issue 20: an SSO profile behind a corporate proxy. The SSO portal (GetRoleCredentials) and
// SSO-OIDC (CreateToken, the sso-session token refresh) are loopback fakes at `*.proxy-only.test`
// names that only the forward proxy resolves: a call that bypasses the proxy fails with ENOTFOUND.

const { track } = isolateTests();
const HOUR = 3_600_000;
const START_URL = 'https://corp.awsapps.com/start';
const OLD_TOKEN = 'test-sso-access-token-proxy-old-0001';
const NEW_TOKEN = 'test-sso-access-token-proxy-new-0001';
const REFRESH_TOKEN = 'test-sso-refresh-token-proxy-0001';
const CLIENT_SECRET = 'test-sso-client-secret-proxy-0001';
const ROLE = {
  AccessKeyId: 'ASIATESTSSOPROXY0001',
  SecretAccessKey: 'test-sso-proxy-secret-000000000000000001',
  Token: 'test-sso-proxy-session-token',
  Expiration: new Date(Date.now() + HOUR).toISOString(),
};
const at = (ms: number): string => new Date(Date.now() + ms).toISOString();

/** SSO-OIDC `CreateToken`: a refresh-token grant that trades `REFRESH_TOKEN` for `NEW_TOKEN`. */
async function ssoOidcServer() {
  const grants: string[] = [];
  const server = await listen((request, response, raw) => {
    const body = JSON.parse(raw.toString('utf8') || '{}') as Record<string, string>;
    grants.push(`${request.method} ${request.url} ${body.grantType}`);
    if (request.url !== '/token' || body.refreshToken !== REFRESH_TOKEN || body.clientSecret !== CLIENT_SECRET) {
      json(response, 400, { error: 'invalid_grant' });
      return;
    }
    json(response, 200, { accessToken: NEW_TOKEN, expiresIn: 3600, tokenType: 'Bearer', refreshToken: REFRESH_TOKEN });
  });
  return Object.assign(server, { grants });
}

/** Session names are unique per test: the SDK skips a refresh of one session retried within 30 s. */
let sessions = 0;

/**
 * A HOME as `aws sso login` leaves it for profile `dev`. `legacy`: a valid access token for the
 * portal. `sso-session`: an access token that expired a minute ago, so the SDK first refreshes it
 * at SSO-OIDC, then asks the portal with the new one. Endpoints are `*.proxy-only.test` names.
 */
async function ssoEnv(format: 'legacy' | 'sso-session', extra: Record<string, string>) {
  const portal = track(await ssoPortalServer(format === 'legacy' ? OLD_TOKEN : NEW_TOKEN, ROLE));
  const oidc = track(await ssoOidcServer());
  const env = useAwsEnv({
    AWS_PROFILE: 'dev',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_SSO: `http://portal.sso.us-east-1.proxy-only.test:${portal.port}`,
    AWS_ENDPOINT_URL_SSO_OIDC: `http://oidc.us-east-1.proxy-only.test:${oidc.port}`,
    ...extra,
  });
  const session = `corp-proxy-${++sessions}`;
  const profile = 'sso_account_id = 123456789012\nsso_role_name = Agent\nregion = us-east-1\n';
  writeFileSync(
    String(env.AWS_CONFIG_FILE),
    format === 'legacy'
      ? `[profile dev]\nsso_start_url = ${START_URL}\nsso_region = us-east-1\n${profile}`
      : `[profile dev]\nsso_session = ${session}\n${profile}[sso-session ${session}]\nsso_start_url = ${START_URL}\nsso_region = us-east-1\n`,
  );
  const cacheDir = join(String(env.HOME), '.aws', 'sso', 'cache');
  mkdirSync(cacheDir, { recursive: true });
  const id = format === 'legacy' ? START_URL : session;
  const cacheFile = join(cacheDir, `${createHash('sha1').update(id).digest('hex')}.json`);
  const cache =
    format === 'legacy'
      ? { accessToken: OLD_TOKEN, expiresAt: at(5 * HOUR) }
      : {
          accessToken: OLD_TOKEN,
          expiresAt: at(-60_000),
          refreshToken: REFRESH_TOKEN,
          clientId: 'test-sso-client-id-proxy-0001',
          clientSecret: CLIENT_SECRET,
          registrationExpiresAt: at(30 * 24 * HOUR),
        };
  writeFileSync(cacheFile, JSON.stringify({ region: 'us-east-1', startUrl: START_URL, ...cache }));
  return { env, portal, oidc, cacheFile };
}

describe.each(['legacy', 'sso-session'] as const)('an SSO profile (%s) behind a proxy', (format) => {
  it.each(['HTTP_PROXY', 'http_proxy'])(
    'the SSO calls go through the proxy set in %s',
    async (variable) => {
      const proxy = track(await startForwardProxy());
      const { env, portal, oidc, cacheFile } = await ssoEnv(format, { [variable]: proxy.url });
      const credential = await createCredentialHelper({ env }).bedrock();
      expect(credential.source).toBe('aws:sso');
      expect(credential.type === 'sigv4' && credential.credentials.accessKeyId).toBe(ROLE.AccessKeyId);
      const portalCall = expect.stringMatching(
        new RegExp(`^GET http://portal\\.sso\\.us-east-1\\.proxy-only\\.test:${portal.port}/federation/credentials\\?`),
      );
      if (format === 'legacy') {
        expect(proxy.log).toEqual([portalCall]);
        expect(oidc.grants).toEqual([]);
      } else {
        expect(proxy.log).toEqual([`POST http://oidc.us-east-1.proxy-only.test:${oidc.port}/token`, portalCall]);
        expect(oidc.grants).toEqual(['POST /token refresh_token']);
        expect(JSON.parse(readFileSync(cacheFile, 'utf8')).accessToken).toBe(NEW_TOKEN);
      }
      expect(portal.requests).toHaveLength(1);
    },
    15_000,
  );

  it('NO_PROXY listing the SSO hosts sends them direct (ENOTFOUND: the proxy alone resolves them)', async () => {
    const proxy = track(await startForwardProxy());
    const { env, portal, oidc } = await ssoEnv(format, {
      HTTP_PROXY: proxy.url,
      NO_PROXY: 'localhost,.proxy-only.test',
    });
    const error = await createCredentialHelper({ env })
      .bedrock()
      .catch((e: unknown) => e);
    expect(isCredentialHelperError(error)).toBe(true);
    if (format === 'legacy') expect(everyRendering(error)).toMatch(/ENOTFOUND|getaddrinfo/);
    // sso-session: the SDK drops the refresh's ENOTFOUND and reports the expired token; the proxy is not named.
    else expect(String(error)).not.toContain('through the proxy');
    expect(proxy.log).toEqual([]);
    expect(portal.requests).toEqual([]);
    expect(oidc.grants).toEqual([]);
  }, 15_000);

  it('a proxy that refuses: the error names the proxy (no password), not "no credentials"', async () => {
    const proxy = track(await startForwardProxy({ refuse: true }));
    const { env, portal } = await ssoEnv(format, {
      HTTP_PROXY: `http://user:test-proxy-password@127.0.0.1:${proxy.port}`,
    });
    const error = await createCredentialHelper({ env })
      .bedrock()
      .catch((e: unknown) => e);
    expect(isCredentialHelperError(error)).toBe(true);
    // sso-session: the SDK drops the failed refresh's error ("Token is expired"); credhelper names the proxy.
    expect(String(error)).toContain(`through the proxy http://127.0.0.1:${proxy.port}`);
    expect(String(error)).not.toMatch(/found no credentials/);
    for (const secret of ['test-proxy-password', OLD_TOKEN, REFRESH_TOKEN, CLIENT_SECRET]) {
      expect(everyRendering(error)).not.toContain(secret);
    }
    expect(proxy.log.length).toBeGreaterThan(0);
    expect(portal.requests).toEqual([]);
  }, 15_000);
});
