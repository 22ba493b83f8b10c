import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CLI, cli, cliHome, userSettings, writeJson } from '../support/cli.js';
import { fixture, runCount, scratchDir, waitFor } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

// The built CLI, run as a subprocess in a temp HOME, for every command and exit code.

isolateTests();
// Each test starts several Node processes; on a loaded 2-core machine that takes a while.
vi.setConfig({ testTimeout: 90_000 });
const KEY = 'sk-ant-test-cli-canary-0001';
const EXPORT_SECRET = 'test-export-secret-0000000000000000000001';

describe('credhelper: usage', () => {
  it('--help, --version, and usage errors exit 64 with the reason on stderr', () => {
    const { env } = cliHome({ ANTHROPIC_API_KEY: KEY });
    const help = cli(['--help'], { env });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('$ credhelper <command> [options]');
    for (const command of ['status', 'get', 'explain', 'aws-credential-process', 'exec', 'trust']) {
      const sub = cli([command, '--help'], { env });
      expect(sub.code).toBe(0);
      expect(sub.stdout).toContain(`$ credhelper ${command}`);
      expect(sub.stdout + sub.stderr).not.toContain(KEY);
    }
    expect(cli(['--version'], { env }).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const unknown = cli(['frobnicate'], { env });
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    const badTarget = cli(['get', 'Not/A/Provider'], { env });
    expect(badTarget.code).toBe(64);
    expect(badTarget.stderr).toContain('expected one of anthropic, bedrock, vertex');
    expect(cli(['status', '--expiring-within', 'soon'], { env }).code).toBe(64);
  });
});

describe('credhelper status', () => {
  it('one row per target, no secret, and --check exits 0 when everything configured is usable', () => {
    const { env } = cliHome({ ANTHROPIC_API_KEY: KEY });
    const human = cli(['status'], { env });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/anthropic\s+ok\s+env:ANTHROPIC_API_KEY\s+apiKey/);
    expect(human.stdout).toMatch(/bedrock\s+-.*not configured/);
    const json = JSON.parse(cli(['status', '--json'], { env }).stdout) as { targets: Array<Record<string, unknown>> };
    expect(json.targets.map((t) => [t.target, t.configured, t.ok])).toEqual([
      ['anthropic', true, true],
      ['bedrock', false, false],
      ['vertex', false, false],
    ]);
    expect(cli(['status', '--check'], { env }).code).toBe(0);
    expect(human.stdout + human.stderr).not.toContain(KEY);
  });

  it('--check: 1 when nothing is configured or a configured target fails; renewed one-hour keys are never 2', () => {
    expect(cli(['status', '--check'], { env: cliHome().env }).code).toBe(1);

    const { home, env } = cliHome({ ANTHROPIC_API_KEY: KEY, EXPIRES_IN_S: '3600' });
    userSettings(home, { awsCredentialExport: fixture('print-sts-json.sh') });
    // credhelper re-mints one-hour STS keys by itself: nobody must act, whatever --expiring-within says.
    expect(cli(['status', '--check', '--expiring-within', '2h'], { env }).code).toBe(0);
    const fine = cli(['status', '--check', '--expiring-within', '30m'], { env });
    expect(fine.code).toBe(0);
    expect(fine.stdout).toMatch(/bedrock\s+ok\s+helper:awsCredentialExport\s+sigv4\s+\d{4}-/);
    expect(fine.stdout).not.toContain(EXPORT_SECRET);

    userSettings(home, { awsCredentialExport: fixture('exit-3.sh') });
    const failing = cli(['status', '--check'], { env });
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/bedrock\s+error.*awsCredentialExport exited with code 3/);
  });

  it('never runs a refresh command unless --refresh is given', () => {
    const dir = scratchDir();
    const { home, env } = cliHome({ LOG_FILE: join(dir, 'log'), MARKER: join(dir, 'logged-in') });
    userSettings(home, {
      awsCredentialExport: fixture('export-until-marker.sh'),
      awsAuthRefresh: fixture('refresh-creates-marker.sh'),
    });
    const plain = cli(['status', '--check'], { env });
    expect(plain.code).toBe(1);
    expect(existsSync(join(dir, 'logged-in'))).toBe(false);
    const refreshed = cli(['status', '--check', '--refresh', '--expiring-within', '5m'], { env });
    expect(refreshed.code).toBe(0);
    expect(refreshed.stderr).toContain('Attempting to open your browser'); // refresh output: stderr, not stdout
    expect(refreshed.stdout).not.toContain('Attempting to open your browser');
  });
});

