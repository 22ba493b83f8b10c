// The refresh that `exec --min-validity` (ensureValidFor) runs goes through the refresh
// coordinator like every other refresh: one run for all of the user's processes (shared lock, the
// deadline checked again after another process's run), then a cooldown. It used to run
// `awsAuthRefresh` directly: N agents started at once opened N browser logins.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cliAsync, cliHome, userSettings } from '../support/cli.js';
import { fixture, runCount, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { ssoPortalServer } from '../support/local-servers.js';

const { track } = isolateTests();
vi.setConfig({ testTimeout: 90_000 });
const HOUR = 3_600_000;
const SSO_TOKEN = 'test-sso-access-token-coord-0001';
const START_URL = 'https://corp.awsapps.com/start';
const ROLE = {
  AccessKeyId: 'ASIATESTSSOCOORD0001',
  SecretAccessKey: 'test-sso-coord-secret-000000000000000001',
  Token: 'test-sso-coord-session-token',
  Expiration: new Date(Date.now() + HOUR).toISOString(),
};
const at = (ms: number): string => new Date(Date.now() + ms).toISOString();

/** A HOME with a legacy SSO profile whose login ends in 5 h, a local portal, and `refresh` as awsAuthRefresh. */
async function ssoHome(refresh: string) {
  const portal = track(await ssoPortalServer(SSO_TOKEN, ROLE));
  const dir = scratchDir();
  const { home, env } = cliHome({
    AWS_PROFILE: 'dev',
    AWS_ENDPOINT_URL_SSO: portal.url,
    AWS_CONFIG_FILE: join(dir, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'aws-credentials'),
    AWS_REGION: 'us-east-1',
    REFRESH_COUNT_FILE: join(dir, 'refreshes'),
  });
  writeFileSync(
    env.AWS_CONFIG_FILE as string,
    `[profile dev]\nsso_start_url = ${START_URL}\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = Agent\nregion = us-east-1\n`,
  );
  const cacheDir = join(home, '.aws', 'sso', 'cache');
  mkdirSync(cacheDir, { recursive: true });
  const cacheFile = join(cacheDir, `${createHash('sha1').update(START_URL).digest('hex')}.json`);
  const token = (expiresAt: string) =>
    JSON.stringify({ accessToken: SSO_TOKEN, region: 'us-east-1', startUrl: START_URL, expiresAt });
  writeFileSync(cacheFile, token(at(5 * HOUR)));
  Object.assign(env, { FRESH_JSON: token(at(12 * HOUR)), TARGET_FILE: cacheFile });
  userSettings(home, { awsAuthRefresh: refresh });
  return { env, dir, refreshes: env.REFRESH_COUNT_FILE as string };
}

/** `refresh-writes-file.sh` after 1.5 s (a person in a browser): all processes find the deadline inside first. */
function slowLogin(): string {
  const script = join(scratchDir(), 'slow-login.sh');
  writeFileSync(script, `#!/bin/sh\nsleep 1.5\nexec '${fixture('refresh-writes-file.sh')}'\n`, { mode: 0o755 });
  return script;
}

/** An awsAuthRefresh that counts its runs and renews nothing. */
function uselessLogin(): string {
  const script = join(scratchDir(), 'useless-login.sh');
  writeFileSync(script, '#!/bin/sh\necho run >> "$REFRESH_COUNT_FILE"\n', { mode: 0o755 });
  return script;
}

const execArgs = (ran: string) => [
  'exec',
  '--min-validity',
  '8h',
  '--target',
  'bedrock',
  '--',
  'sh',
  '-c',
  `printf '%s' "$AWS_ACCESS_KEY_ID" > ${ran}`,
];

describe('exec --min-validity and the refresh coordinator', () => {
  it('5 processes started at once, login ending inside the 8 h: awsAuthRefresh runs once, every child runs', async () => {
    const h = await ssoHome(slowLogin());
    const ran = Array.from({ length: 5 }, (_, i) => join(h.dir, `child-${i}`));
    const results = await Promise.all(ran.map((file) => cliAsync(execArgs(file), { env: h.env })));
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    expect(runCount(h.refreshes)).toBe(1);
    for (const file of ran) expect(readFileSync(file, 'utf8')).toBe(ROLE.AccessKeyId);
  });

  it('a login that renewed nothing is not run again by the next process within the cooldown', async () => {
    const h = await ssoHome(uselessLogin());
    const first = await cliAsync(execArgs(join(h.dir, 'a')), { env: h.env });
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('still so after `awsAuthRefresh` ran');
    const second = await cliAsync(execArgs(join(h.dir, 'b')), { env: h.env });
    expect(second.code).toBe(1);
    expect(runCount(h.refreshes)).toBe(1);
    expect(second.stderr).toContain('within the 8 h asked for');
    expect(second.stderr).toMatch(/awsAuthRefresh last ran at .* cooldown \(refreshCooldownMs\)/);
    expect(first.stderr + second.stderr).not.toMatch(/test-sso-coord|ASIATESTSSOCOORD/);
  });
});
