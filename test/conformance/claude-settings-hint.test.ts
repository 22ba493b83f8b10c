import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliHome, writeJson } from '../support/cli.js';
import { fixture } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

// Coming from Claude Code: its settings files are read only with `--claude` or `"claude": true`.
// When they exist and would give credentials, "no anthropic credentials found" says so.

isolateTests();
const KEY = 'sk-ant-test-conformance-hint-0001';

describe('Claude Code settings exist, --claude not given, nothing found', () => {
  it('the error names the file and its keys (never a value) and how to use them', () => {
    const { home, env } = cliHome();
    const file = writeJson(join(home, '.claude', 'settings.json'), {
      apiKeyHelper: fixture('print-key.sh'),
      env: { ANTHROPIC_API_KEY: KEY },
    });
    const run = cli(['get', 'anthropic'], { env });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('no anthropic credentials found');
    expect(run.stderr).toContain(
      `Claude Code's settings were found but not read: ${file} (apiKeyHelper, env.ANTHROPIC_API_KEY)`,
    );
    expect(run.stderr).toContain('pass --claude, or put "claude": true in');
    expect(run.stderr).not.toContain(KEY);
    const viaExec = cli(['exec', '--target', 'anthropic', '--', 'true'], { env });
    expect(viaExec.stderr).toContain(`Claude Code's settings were found but not read: ${file}`);
    // ... and the way it names works.
    expect(cli(['--claude', 'get', 'anthropic'], { env })).toMatchObject({
      code: 0,
      stdout: 'sk-ant-test-fixture-0001\n',
    });
  });

  it('a variable name with a newline in the file cannot forge a line of the error', () => {
    const { home, env } = cliHome();
    writeJson(join(home, '.claude', 'settings.json'), { env: { 'X\ncredhelper: FORGED': '1' } });
    const run = cli(['get', 'anthropic'], { env });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("Claude Code's settings were found but not read");
    expect(run.stderr).not.toMatch(/^credhelper: FORGED/m);
  });

  it('no hint without Claude Code settings, nor when they were read', () => {
    const { home, env } = cliHome();
    expect(cli(['get', 'anthropic'], { env }).stderr).not.toContain("Claude Code's settings");
    writeJson(join(home, '.claude', 'settings.json'), { model: 'opus' });
    expect(cli(['get', 'anthropic'], { env }).stderr).not.toContain("Claude Code's settings");
  });
});
