// Issue 16 part B, "every mistake gets a clear answer": each test is a newcomer's transcript, the
// built CLI run in a temp HOME.
import { spawn } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { CLI, cli, cliHome, userSettings, writeJson } from '../support/cli.js';
import { fixture, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

isolateTests();
vi.setConfig({ testTimeout: 120_000 });

const KEY = 'sk-ant-test-mistakes-0001';
const TOKEN = 'sk-ant-test-pasted-token-0002';

function storePath(home: string): string {
  return join(home, '.local', 'share', 'credhelper', 'auth.json');
}

function stored(home: string): Record<string, Record<string, unknown>> {
  return JSON.parse(readFileSync(storePath(home), 'utf8'));
}

/** A helper script in a scratch dir that prints `text` exactly. */
function printing(text: string): string {
  const script = join(scratchDir(), 'helper.sh');
  writeFileSync(script, `#!/bin/sh\nprintf '%s\\n' '${text}'\n`);
  chmodSync(script, 0o755);
  return script;
}

/** The CLI in a pseudo-terminal (util-linux `script`): what it shows, keys typed into it. */
function inTerminal(env: Record<string, string>, args: string) {
  const child = spawn(
    'script',
    ['-q', '-e', '-c', `stty cols 160 rows 40; "${process.execPath}" "${CLI}" ${args}`, '/dev/null'],
    { env, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let raw = '';
  child.stdout.on('data', (chunk) => {
    raw += chunk;
  });
  const screen = () => stripVTControlCharacters(raw);
  return {
    screen,
    type: (text: string) => child.stdin.write(text),
    async waitFor(text: string) {
      for (let i = 0; i < 200 && !screen().includes(text); i++) await new Promise((r) => setTimeout(r, 50));
      expect(screen()).toContain(text);
    },
    async exit(): Promise<number | null> {
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.stdin.end();
      return code;
    },
  };
}

describe('misspelt settings', () => {
  it('an unknown key in the user file is SETTINGS_INVALID (78) naming the file and the key, with a suggestion', () => {
    const { home, env } = cliHome();
    const file = userSettings(home, { apiKeyHelpr: fixture('print-key.sh') });
    for (const args of [['status'], ['status', '--check'], ['get', 'anthropic'], ['explain', 'anthropic']]) {
      const run = cli(args, { env });
      expect(run.code, args.join(' ')).toBe(78);
      expect(run.stderr).toContain(file);
      expect(run.stderr).toContain('"apiKeyHelpr" is not a setting (did you mean `apiKeyHelper`?)');
      expect(run.stdout).toBe('');
    }
  });

  it('every way to name a credhelper file gets the same check and message (user, project, --settings, CREDHELPER_SETTINGS)', () => {
    const { home, env } = cliHome();
    const project = scratchDir();
    const bad = { awsCredentialExprt: 'true' };
    const runs = [{ file: userSettings(home, bad), run: cli(['status'], { env }) }];
    userSettings(home, {});
    const projectFile = writeJson(join(project, '.credhelper', 'settings.json'), bad);
    runs.push({ file: projectFile, run: cli(['status'], { env, cwd: project }) });
    const named = writeJson(join(scratchDir(), 'mine.json'), bad);
    runs.push({ file: named, run: cli(['--settings', named, 'status'], { env }) });
    runs.push({ file: named, run: cli(['status'], { env: { ...env, CREDHELPER_SETTINGS: named } }) });
    for (const { file, run } of runs) {
      expect(run.code, file).toBe(78);
      expect(run.stderr).toBe(
        `[credhelper] invalid settings file ${file}: "awsCredentialExprt" is not a setting (did you mean \`awsCredentialExport\`?). Fix: rename or remove the key\n`,
      );
    }
  });

  it('a missing file named by CREDHELPER_SETTINGS is an error, as with --settings (it was silently skipped)', () => {
    const { env } = cliHome();
    const missing = join(scratchDir(), 'nosuch.json');
    const viaFlag = cli(['--settings', missing, 'status'], { env });
    const viaEnv = cli(['status'], { env: { ...env, CREDHELPER_SETTINGS: missing } });
    for (const [run, by] of [
      [viaFlag, '--settings'],
      [viaEnv, 'CREDHELPER_SETTINGS'],
    ] as const) {
      expect(run.code).toBe(78);
      expect(run.stderr).toContain(`cannot read settings file ${missing} (ENOENT). It was named by ${by}`);
    }
  });

  it("in Claude Code's files only near misses of the credential keys are warned about, once, on stderr", () => {
    const { home, env } = cliHome();
    const claude = writeJson(join(home, '.claude', 'settings.json'), {
      apiKeyHelpr: fixture('print-key.sh'),
      permissions: { allow: [] },
      model: 'opus',
    });
    const run = cli(['--claude', 'status'], { env });
    expect(run.code).toBe(0);
    const warning = `[credhelper] warning: ${claude}: "apiKeyHelpr" is not read (did you mean \`apiKeyHelper\`?)\n`;
    expect(run.stderr).toBe(warning);
    expect(run.stderr).not.toContain('permissions');
  });

  it('status and explain list the settings files read and those skipped (missing), human and --json', () => {
    const { home, env } = cliHome({ ANTHROPIC_API_KEY: KEY });
    const user = join(home, '.config', 'credhelper', 'settings.json');
    userSettings(home, { claude: true });
    const claudeUser = join(home, '.claude', 'settings.json');
    const status = cli(['status'], { env });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`settings read: ${user}\n`);
    expect(status.stdout).toContain(`settings skipped: ${claudeUser} (missing)\n`);
    const json = JSON.parse(cli(['status', '--json'], { env }).stdout);
    expect(json.settingsFiles).toEqual({
      read: [{ kind: 'user', path: user }],
      skipped: [{ kind: 'claude-user', path: claudeUser, reason: 'missing' }],
    });
    const explain = cli(['explain', 'anthropic'], { env });
    expect(explain.stdout).toContain(`settings read: ${user}\n`);
    expect(JSON.parse(cli(['explain', 'anthropic', '--json'], { env }).stdout).settingsFiles).toEqual(
      json.settingsFiles,
    );
  });
});

describe('durations need a unit', () => {
  it('paste-token --expires-in 2 and status --expiring-within 5 are usage errors (64) that show the accepted forms', () => {
    const { home, env } = cliHome();
    const pasted = cli(['paste-token', '--provider', 'anthropic', '--expires-in', '2', '--stdin'], {
      env,
      input: TOKEN,
    });
    expect(pasted.code).toBe(64);
    expect(pasted.stderr).toContain('expected --expires-in to be a number with a unit (30s, 15m, 24h or 30d), got "2"');
    expect(pasted.stderr).toContain('write 2m, 2h or 2d');
    expect(() => stored(home)).toThrow(); // nothing was stored
    const status = cli(['status', '--check', '--expiring-within', '5'], { env });
    expect(status.code).toBe(64);
    expect(status.stderr).toContain('expected --expiring-within to be a number with a unit (30s, 15m, 24h or 30d)');
    expect(
      cli(['paste-token', '--provider', 'anthropic', '--expires-in', '2h', '--stdin'], { env, input: TOKEN }).code,
    ).toBe(0);
    const expires = Number(stored(home).anthropic?.expires);
    expect(expires - Date.now()).toBeGreaterThan(7_000_000);
  });
});

describe('replacing a different kind of entry', () => {
  it('paste-token over an API key from login is refused without --overwrite (64), naming the entry and both kinds', () => {
    const { home, env } = cliHome();
    expect(cli(['login', '--provider', 'anthropic', '--stdin'], { env, input: KEY }).code).toBe(0);
    const refused = cli(['paste-token', '--provider', 'anthropic', '--stdin'], { env, input: TOKEN });
    expect(refused.code).toBe(64);
    expect(refused.stderr).toContain(
      'anthropic holds an API key (api, from `login`); this would replace it with a pasted token (token, from `paste-token`). Fix: pass --overwrite',
    );
    expect(refused.stderr + refused.stdout).not.toContain(KEY);
    expect(refused.stderr + refused.stdout).not.toContain(TOKEN);
    expect(stored(home).anthropic).toEqual({ type: 'api', key: KEY });
    const forced = cli(['paste-token', '--provider', 'anthropic', '--overwrite', '--stdin'], { env, input: TOKEN });
    expect(forced.code).toBe(0);
    expect(stored(home).anthropic).toEqual({ type: 'token', token: TOKEN });
    // And back: login over the pasted token needs the same.
    expect(cli(['login', '--provider', 'anthropic', '--stdin'], { env, input: KEY }).code).toBe(64);
    expect(stored(home).anthropic).toEqual({ type: 'token', token: TOKEN });
    // The same kind is replaced as before.
    expect(cli(['paste-token', '--provider', 'anthropic', '--stdin'], { env, input: `${TOKEN}x` }).code).toBe(0);
  });

  it('on a terminal, paste-token asks before replacing the API key (util-linux script)', async () => {
    const { home, env } = cliHome({ TERM: 'xterm' });
    expect(cli(['login', '--provider', 'anthropic', '--stdin'], { env, input: KEY }).code).toBe(0);
    const child = spawn(
      'script',
      [
        '-q',
        '-e',
        '-c',
        `stty cols 120 rows 40; "${process.execPath}" "${CLI}" paste-token --provider anthropic`,
        '/dev/null',
      ],
      { env, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let screen = '';
    let raw = '';
    child.stdout.on('data', (chunk) => {
      raw += chunk;
      screen = stripVTControlCharacters(raw);
    });
    const waitFor = async (text: string) => {
      for (let i = 0; i < 200 && !screen.includes(text); i++) await new Promise((r) => setTimeout(r, 50));
      expect(screen).toContain(text);
    };
    await waitFor('Replace it?');
    expect(screen).toContain('anthropic holds an API key');
    child.stdin.write('y');
    child.stdin.write('\r');
    await waitFor('Paste the token for Anthropic');
    child.stdin.write(TOKEN);
    child.stdin.write('\r');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.stdin.end();
    expect(code).toBe(0);
    expect(screen).toContain('replaced anthropic (token)');
    expect(stored(home).anthropic).toEqual({ type: 'token', token: TOKEN });
  });
});

describe('helper output that is not a key', () => {
  for (const [what, printed] of [
    ['compact JSON', `{"key":"${KEY}"}`],
    ['a JSON array', `["${KEY}"]`],
    ['a quoted key', `"${KEY}"`],
  ] as const) {
    it(`apiKeyHelper printing ${what} is OUTPUT_INVALID with the fix; status --check fails; the value is never shown`, () => {
      const { home, env } = cliHome();
      userSettings(home, { apiKeyHelper: printing(printed) });
      const check = cli(['status', '--check'], { env });
      expect(check.code).toBe(1);
      expect(check.stdout).toMatch(/anthropic\s+error/);
      const got = cli(['get', 'anthropic'], { env });
      expect(got.code).toBe(1);
      expect(got.stderr).toContain('apiKeyHelper printed');
      expect(got.stderr).toContain('expected only the key');
      expect(got.stderr).toContain('Fix:');
      if (what !== 'a quoted key') expect(got.stderr).toContain('| jq -r .key');
      for (const run of [check, got]) expect(run.stdout + run.stderr).not.toContain(KEY);
    });
  }

  for (const [what, printed, expected] of [
    ['null (jq -r of a missing field)', 'null', 'what `jq -r` prints for a field that is not there'],
    ['a NAME=value line', `ANTHROPIC_API_KEY=${KEY}`, 'got a NAME=value line'],
  ] as const) {
    it(`apiKeyHelper printing ${what} is OUTPUT_INVALID with the fix`, () => {
      const { home, env } = cliHome();
      userSettings(home, { apiKeyHelper: printing(printed) });
      const got = cli(['get', 'anthropic'], { env });
      expect(got.code).toBe(1);
      expect(got.stderr).toContain(expected);
      expect(got.stdout + got.stderr).not.toContain(KEY);
    });
  }

  it('base64 keys with padding are still keys (the NAME=value rule needs an upper-case NAME_ and a value)', async () => {
    const { credentialTextProblem } = await import('../../src/credential-text-problem.js');
    for (const key of ['QWxhZGRpbjpvcGVuIHNlc2FtZQ==', 'ABSKQUJDREVGR0g=', 'AB_CD==', 'sk-ant-test-x=y']) {
      expect(credentialTextProblem(key), key).toBeUndefined();
    }
  });

  it('login and paste-token apply the same rule to a key on standard input', () => {
    const { home, env } = cliHome();
    for (const args of [
      ['login', '--provider', 'openai', '--stdin'],
      ['paste-token', '--provider', 'anthropic', '--stdin'],
    ]) {
      const run = cli(args, { env, input: `{"key":"${KEY}"}\n` });
      expect(run.code, args[0]).toBe(64);
      expect(run.stderr).toContain('expected only the key, got what looks like JSON');
      expect(run.stderr).not.toContain(KEY);
    }
    expect(() => stored(home)).toThrow();
  });

  it('import applies the same rule: an entry whose key is JSON or quoted is skipped, named, never shown', () => {
    const { home, env } = cliHome();
    const file = writeJson(join(home, 'other-auth.json'), {
      openai: { type: 'api', key: `{"key":"${KEY}"}` },
      groq: { type: 'api', key: `"${KEY}"` },
      openrouter: { type: 'api', key: 'sk-or-test-plain-key-0001' },
    });
    const run = cli(['import', file], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      'skipped openai: its key is not a bare credential: expected only the key, got what looks like JSON',
    );
    expect(run.stdout).toContain(
      'skipped groq: its key is not a bare credential: expected only the key, got a value in quotes',
    );
    expect(run.stdout + run.stderr).not.toContain(KEY);
    expect(Object.keys(stored(home))).toEqual(['openrouter']);
  });
});

describe('names', () => {
  it('a mistyped target or provider gets "unknown … did you mean …?" (64), not "no credentials found"', () => {
    const { env } = cliHome();
    const cases: Array<[string[], string]> = [
      [['get', 'antropic'], "unknown target or provider 'antropic' (did you mean `anthropic`?)"],
      [['explain', 'bedrok'], "unknown target or provider 'bedrok' (did you mean `bedrock`?)"],
      [['get', 'opnai'], "unknown target or provider 'opnai' (did you mean `openai`?)"],
      [['exec', '--target', 'bedrok', '--', 'true'], "unknown target 'bedrok' (did you mean `bedrock`?)"],
      [['logout', 'opnai'], "unknown target or provider 'opnai' (did you mean `openai`?)"],
    ];
    for (const [args, message] of cases) {
      const run = cli(args, { env });
      expect(run.code, args.join(' ')).toBe(64);
      expect(run.stderr).toContain(message);
      expect(run.stderr).not.toContain('no credentials');
    }
  });

  it('login / paste-token of an id not in the provider table need --custom off a terminal', () => {
    const { home, env } = cliHome();
    for (const args of [
      ['login', '--provider', 'opnai', '--stdin'],
      ['paste-token', '--provider', 'opnai', '--stdin'],
    ]) {
      const run = cli(args, { env, input: KEY });
      expect(run.code, args[0]).toBe(64);
      expect(run.stderr).toContain("opnai is not in credhelper's provider table (did you mean `openai`?)");
      expect(run.stderr).toContain('--custom');
    }
    const custom = cli(['login', '--provider', 'my-gateway', '--custom', '--stdin'], { env, input: KEY });
    expect(custom.code).toBe(0);
    expect(stored(home)).toEqual({ 'my-gateway': { type: 'api', key: KEY } });
    // Once stored, the custom id is known to get and explain.
    expect(cli(['get', 'my-gateway'], { env }).stdout).toBe(`${KEY}\n`);
  });

  it('on a terminal, login of an id not in the provider table asks first (util-linux script)', async () => {
    const { home, env } = cliHome({ TERM: 'xterm' });
    const declined = inTerminal(env, 'login opnai');
    await declined.waitFor('Store it as a custom provider?');
    expect(declined.screen()).toContain('did you mean `openai`?');
    declined.type('\r'); // the default is No
    expect(await declined.exit()).toBe(1);
    expect(declined.screen()).toContain('cancelled: nothing was stored');
    const accepted = inTerminal(env, 'login my-gateway');
    await accepted.waitFor('Store it as a custom provider?');
    accepted.type('y\r');
    await accepted.waitFor('Enter your API key for my-gateway');
    accepted.type(`${KEY}\r`);
    expect(await accepted.exit()).toBe(0);
    expect(stored(home)).toEqual({ 'my-gateway': { type: 'api', key: KEY } });
  });
});
