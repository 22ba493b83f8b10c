import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { CLI, cli, cliAsync, cliHome, userSettings } from '../support/cli.js';
import { fixture, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { startOAuthServer } from '../support/oauth-server.js';

const { track } = isolateTests();
vi.setConfig({ testTimeout: 120_000 });

const KEY = 'sk-test-openai-cli-canary-0001';

function storePath(home: string): string {
  return join(home, '.local', 'share', 'credhelper', 'auth.json');
}

function stored(home: string): Record<string, Record<string, unknown>> {
  return JSON.parse(readFileSync(storePath(home), 'utf8'));
}

function modes(home: string): { dir: number; file: number } {
  const file = storePath(home);
  return { dir: statSync(join(file, '..')).mode & 0o777, file: statSync(file).mode & 0o777 };
}

function writeStore(home: string, data: unknown): string {
  const file = storePath(home);
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data), { mode: 0o600 });
  return file;
}

describe('credhelper login / list / get / logout', () => {
  it('login --stdin stores the key (0700 dir, 0600 file); list shows names only; get prints it', () => {
    const { home, env } = cliHome({ OPENROUTER_API_KEY: 'sk-test-openrouter-env-0001' });
    const login = cli(['login', '--provider', 'openai', '--stdin'], { env, input: `${KEY}\n` });
    expect(login.code).toBe(0);
    expect(login.stdout).toContain(`saved openai (api) in ${storePath(home)}`);
    expect(modes(home)).toEqual({ dir: 0o700, file: 0o600 });
    expect(stored(home).openai).toEqual({ type: 'api', key: KEY });

    const work = cli(['login', 'openai', '--profile', 'work', '--stdin'], { env, input: 'sk-test-openai-work-0002' });
    expect(work.code).toBe(0);
    expect(modes(home)).toEqual({ dir: 0o700, file: 0o600 });

    const listed = cli(['ls'], { env });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/\n {2}openai +OpenAI +api\b/);
    expect(listed.stdout).toMatch(/\n {2}openai:work +OpenAI +api\b/);
    expect(listed.stdout).toContain('2 credentials');
    expect(listed.stdout).toMatch(/\n {2}OPENROUTER_API_KEY {2}OpenRouter {2}env\n/);
    const json = JSON.parse(cli(['list', '--json'], { env }).stdout);
    expect(json.credentials.map((c: { id: string }) => c.id)).toEqual(['openai', 'openai:work']);
    expect(json.environment).toEqual([
      { provider: 'openrouter', variable: 'OPENROUTER_API_KEY', where: 'env', read: true },
    ]);

    expect(cli(['get', 'openai'], { env }).stdout).toBe(`${KEY}\n`);
    const explained = cli(['explain', 'openai'], { env });
    expect(explained.stdout).toContain('openai: store:openai wins');
    for (const output of [login, work, listed, explained]) {
      expect(output.stdout + output.stderr).not.toContain(KEY);
      expect(output.stdout + output.stderr).not.toContain('sk-test-openai-work-0002');
    }

    const out = cli(['logout', 'openai', '--profile', 'work'], { env });
    expect(out.code).toBe(0);
    expect(Object.keys(stored(home))).toEqual(['openai']);
    expect(modes(home)).toEqual({ dir: 0o700, file: 0o600 });
    expect(cli(['logout', 'openai', '--profile', 'work'], { env }).code).toBe(1);
  });

  it('the key never comes from argv: without a terminal, --stdin is required; blank input is refused', () => {
    const { home, env } = cliHome();
    const noStdin = cli(['login', '--provider', 'openai'], { env, input: KEY });
    expect(noStdin.code).toBe(64);
    expect(noStdin.stderr).toContain('pipe it in and pass --stdin');
    expect(cli(['login', '--stdin'], { env, input: KEY }).code).toBe(64);
    expect(cli(['login', '--provider', 'openai', '--stdin'], { env, input: '  \n' }).code).toBe(64);
    expect(cli(['login', '--provider', 'openai', '--stdin'], { env, input: 'a\nb' }).code).toBe(64);
    expect(cli(['login', '--provider', 'Bad Id', '--stdin'], { env, input: KEY }).code).toBe(64);
    expect(existsSync(storePath(home))).toBe(false);
  });

  it('disabledProviders / enabledProviders apply to login and get', () => {
    const { home, env } = cliHome();
    userSettings(home, { disabledProviders: ['groq'] });
    const refused = cli(['login', '--provider', 'groq', '--stdin'], { env, input: KEY });
    expect(refused.code).toBe(64);
    expect(refused.stderr).toContain('provider groq is turned off by disabledProviders');
  });

  it('auth order set / get / clear decides which profile get uses', () => {
    const { home, env } = cliHome();
    for (const [profile, key] of [
      ['default', 'sk-ant-test-default-0001'],
      ['work', 'sk-ant-test-work-0002'],
    ] as const) {
      expect(cli(['login', 'anthropic', '--profile', profile, '--stdin'], { env, input: key }).code).toBe(0);
    }
    expect(cli(['get', 'anthropic'], { env }).stdout).toBe('sk-ant-test-default-0001\n');
    const set = cli(['auth', 'order', 'set', '--provider', 'anthropic', 'work', 'default'], { env });
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('tried: anthropic:work → anthropic');
    expect(cli(['get', 'anthropic'], { env }).stdout).toBe('sk-ant-test-work-0002\n');
    expect(cli(['get', 'anthropic', '--profile', 'default'], { env }).stdout).toBe('sk-ant-test-default-0001\n');
    const missing = cli(['auth', 'order', 'set', '--provider', 'anthropic', 'nosuch'], { env });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('not stored: anthropic:nosuch');
    expect(
      JSON.parse(cli(['auth', 'order', 'get', '--provider', 'anthropic', '--json'], { env }).stdout).order,
    ).toEqual(['anthropic:work', 'anthropic']);
    expect(cli(['auth', 'order', 'clear', '--provider', 'anthropic'], { env }).code).toBe(0);
    expect(cli(['get', 'anthropic'], { env }).stdout).toBe('sk-ant-test-default-0001\n');
    expect(stored(home).$order).toBeUndefined();
    expect(modes(home)).toEqual({ dir: 0o700, file: 0o600 });
  });

  it("import reads opencode's and pi's files: api_key becomes api, stored entries kept unless --overwrite", () => {
    const { home, env } = cliHome();
    cli(['login', 'openai', '--stdin'], { env, input: KEY });
    const source = join(scratchDir(), 'pi-auth.json');
    const theirs = {
      anthropic: { type: 'api_key', key: 'sk-ant-test-pi-0001' },
      openai: { type: 'api', key: 'sk-test-openai-pi-0002' },
      'github-copilot': { type: 'oauth', access: 'gho-test-0003', refresh: 'ghr-test-0004', expires: 1 },
      broken: { type: 'api', key: '' },
    };
    writeFileSync(source, JSON.stringify(theirs));
    const imported = cli(['import', source], { env });
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('imported 2');
    expect(imported.stdout).toContain('kept the stored openai');
    expect(imported.stdout).toContain('skipped broken: malformed (key)');
    expect(stored(home)).toMatchObject({
      openai: { type: 'api', key: KEY },
      anthropic: { type: 'api', key: 'sk-ant-test-pi-0001' },
      'github-copilot': { type: 'oauth' },
    });
    expect(imported.stdout + imported.stderr).not.toMatch(/sk-ant-test-pi|gho-test|ghr-test/);
    expect(cli(['import', source, '--overwrite'], { env }).code).toBe(0);
    expect(stored(home).openai).toEqual({ type: 'api', key: 'sk-test-openai-pi-0002' });
    expect(JSON.parse(readFileSync(source, 'utf8'))).toEqual(theirs);
  });
});

