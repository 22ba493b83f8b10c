import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCredentialHelper, isCredentialHelperError } from 'credhelper';
import { describe, expect, it } from 'vitest';
import { useAwsEnv } from '../support/clean-env.js';
import { everyRendering, fixture, runCount, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import {
  containerCredentialsServer,
  type FakeAwsCredentials,
  imdsServer,
  ssoPortalServer,
  startMoto,
} from '../support/local-servers.js';

// The AWS default chain end to end: the real @aws-sdk/credential-providers against real files,
// scripts and servers on 127.0.0.1 — the identities that fleets of agents run with.

const { track } = isolateTests();

function fakeCredentials(prefix: string, expiresInMs = 60 * 60_000): FakeAwsCredentials {
  return {
    AccessKeyId: `ASIATEST${prefix.toUpperCase().padEnd(12, '0')}`,
    SecretAccessKey: `test-${prefix}-secret-00000000000000000000000001`,
    Token: `test-${prefix}-session-token`,
    Expiration: new Date(Date.now() + expiresInMs).toISOString(),
  };
}

async function sigv4(env: NodeJS.ProcessEnv) {
  const credential = await createCredentialHelper({ env }).bedrock();
  if (credential.type !== 'sigv4') throw new Error('expected SigV4 credentials');
  return credential;
}

describe('the AWS default chain', () => {
  it('env keys (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN) → aws:env', async () => {
    const env = useAwsEnv({
      AWS_ACCESS_KEY_ID: 'AKIATESTENVKEY000001',
      AWS_SECRET_ACCESS_KEY: 'test-env-secret-000000000000000000000001',
      AWS_SESSION_TOKEN: 'test-env-session-token',
    });
    const credential = await sigv4(env);
    expect(credential.source).toBe('aws:env');
    expect(credential.credentials).toEqual({
      accessKeyId: 'AKIATESTENVKEY000001',
      secretAccessKey: 'test-env-secret-000000000000000000000001',
      sessionToken: 'test-env-session-token',
    });
  });

  it('AWS_PROFILE with credential_process in AWS_CONFIG_FILE → aws:credential_process (env keys skipped)', async () => {
    const count = join(scratchDir(), 'count');
    const env = useAwsEnv({
      AWS_PROFILE: 'agents',
      AWS_ACCESS_KEY_ID: 'AKIATESTIGNORED00001',
      AWS_SECRET_ACCESS_KEY: 'test-ignored-secret-0000000000000000001',
      COUNT_FILE: count,
    });
    writeFileSync(
      env.AWS_CONFIG_FILE as string,
      `[profile agents]\ncredential_process = ${fixture('credential-process.sh')}\nregion = eu-north-1\n`,
    );
    const creds = createCredentialHelper({ env });
    const credential = await creds.bedrock();
    expect(credential.source).toBe('aws:credential_process');
    expect(credential.region).toBe('eu-north-1');
    expect(credential.type === 'sigv4' && credential.credentials.accessKeyId).toBe('ASIATESTPROCESS00001');
    expect(credential.type === 'sigv4' && credential.expiresAt).toBeInstanceOf(Date);
    await creds.awsCredentialProvider()();
    expect(runCount(count)).toBe(1);
  });

  it('static keys of the default profile in AWS_SHARED_CREDENTIALS_FILE → aws:profile', async () => {
    const env = useAwsEnv();
    writeFileSync(
      env.AWS_SHARED_CREDENTIALS_FILE as string,
      '[default]\naws_access_key_id = AKIATESTPROFILE00001\naws_secret_access_key = test-profile-secret-000000000000000001\n',
    );
    const credential = await sigv4(env);
    expect(credential.source).toBe('aws:profile');
    expect(credential.credentials.accessKeyId).toBe('AKIATESTPROFILE00001');
  });

  it('a container credentials endpoint (ECS / EKS Pod Identity) → aws:container', async () => {
    const returned = fakeCredentials('container');
    const server = await containerCredentialsServer(returned, 'test-container-auth-token');
    track(server);
    const env = useAwsEnv({
      AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server.url}/creds`,
      AWS_CONTAINER_AUTHORIZATION_TOKEN: 'test-container-auth-token',
    });
    const credential = await sigv4(env);
    expect(credential.source).toBe('aws:container');
    expect(credential.credentials.accessKeyId).toBe(returned.AccessKeyId);
    expect(credential.credentials.sessionToken).toBe(returned.Token);
    expect(credential.expiresAt?.toISOString()).toBe(returned.Expiration);
  });

  it('EC2 instance metadata over IMDSv2 → aws:imds', async () => {
    const returned = fakeCredentials('imds');
    const server = await imdsServer(returned);
    track(server);
    const env = useAwsEnv({ AWS_EC2_METADATA_SERVICE_ENDPOINT: server.url });
    delete env.AWS_EC2_METADATA_DISABLED;
    const credential = await sigv4(env);
    expect(credential.source).toBe('aws:imds');
    expect(credential.credentials.secretAccessKey).toBe(returned.SecretAccessKey);
  });

  it('expired env keys (AWS_CREDENTIAL_EXPIRATION in the past) are CREDENTIALS_EXPIRED', async () => {
    const env = useAwsEnv({
      AWS_ACCESS_KEY_ID: 'AKIATESTEXPIRED00001',
      AWS_SECRET_ACCESS_KEY: 'test-expired-secret-00000000000000000001',
      AWS_CREDENTIAL_EXPIRATION: new Date(Date.now() - 60_000).toISOString(),
    });
    const error = await createCredentialHelper({ env })
      .bedrock()
      .catch((e: unknown) => e);
    expect(isCredentialHelperError(error) && error.code).toBe('CREDENTIALS_EXPIRED');
    expect(everyRendering(error)).not.toContain('test-expired-secret');
  });

  it('a credential_process that hangs is bounded by helperTimeoutMs', async () => {
    const env = useAwsEnv({ AWS_PROFILE: 'hangs' });
    writeFileSync(env.AWS_CONFIG_FILE as string, '[profile hangs]\ncredential_process = sleep 5\n');
    const started = Date.now();
    const error = await createCredentialHelper({ env, helperTimeoutMs: 300 })
      .bedrock()
      .catch((e: unknown) => e);
    expect(isCredentialHelperError(error) && error.code).toBe('PROVIDER_FAILED');
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('IAM Identity Center (SSO) profiles, as `aws sso login` leaves them', () => {
  const SSO_TOKEN = 'test-sso-access-token-0001';

  async function ssoSetUp() {
    const returned = fakeCredentials('sso');
    const portal = await ssoPortalServer(SSO_TOKEN, returned);
    track(portal);
    const env = useAwsEnv({ AWS_PROFILE: 'dev', AWS_ENDPOINT_URL_SSO: portal.url });
    writeFileSync(
      env.AWS_CONFIG_FILE as string,
      '[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Agent\nregion = us-east-1\n' +
        '[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n',
    );
    const cacheDir = join(env.HOME as string, '.aws/sso/cache');
    mkdirSync(cacheDir, { recursive: true });
    const tokenFile = join(cacheDir, `${createHash('sha1').update('corp').digest('hex')}.json`);
    const writeToken = (expiresInMs: number) =>
      writeFileSync(
        tokenFile,
        JSON.stringify({
          accessToken: SSO_TOKEN,
          expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
          region: 'us-east-1',
          startUrl: 'https://corp.awsapps.com/start',
        }),
      );
    return { env, returned, portal, tokenFile, writeToken };
  }

  it('a valid cached SSO token → aws:sso, role credentials from the portal', async () => {
    const { env, returned, portal, writeToken } = await ssoSetUp();
    writeToken(60 * 60_000);
    const credential = await sigv4(env);
    expect(credential.source).toBe('aws:sso');
    expect(credential.credentials.accessKeyId).toBe(returned.AccessKeyId);
    expect(portal.requests[0]).toContain('role_name=Agent');
  });

  it('an expired SSO session: CREDENTIALS_EXPIRED without awsAuthRefresh; with it, the login runs and the retry wins', async () => {
    const { env, returned, tokenFile, writeToken } = await ssoSetUp();
    writeToken(-60_000);
    const error = await createCredentialHelper({ env })
      .bedrock()
      .catch((e: unknown) => e);
    expect(isCredentialHelperError(error) && error.code).toBe('CREDENTIALS_EXPIRED');
    expect(String(error)).toContain('aws sso login');

    // A stand-in for `aws sso login`: writes a fresh token where the CLI would.
    const login = join(scratchDir(), 'sso-login.sh');
    const fresh = JSON.stringify({ accessToken: SSO_TOKEN, expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    writeFileSync(login, `#!/bin/sh\necho "Successfully logged into Start URL"\necho '${fresh}' > '${tokenFile}'\n`, {
      mode: 0o755,
    });
    const output: string[] = [];
    const creds = createCredentialHelper({
      env,
      settings: { awsAuthRefresh: login },
      onRefreshOutput: (chunk) => output.push(chunk),
    });
    const credential = await creds.bedrock();
    expect(credential.source).toBe('aws:sso');
    expect(credential.type === 'sigv4' && credential.credentials.accessKeyId).toBe(returned.AccessKeyId);
    expect(output.join('')).toContain('Successfully logged into Start URL');
  });
});

const hasMoto = spawnSync('python3', ['-c', 'import moto.server']).status === 0;

describe.skipIf(!hasMoto)('web identity (EKS IRSA) against a local moto STS', () => {
  it('AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN → aws:web_identity with moto’s temporary credentials', async () => {
    const moto = await startMoto();
    track(moto);
    const dir = scratchDir();
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6YWdlbnRzIn0.c2lnbmF0dXJl');
    const env = useAwsEnv({
      AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile,
      AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/agent',
      AWS_ROLE_SESSION_NAME: 'credhelper-test',
      AWS_ENDPOINT_URL_STS: moto.url,
      AWS_REGION: 'us-east-1',
    });
    const credential = await sigv4(env);
    expect(credential.source).toBe('aws:web_identity');
    expect(credential.credentials.accessKeyId).toMatch(/^ASIA/);
    expect(credential.credentials.sessionToken).toBeTruthy();
    expect(credential.expiresAt?.getTime()).toBeGreaterThan(Date.now());
  }, 30_000);
});
