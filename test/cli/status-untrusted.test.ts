import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cli, cliHome, userSettings, writeJson } from '../support/cli.js';
import { fixture, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

// Issue 16, "status in an untrusted project": the table is still shown, the untrusted source is an
// error row that says to run `credhelper trust`, and --check exits 1 (a person must act).

isolateTests();
vi.setConfig({ testTimeout: 90_000 });
const PROJECT_KEY = 'sk-ant-test-untrusted-project-0001';
const OWN_KEY = 'sk-ant-test-untrusted-own-0001';

function clonedRepo(settings: Record<string, unknown>) {
  const { home, env } = cliHome({ FAKE_KEY: OWN_KEY, EXPIRES_IN_S: '172800' });
  const project = join(scratchDir(), 'repo');
  writeJson(join(project, '.credhelper', 'settings.json'), settings);
  mkdirSync(join(project, 'bin'), { recursive: true });
  writeFileSync(join(project, 'bin', 'key'), `#!/bin/sh\necho ${PROJECT_KEY}\n`);
  chmodSync(join(project, 'bin', 'key'), 0o755);
  return { home, env, project };
}

describe('status in a project that is not trusted', () => {
  it('shows the table, with the project helper as an error row naming `credhelper trust`', () => {
    const { home, env, project } = clonedRepo({ apiKeyHelper: './bin/key' });
    userSettings(home, { awsCredentialExport: fixture('print-sts-json.sh') }); // the user's own: still shown
    const status = cli(['status'], { env, cwd: project });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^TARGET\s+STATUS/);
    expect(status.stdout).toMatch(
      /anthropic\s+error\s+helper:apiKeyHelper\s+-.*apiKeyHelper from .*settings\.json is not trusted/,
    );
    expect(status.stdout).toMatch(/anthropic\s+error.*run `credhelper trust` in \S*repo/);
    expect(status.stdout).toMatch(/bedrock\s+ok\s+helper:awsCredentialExport\s+sigv4/);
    expect(status.stdout).toMatch(/settings skipped: .*repo\/\.credhelper\/settings\.json \(untrusted\)/);
    expect(status.stderr).toBe('');

    const check = cli(['status', '--check'], { env, cwd: project });
    expect(check.code).toBe(1);
    const json = JSON.parse(cli(['status', '--json'], { env, cwd: project }).stdout) as {
      targets: Array<Record<string, unknown>>;
      untrusted?: { code: string; problem: string };
    };
    expect(json.targets[0]).toMatchObject({ target: 'anthropic', ok: false, code: 'PROJECT_UNTRUSTED' });
    expect(json.untrusted?.code).toBe('PROJECT_UNTRUSTED');
    expect(json.untrusted?.problem).toContain('credhelper trust');

    // Trusted: the project's helper is used, and --check is fine.
    expect(cli(['trust', '--yes'], { env, cwd: project }).code).toBe(0);
    const trusted = cli(['status', '--check'], { env, cwd: project });
    expect(trusted.code).toBe(0);
    expect(trusted.stdout).toMatch(/anthropic\s+ok\s+helper:apiKeyHelper/);
    for (const run of [status, check, trusted]) expect(run.stdout + run.stderr).not.toContain(PROJECT_KEY);
  });

  it('what no row shows (a project variable) is said once below the table', () => {
    const { env, project } = clonedRepo({ env: { AWS_PROFILE: 'from-the-repo' } });
    const status = cli(['status', '--check'], { env: { ...env, ANTHROPIC_API_KEY: OWN_KEY }, cwd: project });
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/anthropic\s+ok\s+env:ANTHROPIC_API_KEY/);
    expect(status.stdout).toMatch(/\nuntrusted project: .*env\.AWS_PROFILE.*credhelper trust/);
    expect(status.stdout).not.toContain('from-the-repo');
    expect(status.stdout + status.stderr).not.toContain(OWN_KEY);
  });

  it('other commands still refuse (exit 78) until the project is trusted', () => {
    const { env, project } = clonedRepo({ apiKeyHelper: './bin/key' });
    const got = cli(['get', 'anthropic'], { env, cwd: project });
    expect(got.code).toBe(78);
    expect(got.stderr).toContain('credhelper trust');
  });
});
