import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CLI, cli, cliHome, userSettings } from '../support/cli.js';
import { fixture, runCount, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { externalAccountJson, googleStsServer } from '../support/local-servers.js';

// Claude Code: with an expired AWS login, a process refreshes first, at most once per 30 s.
// credhelper: one `awsAuthRefresh` for all of the user's processes (shared lock, re-check after
// it), then a cooldown during which a failing caller gets the error and the time of the last run.

const { track } = isolateTests();
vi.setConfig({ testTimeout: 90_000 });

function run(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, cwd: env.HOME, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A HOME whose settings run an export that fails until MARKER exists, and `refresh` as awsAuthRefresh. */
function expiredLogin(refresh: string, extraSettings: Record<string, unknown> = {}) {
  const dir = scratchDir();
  const files = { log: join(dir, 'log'), marker: join(dir, 'logged-in'), count: join(dir, 'refresh-count') };
  const { home, env } = cliHome({
    LOG_FILE: files.log,
    MARKER: files.marker,
    REFRESH_COUNT_FILE: files.count,
    AWS_REGION: 'us-east-1',
  });
  userSettings(home, {
    awsCredentialExport: fixture('export-until-marker.sh'),
    awsAuthRefresh: refresh,
    ...extraSettings,
  });
  return { env, files };
}

/** The fixture login, after 2 s (a person in a browser): long enough for all 7 processes to find the login expired. */
function slowLogin(): string {
  const script = join(scratchDir(), 'slow-login.sh');
  writeFileSync(script, `#!/bin/sh\nsleep 2\nexec '${fixture('refresh-creates-marker.sh')}'\n`, { mode: 0o755 });
  return script;
}

/** An awsAuthRefresh that counts its runs and takes a while (a person logging in) without fixing anything. */
function uselessRefresh(): string {
  const script = join(scratchDir(), 'refresh.sh');
  writeFileSync(script, '#!/bin/sh\necho run >> "$REFRESH_COUNT_FILE"\nsleep 0.2\n', { mode: 0o755 });
  return script;
}

describe('an expired AWS login and many agents', () => {
  it('7 CLI processes started at once run awsAuthRefresh exactly once, and all get the credentials', async () => {
    const { env, files } = expiredLogin(slowLogin());
    const results = await Promise.all(Array.from({ length: 7 }, () => run(['aws-credential-process'], env)));
    for (const result of results) {
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ Version: 1, AccessKeyId: expect.any(String) });
    }
    expect(runCount(files.count)).toBe(1);
    // Every process found the login expired (so each would have run it), and then got credentials.
    const log = readFileSync(files.log, 'utf8');
    expect(log.match(/export-fail/g)?.length).toBeGreaterThanOrEqual(7);
  });

  it('within the cooldown a still-failing export does not run the refresh again; the error says when it ran', () => {
    const { env, files } = expiredLogin(uselessRefresh());
    const first = cli(['get', 'bedrock'], { env });
    expect(first.code).not.toBe(0);
    expect(runCount(files.count)).toBe(1);
    const second = cli(['get', 'bedrock'], { env });
    expect(second.code).toBe(first.code);
    expect(runCount(files.count)).toBe(1);
    expect(second.stderr).toMatch(/awsAuthRefresh last ran at \d{4}-\d\d-\d\dT[\d:.]+Z \(\d+ s ago, exit 0\)/);
    expect(second.stderr).toContain('30 s cooldown (refreshCooldownMs)');
  });

  it('refreshCooldownMs: 0 (a settings key) turns the cooldown off: each failing call runs it again', () => {
    const { env, files } = expiredLogin(uselessRefresh(), { refreshCooldownMs: 0 });
    cli(['get', 'bedrock'], { env });
    cli(['get', 'bedrock'], { env });
    expect(runCount(files.count)).toBe(2);
  });
});

describe('an expired Google login and many agents (gcpAuthRefresh)', () => {
  const SUBJECT_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.conformance.test';

  /** A HOME with no ADC and a gcpAuthRefresh (`gcp-login.sh` after 2 s) that installs an external_account ADC. */
  async function expiredGoogleLogin(refresh?: string) {
    const server = track(
      await googleStsServer({ acceptSubjectToken: SUBJECT_TOKEN, accessToken: 'ya29.test-conformance' }),
    );
    const dir = scratchDir();
    const subjectTokenFile = join(dir, 'subject-token');
    writeFileSync(subjectTokenFile, SUBJECT_TOKEN);
    const adcSource = join(dir, 'adc.json');
    writeFileSync(adcSource, externalAccountJson(server.tokenUrl, subjectTokenFile));
    const count = join(dir, 'refresh-count');
    const login = join(dir, 'slow-gcp-login.sh');
    writeFileSync(login, `#!/bin/sh\nsleep 2\nexec '${fixture('gcp-login.sh')}'\n`, { mode: 0o755 });
    const { home, env } = cliHome({
      REFRESH_COUNT_FILE: count,
      ADC_SOURCE: adcSource,
      GOOGLE_CLOUD_PROJECT: 'p',
      CLOUD_ML_REGION: 'us-east5',
    });
    env.ADC_TARGET = join(home, '.config', 'gcloud', 'application_default_credentials.json');
    userSettings(home, { gcpAuthRefresh: refresh ?? login });
    return { env, count };
  }

  it('7 CLI processes started at once run gcpAuthRefresh exactly once, and all get a token', async () => {
    const { env, count } = await expiredGoogleLogin();
    const results = await Promise.all(Array.from({ length: 7 }, () => run(['get', 'vertex'], env)));
    for (const result of results) expect(result).toMatchObject({ code: 0, stdout: 'ya29.test-conformance\n' });
    expect(runCount(count)).toBe(1);
  });

  it('within the cooldown a still-failing ADC does not run gcpAuthRefresh again; the error says when it ran', async () => {
    const { env, count } = await expiredGoogleLogin(uselessRefresh());
    const first = await run(['get', 'vertex'], env);
    expect(first.code).not.toBe(0);
    const second = await run(['get', 'vertex'], env);
    expect(second.code).toBe(first.code);
    expect(runCount(count)).toBe(1);
    expect(second.stderr).toMatch(/gcpAuthRefresh last ran at \S+Z \(\d+ s ago, exit 0\)/);
  });
});