describe('credhelper status --check with stored tokens', () => {
  it('pasted tokens: 0 when valid, 2 when expiring within the threshold, 1 when expired', () => {
    const { home, env } = cliHome({ ANTHROPIC_API_KEY: 'sk-ant-test-env-0001' });
    const pasted = cli(['paste-token', '--provider', 'openrouter', '--expires-in', '1h', '--stdin'], {
      env,
      input: 'test-openrouter-token-0001',
    });
    expect(pasted.code).toBe(0);
    expect(stored(home).openrouter).toMatchObject({ type: 'token', token: 'test-openrouter-token-0001' });
    expect(cli(['status', '--check', '--expiring-within', '30m'], { env }).code).toBe(0);
    const expiring = cli(['status', '--check', '--expiring-within', '2h'], { env });
    expect(expiring.code).toBe(2);
    expect(expiring.stdout).toMatch(/openrouter\s+expiring\s+token/);
    writeStore(home, {
      openrouter: { type: 'token', token: 'test-openrouter-token-0001', expires: Date.now() - 1000 },
    });
    const expired = cli(['status', '--check'], { env });
    expect(expired.code).toBe(1);
    expect(expired.stdout).toMatch(/openrouter\s+error\s+token/);
    expect(expired.stdout).toContain('credhelper paste-token --provider openrouter');
    const json = JSON.parse(cli(['status', '--json'], { env }).stdout);
    expect(json.stored).toMatchObject([{ id: 'openrouter', ok: false, code: 'CREDENTIALS_EXPIRED' }]);
    for (const output of [pasted, expiring, expired])
      expect(output.stdout + output.stderr).not.toContain('test-openrouter-token');
    expect(
      cli(['paste-token', '--provider', 'openrouter', '--expires-in', 'soon', '--stdin'], { env, input: 'x' }).code,
    ).toBe(64);
  });

  it('stored OAuth: status refreshes an expired access token (0); a revoked refresh token is 1', async () => {
    const server = track(await startOAuthServer('test-refresh-cli-0001'));
    const { home, env } = cliHome({ ANTHROPIC_API_KEY: 'sk-ant-test-env-0001' });
    userSettings(home, { oauth: { openrouter: { tokenUrl: server.tokenUrl, body: 'form' } } });
    const entry = { type: 'oauth', access: 'test-access-cli-0001', refresh: 'test-refresh-cli-0001', expires: 1000 };
    writeStore(home, { openrouter: entry });
    // The server's tokens live 1 h: not "expiring" within 30 min.
    const refreshed = await cliAsync(['status', '--check', '--expiring-within', '30m'], { env });
    expect(refreshed.code).toBe(0);
    expect(server.refreshes()).toBe(1);
    expect(stored(home).openrouter?.access).not.toBe('test-access-cli-0001');
    expect(modes(home)).toEqual({ dir: 0o700, file: 0o600 });

    writeStore(home, { openrouter: { ...entry, refresh: 'test-refresh-revoked-0002' } });
    const revoked = await cliAsync(['status', '--check'], { env });
    expect(revoked.code).toBe(1);
    expect(revoked.stdout).toContain('invalid_grant');
    expect(revoked.stdout + revoked.stderr).not.toMatch(/test-access-cli|test-refresh-revoked/);
  });

  it("a project's OAuth endpoint needs trust (it would receive the refresh tokens)", () => {
    const { home, env } = cliHome({ ANTHROPIC_API_KEY: 'sk-ant-test-env-0001' });
    const project = join(home, 'project');
    mkdirSync(join(project, '.credhelper'), { recursive: true });
    writeFileSync(
      join(project, '.credhelper', 'settings.json'),
      JSON.stringify({ oauth: { anthropic: { tokenUrl: 'https://attacker.example/token' } } }),
    );
    // status still shows its table (issue 16), and says what is untrusted; --check: a person must act.
    const untrusted = cli(['status', '--check'], { env, cwd: project });
    expect(untrusted.code).toBe(1);
    expect(untrusted.stdout).toMatch(/untrusted project: .*oauth\.anthropic\.tokenUrl.*credhelper trust/);
    const refused = cli(['get', 'anthropic'], { env, cwd: project });
    expect(refused.code).toBe(78);
    expect(refused.stderr).toContain('oauth.anthropic.tokenUrl');
  });
});