describe('credhelper get / explain', () => {
  it('get prints the credential for scripts; --json adds type, source and expiry', () => {
    const { home, env } = cliHome({ ANTHROPIC_API_KEY: KEY });
    userSettings(home, { awsCredentialExport: fixture('print-sts-json.sh') });
    expect(cli(['get', 'anthropic'], { env }).stdout).toBe(`${KEY}\n`);
    const bedrock = cli(['get', 'bedrock'], { env });
    expect(bedrock.stdout).toContain(`export AWS_SECRET_ACCESS_KEY='${EXPORT_SECRET}'\n`);
    expect(bedrock.stdout).toContain("export AWS_REGION='us-east-1'\n");
    const json = JSON.parse(cli(['get', 'bedrock', '--json'], { env }).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ target: 'bedrock', type: 'sigv4', source: 'helper:awsCredentialExport' });
    expect(typeof json.expiresAt).toBe('string');
  });

  it('get of a missing credential exits 1 with the reason on stderr and nothing on stdout', () => {
    const result = cli(['get', 'anthropic'], { env: cliHome().env });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('no anthropic credentials found');
  });

  it('explain shows the trace with fingerprints, never the secret', () => {
    const { home, env } = cliHome({ ANTHROPIC_API_KEY: KEY, ANTHROPIC_AUTH_TOKEN: 'sk-ant-test-cli-canary-0002' });
    userSettings(home, { apiKeyHelper: `echo ${KEY}-helper` });
    const human = cli(['explain', 'anthropic'], { env });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('anthropic: env:ANTHROPIC_AUTH_TOKEN wins');
    expect(human.stdout).toMatch(/env:ANTHROPIC_API_KEY\s+shadowed\s+sha256:[0-9a-f]{12}/);
    expect(human.stdout + human.stderr).not.toContain('sk-ant-test-cli-canary');
    const json = cli(['explain', 'anthropic', '--json'], { env });
    expect(JSON.parse(json.stdout).winner).toBe('env:ANTHROPIC_AUTH_TOKEN');
    expect(json.stdout).not.toContain('sk-ant-test-cli-canary');
  });
});

describe('settings files', () => {
  it('an invalid settings file exits 78 naming the file and the field', () => {
    const { home, env } = cliHome({ ANTHROPIC_API_KEY: KEY });
    const file = userSettings(home, { apiKeyHelper: '  ', env: { X: 1 } });
    const result = cli(['status'], { env });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain(file);
    expect(result.stderr).toContain('apiKeyHelper');
    expect(result.stderr).toContain('env.X');
    writeFileSync(file, 'sk-ant-test-settings-canary');
    const notJson = cli(['status'], { env });
    expect(notJson.stderr).toContain('is not valid JSON');
    expect(notJson.stderr).not.toContain('sk-ant-test-settings-canary');
    // A byte-order mark (as some Windows editors save) is not a syntax error.
    writeFileSync(file, `\uFEFF${JSON.stringify({ env: { AWS_REGION: 'eu-west-1' } })}`);
    expect(cli(['status'], { env }).code).toBe(0);
  });

  it('--claude (or "claude": true) also reads Claude Code\'s settings; the settings env applies', () => {
    const { home, env } = cliHome();
    writeJson(join(home, '.claude', 'settings.json'), { apiKeyHelper: `echo ${KEY}`, model: 'opus', permissions: {} });
    expect(cli(['get', 'anthropic'], { env }).code).toBe(1);
    expect(cli(['--claude', 'get', 'anthropic'], { env }).stdout).toBe(`${KEY}\n`);
    userSettings(home, { claude: true, env: { CLAUDE_CODE_API_KEY_HELPER_TTL_MS: '1000' } });
    expect(cli(['get', 'anthropic', '--json'], { env }).stdout).toContain('helper:apiKeyHelper');
    const explicit = writeJson(join(scratchDir(), 'team.json'), {
      apiKeyHelper: 'echo sk-ant-test-from-explicit-file',
    });
    expect(cli(['--settings', explicit, 'get', 'anthropic'], { env }).stdout).toBe('sk-ant-test-from-explicit-file\n');
    expect(cli(['--settings', join(home, 'missing.json'), 'status'], { env }).code).toBe(78);
  });
});

