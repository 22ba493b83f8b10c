import { spawnSync } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';
import { type CredentialDiagnostic, createCredentialHelper, isCredentialHelperError } from 'credhelper';
import { describe, expect, it } from 'vitest';
import { CLI, cli, cliHome, userSettings } from '../support/cli.js';
import { cleanEnv, everyRendering, fixture } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

// Claude Code: an apiKeyHelper that exits 0 with the key on stdout and a warning on stderr works;
// the warning is not shown. credhelper: the key is used, the warning (redacted, bounded) goes to
// `onDiagnostic` and, in the CLI, to stderr only when stderr is a terminal. `strictHelperStderr`
// keeps the documented rule ("stderr is an error", HELPER_STDERR).

isolateTests();
const KEY = 'sk-ant-test-conformance-stderr-0001';
const WARNS = fixture('print-key-and-warn.sh'); // the warning repeats the key

describe('apiKeyHelper: key on stdout, warning on stderr', () => {
  it('the key is used and the warning reaches onDiagnostic, redacted', async () => {
    const diagnostics: CredentialDiagnostic[] = [];
    const creds = createCredentialHelper({
      env: cleanEnv({ FAKE_KEY: KEY }),
      settings: { apiKeyHelper: WARNS },
      onDiagnostic: (diagnostic) => diagnostics.push(diagnostic),
    });
    const credential = await creds.anthropic();
    expect(credential).toMatchObject({ value: KEY, source: 'helper:apiKeyHelper' });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      kind: 'helper-stderr',
      source: 'helper:apiKeyHelper',
      code: 'HELPER_STDERR',
    });
    expect(diagnostics[0]?.message).toContain('is about to be rotated');
    expect(diagnostics[0]?.message).not.toContain(KEY);
  });

  it('the warning is bounded: a 100 kB stderr yields a diagnostic of at most a few kB', async () => {
    const diagnostics: CredentialDiagnostic[] = [];
    const creds = createCredentialHelper({
      env: cleanEnv({ FAKE_KEY: KEY }),
      settings: { apiKeyHelper: `printf '%s\\n' "$FAKE_KEY"; head -c 100000 /dev/zero | tr '\\0' w >&2` },
      onDiagnostic: (diagnostic) => diagnostics.push(diagnostic),
    });
    expect((await creds.anthropic()).value).toBe(KEY);
    expect(diagnostics[0]?.message.length).toBeLessThan(4_000);
  });

  it('strictHelperStderr: true keeps the documented rule: HELPER_STDERR, the key never shown', async () => {
    const creds = createCredentialHelper({
      env: cleanEnv({ FAKE_KEY: KEY }),
      settings: { apiKeyHelper: WARNS },
      strictHelperStderr: true,
    });
    const error = await creds.anthropic().catch((e: unknown) => e);
    expect(isCredentialHelperError(error) && error.code).toBe('HELPER_STDERR');
    expect(everyRendering(error)).not.toContain(KEY);
  });

  it('CLI get anthropic: exit 0, the key on stdout, nothing on a captured stderr', () => {
    const { home, env } = cliHome({ FAKE_KEY: KEY });
    userSettings(home, { apiKeyHelper: WARNS });
    const run = cli(['get', 'anthropic'], { env });
    expect(run).toMatchObject({ code: 0, stdout: `${KEY}\n`, stderr: '' });
  });

  it('CLI get anthropic with stderr on a terminal: the warning is shown there, redacted', () => {
    const { home, env } = cliHome({ FAKE_KEY: KEY });
    userSettings(home, { apiKeyHelper: WARNS });
    const shown = spawnSync(
      'script',
      ['-qec', `"${process.execPath}" "${CLI}" get anthropic >/dev/null`, '/dev/null'],
      {
        env,
        cwd: home,
        encoding: 'utf8',
      },
    );
    const screen = stripVTControlCharacters(shown.stdout);
    expect(screen).toContain('[credhelper] warning: apiKeyHelper printed a key (used) and wrote to stderr');
    expect(screen).toContain('is about to be rotated');
    expect(screen).not.toContain(KEY);
  });

  it('CLI with "strictHelperStderr": true in the settings file: exit 1, HELPER_STDERR, no key', () => {
    const { home, env } = cliHome({ FAKE_KEY: KEY });
    userSettings(home, { apiKeyHelper: WARNS, strictHelperStderr: true });
    const run = cli(['get', 'anthropic'], { env });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('wrote to stderr');
    expect(run.stderr).not.toContain(KEY);
  });
});
