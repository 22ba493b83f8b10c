import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cli, cliHome, userSettings } from '../support/cli.js';
import { fixture } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

// Issue 16, "Targets configured only by inference": a newcomer's transcript. The developer uses
// only apiKeyHelper; their ~/.aws/config holds SSO profiles for other work.

isolateTests();
vi.setConfig({ testTimeout: 90_000 });
const KEY = 'sk-ant-test-inferred-0001';

const SSO_CONFIG = `[profile other-work]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = Developer
region = eu-west-1

[sso-session corp]
sso_start_url = https://corp.awsapps.invalid/start
sso_region = eu-west-1
`;

function laptop(extra: Record<string, string> = {}) {
  const { home, env } = cliHome({ FAKE_KEY: KEY, ...extra });
  userSettings(home, { apiKeyHelper: fixture('print-key.sh') });
  mkdirSync(join(home, '.aws'), { recursive: true });
  writeFileSync(join(home, '.aws', 'config'), SSO_CONFIG);
  return env;
}

describe('a target only inferred from files lying around', () => {
  it('exec sets what resolves, runs the child, and says once on stderr why bedrock was left out', () => {
    const env = laptop();
    const child =
      'test "$ANTHROPIC_API_KEY" = "$FAKE_KEY" && echo key-set; test -z "$AWS_ACCESS_KEY_ID" && echo no-aws';
    const run = cli(['exec', '--', 'sh', '-c', child], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('key-set\nno-aws\n');
    const notes = run.stderr.trim().split('\n');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^credhelper exec: bedrock not used: found ~\/\.aws\/config, but no usable credentials/);
    expect(notes[0]).toContain('--target bedrock');
    expect(run.stdout + run.stderr).not.toContain(KEY);
  });

  it('status --check exits 0, with bedrock as a note row', () => {
    const env = laptop();
    const check = cli(['status', '--check'], { env });
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/anthropic\s+ok\s+helper:apiKeyHelper/);
    expect(check.stdout).toMatch(/bedrock\s+note\s+-.*found ~\/\.aws\/config.*CLAUDE_CODE_USE_BEDROCK=1/);
    const json = JSON.parse(cli(['status', '--json'], { env }).stdout) as { targets: Array<Record<string, unknown>> };
    expect(json.targets[1]).toMatchObject({
      target: 'bedrock',
      ok: false,
      note: true,
      inferredFrom: '~/.aws/config',
      code: 'CREDENTIALS_NOT_FOUND',
    });
    expect(check.stdout + check.stderr).not.toContain(KEY);
  });

  it('the same machine with CLAUDE_CODE_USE_BEDROCK=1 fails as before, and the error names the way out', () => {
    const env = laptop({ CLAUDE_CODE_USE_BEDROCK: '1' });
    const run = cli(['exec', '--', 'sh', '-c', 'echo child ran'], { env });
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('child ran');
    expect(run.stderr).toContain('no bedrock credentials found');
    expect(run.stderr).toContain('bedrock is resolved because of CLAUDE_CODE_USE_BEDROCK=1');
    expect(run.stderr).toContain('credhelper exec --target anthropic -- …');
    const check = cli(['status', '--check'], { env });
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/bedrock\s+error\s+-.*no bedrock credentials found/);
    expect(run.stderr + check.stdout + check.stderr).not.toContain(KEY);
  });

  it('an explicit --target that fails is an error, without a note', () => {
    const run = cli(['exec', '--target', 'bedrock', '--', 'sh', '-c', 'echo child ran'], { env: laptop() });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('no bedrock credentials found');
    expect(run.stderr).not.toContain('not used');
  });

  it('a Bedrock setting is asking for it: a failing awsCredentialExport stops exec', () => {
    const { home, env } = cliHome({ FAKE_KEY: KEY });
    userSettings(home, { apiKeyHelper: fixture('print-key.sh'), awsCredentialExport: fixture('exit-3.sh') });
    const run = cli(['exec', '--', 'sh', '-c', 'echo child ran'], { env });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('awsCredentialExport exited with code 3');
    expect(run.stderr).toContain('bedrock is resolved because of the awsCredentialExport setting');
    expect(cli(['status', '--check'], { env }).code).toBe(1);
  });

  it('an ADC file lying around is inferred too: vertex is a note when it cannot mint a token', () => {
    const env = laptop();
    const home = env.HOME ?? '';
    mkdirSync(join(home, '.config', 'gcloud'), { recursive: true });
    writeFileSync(join(home, '.config', 'gcloud', 'application_default_credentials.json'), '{"type":"nonsense"}');
    const check = cli(['status', '--check'], { env: { ...env, GOOGLE_CLOUD_PROJECT: 'p' } });
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/vertex\s+note\s+-.*found ~\/\.config\/gcloud\/application_default_credentials\.json/);
  });
});
