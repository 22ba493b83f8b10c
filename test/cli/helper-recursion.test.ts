// credhelper never calls itself in a loop: a helper or a profile's credential_process that runs
// credhelper meets a nested credhelper that refuses at once (HELPER_RECURSION, exit 78), and the
// top-level call says which setting loops and how to break it. `exec`'s child is not a helper.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, cli, cliHome, userSettings } from '../support/cli.js';
import { scratchDir, waitFor } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { processesWith } from '../support/processes.js';

isolateTests();

/** Exit code of a configuration problem (README table), which a loop is. */
const CONFIG = 78;
/** The bound: refused in under 2 s (the nested credhelper starts and stops at once). */
const FAST_MS = 2_000;
/** The built CLI as a shell command, as a user would write it in a setting. */
const CREDHELPER = `'${process.execPath}' '${CLI}'`;
const KEY = 'sk-ant-test-recursion-0001';

/** A temp HOME with an AWS config file whose profile `p` runs `credhelper aws-credential-process`. */
function loopingProfile(extra: Record<string, string> = {}) {
  const token = `LOOP_${randomBytes(6).toString('hex')}`;
  const { home, env } = cliHome({ FAULT_TOKEN: token, AWS_REGION: 'us-east-1', ...extra });
  const config = join(home, 'aws-config');
  writeFileSync(config, `[profile p]\ncredential_process = ${CREDHELPER} aws-credential-process\n`);
  const awsEnv = { ...env, AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(scratchDir(), 'none') };
  return { home, env: awsEnv, token };
}

function timed(args: string[], options: { env: Record<string, string> }) {
  const started = performance.now();
  // A loop that is not refused runs until this timeout (the old behaviour waited 30 s on a lock).
  const result = cli(args, { ...options, timeoutMs: 15_000 });
  return { ...result, ms: performance.now() - started };
}

async function expectNoProcessLeft(token: string): Promise<void> {
  expect(await waitFor(() => processesWith(token).length === 0, 3_000), 'no process left').toBe(true);
}

describe('a profile whose credential_process is credhelper itself', () => {
  it('`aws-credential-process --profile p` fails at once, naming the profile and the way out', async () => {
    const { env, token } = loopingProfile();
    const result = timed(['aws-credential-process', '--profile', 'p'], { env });
    expect(result.code).toBe(CONFIG);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('the credential_process of AWS profile `p` runs credhelper itself');
    expect(result.stderr).toContain('HELPER_RECURSION');
    expect(result.stderr).toContain("point the profile's credential_process at the real source");
    expect(result.ms).toBeLessThan(FAST_MS);
    await expectNoProcessLeft(token);
  });

  it('`get bedrock` with AWS_PROFILE=p fails at once too (it used to wait 30 s on its own lock)', async () => {
    const { env, token } = loopingProfile({ AWS_PROFILE: 'p' });
    const result = timed(['get', 'bedrock'], { env });
    expect(result.code).toBe(CONFIG);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('the credential_process of AWS profile `p` runs credhelper itself');
    expect(result.ms).toBeLessThan(FAST_MS);
    await expectNoProcessLeft(token);
  });
});

describe('a helper setting that runs credhelper itself', () => {
  it('apiKeyHelper = `credhelper get anthropic`: `get anthropic` fails at once, naming apiKeyHelper', async () => {
    const token = `LOOP_${randomBytes(6).toString('hex')}`;
    const { home, env } = cliHome({ FAULT_TOKEN: token });
    userSettings(home, { apiKeyHelper: `${CREDHELPER} get anthropic` });
    const result = timed(['get', 'anthropic'], { env });
    expect(result.code).toBe(CONFIG);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('apiKeyHelper runs credhelper itself');
    expect(result.stderr).toContain('remove the apiKeyHelper setting');
    expect(result.ms).toBeLessThan(FAST_MS);
    await expectNoProcessLeft(token);
  });

  it('awsCredentialExport = `credhelper aws-credential-process`: `get bedrock` fails at once, naming it', async () => {
    const token = `LOOP_${randomBytes(6).toString('hex')}`;
    const { home, env } = cliHome({ FAULT_TOKEN: token, AWS_REGION: 'us-east-1' });
    userSettings(home, { awsCredentialExport: `${CREDHELPER} aws-credential-process` });
    const result = timed(['get', 'bedrock'], { env });
    expect(result.code).toBe(CONFIG);
    expect(result.stderr).toContain('awsCredentialExport runs credhelper itself');
    expect(result.ms).toBeLessThan(FAST_MS);
    await expectNoProcessLeft(token);
  });
});

describe('a credhelper started by another credhelper', () => {
  it('refuses every command that resolves credentials; --help, --version and the store commands work', () => {
    const { env } = cliHome({ CREDHELPER_NESTED: '4242', ANTHROPIC_API_KEY: KEY });
    for (const args of [
      ['get', 'anthropic'],
      ['status'],
      ['explain', 'anthropic'],
      ['exec', '--', 'true'],
      ['aws-credential-process'],
    ]) {
      const result = cli(args, { env });
      expect(result.code, args.join(' ')).toBe(CONFIG);
      expect(result.stdout, args.join(' ')).toBe('');
      expect(result.stderr, args.join(' ')).toContain('credhelper was started by another credhelper (pid 4242');
      expect(result.stderr, args.join(' ')).not.toContain(KEY);
    }
    expect(cli(['--version'], { env }).code).toBe(0);
    expect(cli(['get', '--help'], { env }).code).toBe(0);
    expect(cli(['list'], { env }).code).toBe(0);
  });

  it('every helper is started with CREDHELPER_NESTED set to the pid of the credhelper that started it', () => {
    const { home, env } = cliHome();
    userSettings(home, { apiKeyHelper: 'printf "sk-ant-test-nested-%s" "$CREDHELPER_NESTED"' });
    const result = cli(['get', 'anthropic', '--json'], { env });
    expect(result.code).toBe(0);
    const { value } = JSON.parse(result.stdout) as { value: string };
    expect(value).toMatch(/^sk-ant-test-nested-\d+$/);
  });
});

describe('`credhelper exec`: the child is the user program, not a helper', () => {
  it("the child's own `credhelper get anthropic` works (Claude Code's apiKeyHelper under exec)", () => {
    const { env } = cliHome({ ANTHROPIC_API_KEY: KEY });
    const result = cli(
      [
        'exec',
        '--target',
        'anthropic',
        '--',
        'sh',
        '-c',
        `printf '%s|' "\${CREDHELPER_NESTED-unset}"; ${CREDHELPER} get anthropic`,
      ],
      { env },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`unset|${KEY}\n`);
  });
});