describe('credhelper trust', () => {
  it('an untrusted project helper is refused; after `trust` it runs; after the file changes it is refused again', () => {
    const { home, env } = cliHome();
    const project = join(scratchDir(), 'repo');
    const count = join(project, 'count');
    const settings = writeJson(join(project, '.credhelper', 'settings.json'), {
      apiKeyHelper: `echo run >> ${count}; echo ${KEY}`,
    });
    const sub = join(project, 'src');
    writeJson(join(sub, 'x.json'), {});
    const refused = cli(['get', 'anthropic'], { env, cwd: sub });
    expect(refused.code).toBe(78);
    expect(refused.stderr).toContain('credhelper trust');
    expect(refused.stderr).toContain(settings);
    expect(existsSync(count)).toBe(false);

    const trusted = cli(['trust', '--yes'], { env, cwd: sub });
    expect(trusted.code).toBe(0);
    // Shown exactly as written (issue 15 §4): redacting secret shapes could hide a `$(…)` in it.
    expect(trusted.stdout).toContain(`apiKeyHelper = echo run >> ${count}; echo ${KEY}`);
    expect(cli(['get', 'anthropic'], { env, cwd: sub }).stdout).toBe(`${KEY}\n`);
    expect(runCount(count)).toBe(1);
    const trustFile = join(home, '.local', 'share', 'credhelper', 'trust.json');
    expect(statSync(trustFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, '.local', 'share', 'credhelper')).mode & 0o777).toBe(0o700);

    writeJson(settings, { apiKeyHelper: `echo run >> ${count}; echo ${KEY}-changed` });
    expect(cli(['get', 'anthropic'], { env, cwd: sub }).code).toBe(78);
    expect(runCount(count)).toBe(1);

    expect(cli(['trust', '--yes'], { env, cwd: sub }).code).toBe(0);
    expect(cli(['trust', '--revoke'], { env, cwd: sub }).stdout).toContain('no longer trusted');
    expect(cli(['get', 'anthropic'], { env, cwd: sub }).code).toBe(78);
  });

  it("a project file's env variables need trust too, and trust never prints their values", () => {
    const { env } = cliHome({ ANTHROPIC_API_KEY: KEY });
    const project = join(scratchDir(), 'repo');
    writeJson(join(project, '.credhelper', 'settings.json'), {
      env: { AWS_CONFIG_FILE: join(project, 'evil-config'), ANTHROPIC_AUTH_TOKEN: 'sk-ant-test-project-canary' },
    });
    const refused = cli(['get', 'anthropic'], { env, cwd: project });
    expect(refused.code).toBe(78);
    expect(refused.stderr).toContain('env.AWS_CONFIG_FILE');
    const trusted = cli(['trust', '--yes'], { env, cwd: project });
    expect(trusted.stdout).toContain('env.ANTHROPIC_AUTH_TOKEN (value not shown)');
    expect(trusted.stdout + trusted.stderr).not.toContain('sk-ant-test-project-canary');
    expect(cli(['get', 'anthropic'], { env, cwd: project }).stdout).toBe('sk-ant-test-project-canary\n');
  });

  it('a corrupt trust file is reported and left as it is', () => {
    const { home, env } = cliHome();
    const project = join(scratchDir(), 'repo');
    writeJson(join(project, '.credhelper', 'settings.json'), { apiKeyHelper: `echo ${KEY}` });
    const trustFile = join(home, '.local', 'share', 'credhelper', 'trust.json');
    writeJson(trustFile, {});
    writeFileSync(trustFile, '{"version": 1, "projects": ');
    const result = cli(['trust', '--yes'], { env, cwd: project });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is corrupt');
    expect(readFileSync(trustFile, 'utf8')).toBe('{"version": 1, "projects": ');
  });
});

