import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliAsync, cliHome, userSettings } from '../support/cli.js';
import { fixture, runCount, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { ssoPortalServer } from '../support/local-servers.js';

// `humanActionBy`: when a person must next act. `status --check` counts that deadline, never the
// short expiry of a credential credhelper renews; `exec --min-validity` asks for the login now.

const { track } = isolateTests();
const HOUR = 3_600_000;
const SSO_TOKEN = 'test-sso-access-token-human-0001';
const START_URL = 'https://corp.awsapps.com/start';
const ROLE = {
  AccessKeyId: 'ASIATESTSSOHUMAN0001',
  SecretAccessKey: 'test-sso-human-secret-000000000000000001',
  Token: 'test-sso-human-session-token',
  Expiration: new Date(Date.now() + HOUR).toISOString(),
};

type SsoFormat = 'legacy' | 'sso-session';

/** A HOME with an SSO profile `dev` as `aws sso login` leaves it, and a local SSO portal. */
async function ssoHome(format: SsoFormat, cache: Record<string, unknown>, extra: Record<string, string> = {}) {
  const portal = track(await ssoPortalServer(SSO_TOKEN, ROLE));
  const dir = scratchDir();
  const { home, env } = cliHome({
    AWS_PROFILE: 'dev',
    AWS_ENDPOINT_URL_SSO: portal.url,
    AWS_CONFIG_FILE: join(dir, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'aws-credentials'),
    CLAUDE_CODE_USE_BEDROCK: '1',
    AWS_REGION: 'us-east-1',
    REFRESH_COUNT_FILE: join(dir, 'refreshes'),
    ...extra,
  });
  const profile = 'sso_account_id = 123456789012\nsso_role_name = Agent\nregion = us-east-1\n';
  writeFileSync(
    env.AWS_CONFIG_FILE as string,
    format === 'legacy'
      ? `[profile dev]\nsso_start_url = ${START_URL}\nsso_region = us-east-1\n${profile}`
      : `[profile dev]\nsso_session = corp\n${profile}[sso-session corp]\nsso_start_url = ${START_URL}\nsso_region = us-east-1\n`,
  );
  const cacheDir = join(home, '.aws', 'sso', 'cache');
  mkdirSync(cacheDir, { recursive: true });
  const id = format === 'legacy' ? START_URL : 'corp';
  const cacheFile = join(cacheDir, `${createHash('sha1').update(id).digest('hex')}.json`);
  writeFileSync(
    cacheFile,
    JSON.stringify({ accessToken: SSO_TOKEN, region: 'us-east-1', startUrl: START_URL, ...cache }),
  );
  return { home, env, cacheFile, refreshes: env.REFRESH_COUNT_FILE as string };
}

const at = (ms: number): string => new Date(Date.now() + ms).toISOString();
/** The AWS CLI v2 writes `2026-12-01T10:00:00UTC`; SDKs and v1 write ISO 8601 with `Z`. */
const awsCliDate = (ms: number): string => at(ms).replace(/\.\d+Z$/, 'UTC');

async function status(env: Record<string, string>, ...args: string[]) {
  const result = await cliAsync(['status', '--check', ...args], { env });
  const json = await cliAsync(['status', '--json', ...args], { env });
  const data = JSON.parse(json.stdout) as { targets: Array<Record<string, unknown>> };
  return { ...result, bedrock: data.targets.find((row) => row.target === 'bedrock') ?? {} };
}

describe('status --check counts the deadline of a person, not a credential that renews itself', () => {
  it('one-hour STS keys from awsCredentialExport: 0 with the default --expiring-within 24h, no humanActionBy', async () => {
    const { home, env } = cliHome({ EXPIRES_IN_S: '3600' });
    userSettings(home, { awsCredentialExport: fixture('print-sts-json.sh') });
    const result = await status(env);
    expect(result.code).toBe(0);
    expect(result.bedrock).toMatchObject({ ok: true, source: 'helper:awsCredentialExport' });
    expect(result.bedrock.expiresAt).toBeDefined();
    expect(result.bedrock.humanActionBy).toBeUndefined();
  });

  it('a stored OAuth token whose access token expires in 1 h (renewed with its refresh token): 0', async () => {
    const { home, env } = cliHome({ ANTHROPIC_API_KEY: 'sk-ant-test-env-0001' });
    const file = join(home, '.local', 'share', 'credhelper', 'auth.json');
    mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
    const entry = { type: 'oauth', access: 'test-access-human-0001', refresh: 'test-refresh-human-0001' };
    writeFileSync(file, JSON.stringify({ openrouter: { ...entry, expires: Date.now() + HOUR } }), { mode: 0o600 });
    const result = await cliAsync(['status', '--check'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).not.toContain('test-access-human');
  });

  it('a pasted Bedrock API key with a known expiry: that is the deadline (2 inside, 0 outside)', async () => {
    const { env } = cliHome({ AWS_REGION: 'us-east-1' });
    const pasted = await cliAsync(['paste-token', '--provider', 'amazon-bedrock', '--expires-in', '5h', '--stdin'], {
      env,
      input: 'bedrock-api-key-dGVzdC1odW1hbi1hY3Rpb24tMDAwMQ==',
    });
    expect(pasted.code).toBe(0);
    const inside = await status(env);
    expect(inside.code).toBe(2);
    expect(inside.stdout).toMatch(/bedrock\s+expiring\s+store:amazon-bedrock.*login needed in 5 h/);
    expect(inside.bedrock.humanActionBy).toBe(inside.bedrock.expiresAt);
    expect((await status(env, '--expiring-within', '1h')).code).toBe(0);
  });

  it.each([
    ['legacy', { expiresAt: at(5 * HOUR) }],
    ['legacy (AWS CLI v2 date)', { expiresAt: awsCliDate(5 * HOUR) }],
    [
      'sso-session',
      { expiresAt: at(HOUR), registrationExpiresAt: at(5 * HOUR), refreshToken: 'test-sso-refresh-0001' },
    ],
  ] as const)(
    "an SSO profile (%s): the end of the login is the deadline, the access token's hour is not",
    async (name, cache) => {
      const { env } = await ssoHome(name.startsWith('legacy') ? 'legacy' : 'sso-session', cache);
      const inside = await status(env);
      expect(inside.code).toBe(2);
      expect(inside.stdout).toMatch(/bedrock\s+expiring\s+aws:sso.*login needed in 5 h/);
      expect(Date.parse(String(inside.bedrock.humanActionBy)) - Date.now()).toBeGreaterThan(4.9 * HOUR);
      expect(Date.parse(String(inside.bedrock.humanActionBy)) - Date.now()).toBeLessThan(5.1 * HOUR);
      const outside = await status(env, '--expiring-within', '2h');
      expect(outside.code).toBe(0);
      expect(outside.stdout).toMatch(/bedrock\s+ok\s+aws:sso.*login needed in 5 h/);
      expect(outside.stdout + outside.stderr).not.toContain('test-sso-human-secret');
    },
  );

  it('an sso-session whose access token expired and cannot be refreshed: a person must act now (1)', async () => {
    const { env } = await ssoHome('sso-session', { expiresAt: at(-HOUR), registrationExpiresAt: at(30 * 24 * HOUR) });
    const result = await status(env);
    expect(result.code).toBe(1);
    expect(result.bedrock.ok).toBe(false);
  });
});

describe('exec --min-validity', () => {
  const childProgram = (file: string) => ['sh', '-c', `printf '%s' "$AWS_ACCESS_KEY_ID" > ${file}`];

  it('deadline inside: the refresh command runs once before the child, then the child runs', async () => {
    const dir = scratchDir();
    const h = await ssoHome('legacy', { expiresAt: at(5 * HOUR) });
    const fresh = JSON.stringify({
      accessToken: SSO_TOKEN,
      region: 'us-east-1',
      startUrl: START_URL,
      expiresAt: at(12 * HOUR),
    });
    Object.assign(h.env, { FRESH_JSON: fresh, TARGET_FILE: h.cacheFile });
    userSettings(h.home, { awsAuthRefresh: fixture('refresh-writes-file.sh') });
    const ran = join(dir, 'child');
    const result = await cliAsync(['exec', '--min-validity', '8h', '--target', 'bedrock', '--', ...childProgram(ran)], {
      env: h.env,
    });
    expect(result.code).toBe(0);
    expect(runCount(h.refreshes)).toBe(1);
    // Its prompt reached the person (stderr here: no terminal), before the child ran.
    expect(result.stderr).toContain('user_code=TEST-CODE');
    expect(readFileSync(ran, 'utf8')).toBe(ROLE.AccessKeyId);
  });

  it('deadline inside and no refresh command: exit 1 naming the deadline, the child never starts', async () => {
    const dir = scratchDir();
    const deadline = at(5 * HOUR);
    const h = await ssoHome('legacy', { expiresAt: deadline });
    const ran = join(dir, 'child');
    const result = await cliAsync(['exec', '--min-validity', '8h', '--target', 'bedrock', '--', ...childProgram(ran)], {
      env: h.env,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`a person must log in again by ${deadline.slice(0, 16)}`);
    expect(result.stderr).toContain('within the 8 h asked for');
    expect(result.stderr).toContain('awsAuthRefresh');
    expect(existsSync(ran)).toBe(false);
    expect(result.stdout + result.stderr).not.toMatch(/test-sso-human|ASIATESTSSOHUMAN/);
  });

  it('deadline outside: no refresh, the child runs', async () => {
    const dir = scratchDir();
    const h = await ssoHome('legacy', { expiresAt: at(5 * HOUR) });
    userSettings(h.home, { awsAuthRefresh: fixture('refresh-writes-file.sh') });
    const ran = join(dir, 'child');
    const result = await cliAsync(['exec', '--min-validity', '1h', '--target', 'bedrock', '--', ...childProgram(ran)], {
      env: h.env,
    });
    expect(result.code).toBe(0);
    expect(runCount(h.refreshes)).toBe(0);
    expect(readFileSync(ran, 'utf8')).toBe(ROLE.AccessKeyId);
  });

  it('a bad duration is a usage error (64)', async () => {
    const { env } = cliHome();
    const result = await cliAsync(['exec', '--min-validity', '8', '--', 'true'], { env });
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('--min-validity');
  });
});