describe('OAuth token URLs in settings files (issue 15 §5)', () => {
  it('a plain http token URL off loopback is refused when the settings are loaded, naming the field and the fix', () => {
    const { home, env } = cliHome({ ANTHROPIC_API_KEY: 'sk-ant-test-env-0001' });
    const settings = userSettings(home, { oauth: { openrouter: { tokenUrl: 'http://token.example.test/token' } } });
    writeStore(home, {
      openrouter: { type: 'oauth', access: 'test-access-0001', refresh: 'test-refresh-0001', expires: 1 },
    });
    const run = cli(['get', 'openrouter'], { env });
    expect(run.code).toBe(78);
    expect(run.stderr).toContain(settings);
    expect(run.stderr).toContain('oauth.openrouter.tokenUrl');
    expect(run.stderr).toContain('Fix: use https');
    expect(run.stdout + run.stderr).not.toContain('test-refresh-0001');
    userSettings(home, { oauth: { openrouter: { tokenUrl: 'http://127.0.0.1:9/token' } } });
    expect(cli(['get', 'openrouter'], { env }).stderr).not.toContain('use https');
  });
});

describe('a corrupt auth.json', () => {
  it('is reported by every command and left byte for byte', () => {
    const { home, env } = cliHome();
    const canary = 'sk-ant-test-corrupt-canary-0001';
    const file = writeStore(home, `{"anthropic": {"type": "api", "key": "${canary}"}, oops`);
    const before = readFileSync(file);
    const source = join(scratchDir(), 'other.json');
    writeFileSync(source, JSON.stringify({ openai: { type: 'api', key: 'sk-test-import-0001' } }));
    const runs: Array<[string[], string?]> = [
      [['login', '--provider', 'openai', '--stdin'], KEY],
      [['paste-token', '--provider', 'anthropic', '--stdin'], KEY],
      [['list']],
      [['logout', 'anthropic']],
      [['auth', 'order', 'set', '--provider', 'anthropic', 'default']],
      [['import', source]],
      [['get', 'anthropic']],
      [['get', 'openai']],
      [['explain', 'openai']],
      [['status', '--check']],
    ];
    for (const [args, input] of runs) {
      const run = cli(args, { env, ...(input === undefined ? {} : { input }) });
      expect(run.code, args.join(' ')).not.toBe(0);
      expect(run.stdout + run.stderr, args.join(' ')).toContain(file);
      expect(run.stdout + run.stderr, args.join(' ')).not.toContain(canary);
      expect(readFileSync(file).equals(before), args.join(' ')).toBe(true);
    }
    expect(cli(['list'], { env }).code).toBe(78);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });
});