describe('credhelper exec', () => {
  it('puts the credentials in the child environment only, and forwards its exit code and signal', () => {
    const { home, env } = cliHome({ ANTHROPIC_API_KEY: KEY, AWS_PROFILE: 'stale' });
    userSettings(home, { awsCredentialExport: fixture('print-sts-json.sh') });
    const printed = cli(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion for sh -c, not a template
      ['exec', '--', 'sh', '-c', 'echo "$ANTHROPIC_API_KEY|$AWS_ACCESS_KEY_ID|$AWS_REGION|${AWS_PROFILE-unset}"'],
      { env },
    );
    expect(printed.code).toBe(0);
    expect(printed.stdout).toBe(`${KEY}|ASIATESTEXPORT000001|us-east-1|unset\n`);
    expect(cli(['exec', '--', 'sh', '-c', 'exit 7'], { env }).code).toBe(7);
    expect(cli(['exec', '--', 'sh', '-c', 'kill -TERM $$'], { env }).code).toBe(143);
    expect(cli(['exec', '--', 'definitely-not-a-command'], { env }).code).toBe(127);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion for sh -c, not a template
    const onlyAnthropic = cli(['exec', '--target', 'anthropic', '--', 'sh', '-c', 'echo "${AWS_ACCESS_KEY_ID-none}"'], {
      env,
    });
    expect(onlyAnthropic.stdout).toBe('none\n');
  });
});

describe('credhelper exec: signals', () => {
  it('forwards SIGTERM to the child and exits with the code the child chose', async () => {
    const { env } = cliHome({ ANTHROPIC_API_KEY: KEY });
    const child = spawn(
      process.execPath,
      [
        CLI,
        'exec',
        '--',
        'sh',
        '-c',
        'trap "echo got-term; exit 5" TERM; echo ready; i=0; while [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done',
      ],
      { env, cwd: env.HOME, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    expect(await waitFor(() => stdout.includes('ready'), 10_000)).toBe(true);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stdout).toContain('got-term');
    expect(code).toBe(5);
  });
});

describe('secret canaries in error output', () => {
  it('a failing helper that printed a key: neither stdout nor stderr of credhelper shows it', () => {
    const { home, env } = cliHome();
    userSettings(home, { apiKeyHelper: `echo ${KEY}; echo "${KEY} on stderr" >&2; exit 3` });
    for (const args of [
      ['get', 'anthropic'],
      ['status', '--check'],
      ['explain', 'anthropic'],
      ['exec', '--', 'true'],
    ]) {
      const result = cli(args, { env });
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.stdout + result.stderr, args.join(' ')).not.toContain(KEY);
    }
  });
});

describe('credhelper aws-credential-process', () => {
  it('prints credential_process JSON (Version 1) from awsCredentialExport, refresh output on stderr only', () => {
    const { home, env } = cliHome();
    userSettings(home, { awsCredentialExport: fixture('print-sts-json.sh') });
    const result = cli(['aws-credential-process'], { env });
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ Version: 1, AccessKeyId: 'ASIATESTEXPORT000001', SecretAccessKey: EXPORT_SECRET });
    expect(typeof json.Expiration).toBe('string');
  });

  it('--profile resolves through that AWS profile', () => {
    const { home, env } = cliHome();
    writeFileSync(
      join(home, 'aws-credentials'),
      '[agents]\naws_access_key_id = AKIATESTPROFILECLI01\naws_secret_access_key = test-profile-cli-secret-000000000001\n',
    );
    const result = cli(['aws-credential-process', '--profile', 'agents'], {
      env: { ...env, AWS_SHARED_CREDENTIALS_FILE: join(home, 'aws-credentials'), AWS_CONFIG_FILE: join(home, 'none') },
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ Version: 1, AccessKeyId: 'AKIATESTPROFILECLI01' });
  });

  it('refuses to call itself through the profile it reads', () => {
    const { home, env } = cliHome({ AWS_PROFILE: 'loop' });
    writeFileSync(
      join(home, 'config'),
      `[profile loop]\ncredential_process = ${process.execPath} ${join(process.cwd(), 'dist/cli/bin.js')} aws-credential-process\n`,
    );
    const result = cli(['aws-credential-process'], { env: { ...env, AWS_CONFIG_FILE: join(home, 'config') } });
    // The inner run refuses at once, and the outer one says why: no endless recursion.
    expect(result.code).toBe(78);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('the credential_process of AWS profile `loop` runs credhelper itself');
  });
});