describe('concurrency and crashes', () => {
  it('a store left locked by a process killed with SIGKILL is usable again within the stale window (10 s)', async () => {
    const { home, env } = cliHome();
    const file = storePath(home);
    mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
    const holder = spawn(process.execPath, [fixture('hold-store-lock.mjs')], {
      env: { ...env, STORE_FILE: file },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => holder.stdout.on('data', () => resolve()));
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    expect(existsSync(`${file}.lock`)).toBe(true);
    const started = Date.now();
    const login = cli(['login', '--provider', 'openai', '--stdin'], { env, input: KEY });
    expect(login.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000 + 3_000);
    expect(Object.keys(stored(home))).toEqual(['openai']);
  });
});

describe('interactive login in a pseudo-terminal (util-linux script)', () => {
  it('picks a provider with the arrow keys, reads the key masked, stores it', async () => {
    const { home, env } = cliHome({ TERM: 'xterm' });
    const child = spawn(
      'script',
      ['-q', '-e', '-c', `stty cols 100 rows 40; "${process.execPath}" "${CLI}" login`, '/dev/null'],
      { env, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let raw = '';
    let screen = '';
    child.stdout.on('data', (chunk) => {
      raw += chunk;
      screen = stripVTControlCharacters(raw); // colours and cursor moves
    });
    const waitFor = async (text: string) => {
      for (let i = 0; i < 200 && !screen.includes(text); i++) await new Promise((r) => setTimeout(r, 50));
      expect(screen).toContain(text);
    };
    await waitFor('Select provider');
    child.stdin.write('\u001b[B'); // down: Anthropic → OpenAI
    await waitFor('● OpenAI');
    child.stdin.write('\r');
    await waitFor('Enter your API key for OpenAI');
    child.stdin.write(KEY);
    await waitFor('•'.repeat(KEY.length));
    child.stdin.write('\r');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.stdin.end();
    expect(code).toBe(0);
    expect(screen).toContain('saved openai (api)');
    expect(screen).not.toContain(KEY);
    expect(stored(home).openai).toEqual({ type: 'api', key: KEY });
    expect(modes(home)).toEqual({ dir: 0o700, file: 0o600 });
  });
});

describe('wellknown entries may name only a credential variable (issue 15 §5)', () => {
  const PAYLOAD_TOKEN = 'test-wellknown-payload-0001';

  /** A `--require` payload that leaves a marker if node ever runs it. */
  function payload(): { file: string; marker: string } {
    const dir = scratchDir();
    const marker = join(dir, 'payload-ran');
    const file = join(dir, `${PAYLOAD_TOKEN}.cjs`);
    writeFileSync(file, `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran');\n`);
    return { file, marker };
  }

  it('import refuses a file whose wellknown entry names NODE_OPTIONS: nothing imported, entry and variable named', () => {
    const { home, env } = cliHome();
    const { file } = payload();
    const source = join(scratchDir(), 'opencode-auth.json');
    writeFileSync(
      source,
      JSON.stringify({
        openai: { type: 'api', key: 'sk-test-openai-import-0001' },
        opencode: { type: 'wellknown', key: 'NODE_OPTIONS', token: `--require ${file}` },
      }),
    );
    const imported = cli(['import', source], { env });
    expect(imported.code).toBe(78);
    expect(imported.stderr).toContain('entry "opencode"');
    expect(imported.stderr).toContain('NODE_OPTIONS');
    expect(imported.stderr).toContain('nothing was imported');
    expect(imported.stdout + imported.stderr).not.toContain(PAYLOAD_TOKEN);
    expect(imported.stdout + imported.stderr).not.toContain('sk-test-openai-import');
    expect(existsSync(storePath(home))).toBe(false);

    for (const key of ['LD_PRELOAD', 'HTTPS_PROXY', 'OPENAI_BASE_URL', 'OPENAI_API_KEY', 'PATH', 'lower_case']) {
      writeFileSync(source, JSON.stringify({ opencode: { type: 'wellknown', key, token: PAYLOAD_TOKEN } }));
      const refused = cli(['import', source], { env });
      expect(refused.code, key).toBe(78);
      expect(refused.stdout + refused.stderr, key).not.toContain(PAYLOAD_TOKEN);
    }
    expect(existsSync(storePath(home))).toBe(false);

    writeFileSync(
      source,
      JSON.stringify({
        opencode: { type: 'wellknown', key: 'OPENCODE_API_KEY', token: 'test-wellknown-own-0001' },
        'my-gateway': { type: 'wellknown', key: 'MY_GATEWAY_TOKEN', token: 'test-wellknown-gw-0001' },
      }),
    );
    expect(cli(['import', source], { env }).code).toBe(0);
    expect(Object.keys(stored(home))).toEqual(['opencode', 'my-gateway']);
  });

  it('a planted wellknown NODE_OPTIONS entry never reaches an exec child, and the user is told', () => {
    const { home, env } = cliHome();
    const { file, marker } = payload();
    writeStore(home, {
      openai: { type: 'api', key: KEY },
      opencode: { type: 'wellknown', key: 'NODE_OPTIONS', token: `--require ${file}` },
    });
    const run = cli(['exec', '--', process.execPath, '-e', 'process.stdout.write(JSON.stringify(process.env))'], {
      env,
    });
    expect(run.code).toBe(0);
    const childEnv = JSON.parse(run.stdout);
    expect(childEnv.NODE_OPTIONS).toBeUndefined();
    expect(childEnv.OPENAI_API_KEY).toBe(KEY);
    expect(existsSync(marker)).toBe(false);
    expect(run.stderr).toContain('opencode left out');
    expect(run.stderr).toContain('entry "opencode"');
    expect(run.stderr).toContain('NODE_OPTIONS');
    expect(run.stderr).not.toContain(PAYLOAD_TOKEN);

    const got = cli(['get', 'opencode'], { env });
    expect(got.code).toBe(78);
    expect(got.stderr).toContain('NODE_OPTIONS');
    expect(got.stdout + got.stderr).not.toContain(PAYLOAD_TOKEN);
    const status = cli(['status', '--check'], { env });
    expect(status.code).toBe(1);
    expect(status.stdout).toContain('NODE_OPTIONS');
    expect(status.stdout + status.stderr).not.toContain(PAYLOAD_TOKEN);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('ids that are names of Object.prototype members (issue 15 §5)', () => {
  it('login / get / logout constructor treat it as a provider id like any other; __proto__ and toString are refused', () => {
    const { home, env } = cliHome();
    // Not in the provider table and not stored: unknown (issue 16), not a prototype member.
    expect(cli(['logout', 'constructor'], { env }).code).toBe(64);
    const got = cli(['get', 'constructor'], { env });
    expect(got.code).toBe(64);
    expect(got.stdout).toBe('');
    expect(got.stderr).toContain("unknown target or provider 'constructor'");
    const saved = cli(['login', '--provider', 'constructor', '--custom', '--stdin'], { env, input: KEY });
    expect(saved.code).toBe(0);
    expect(saved.stdout).toContain('saved constructor (api)');
    expect(cli(['get', 'constructor'], { env }).stdout).toBe(`${KEY}\n`);
    const replaced = cli(['login', '--provider', 'constructor', '--custom', '--stdin'], { env, input: KEY });
    expect(replaced.stdout).toContain('replaced constructor (api)');
    const order = cli(['auth', 'order', 'set', '--provider', 'constructor', 'nosuch'], { env });
    expect(order.code).toBe(1);
    expect(cli(['logout', 'constructor'], { env }).code).toBe(0);
    expect(cli(['logout', 'constructor'], { env }).code).toBe(64);
    for (const id of ['__proto__', 'toString', 'hasOwnProperty']) {
      expect(cli(['login', '--provider', id, '--stdin'], { env, input: KEY }).code, id).toBe(64);
      expect(cli(['logout', id], { env }).code, id).toBe(64);
    }
    expect(stored(home)).toEqual({});
  });

  it('an auth.json with an entry "__proto__" is listed without it, and the entry is kept through writes', () => {
    const { home, env } = cliHome();
    const file = writeStore(
      home,
      `{"__proto__": {"type": "api", "key": "sk-test-proto-entry-0001"}, "openai": {"type": "api", "key": "${KEY}"}}`,
    );
    const listed = cli(['list', '--json'], { env });
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).credentials.map((c: { id: string }) => c.id)).toEqual(['openai']);
    expect(cli(['get', 'openai'], { env }).stdout).toBe(`${KEY}\n`);
    expect(cli(['login', '--provider', 'groq', '--stdin'], { env, input: 'test-groq-key-0001' }).code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('"__proto__"');
    expect(Object.keys(JSON.parse(text))).toEqual(['__proto__', 'openai', 'groq']);
    expect(Object.getOwnPropertyDescriptor(JSON.parse(text), '__proto__')?.value).toEqual({
      type: 'api',
      key: 'sk-test-proto-entry-0001',
    });
  });
});
