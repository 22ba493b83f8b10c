import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, cliHome, userSettings } from '../support/cli.js';
import { fixture, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { startMoto } from '../support/local-servers.js';
import { hasScript, type PtySession, runInPty } from '../support/pty.js';

// Refresh commands' prompts reach the person on the controlling terminal, whoever captures
// credhelper's stderr (the AWS CLI, the JS SDK's fromProcess, an execFile parent), and a refresh
// command can read what the person types there. Each case runs in a real pseudo-terminal.

const { track } = isolateTests();
const CODE = 'WDJB-MJHT';
const hasAws = spawnSync('aws', ['--version']).status === 0;
const hasMoto = spawnSync('python3', ['-c', 'import moto.server']).status === 0;
const sessions: PtySession[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) session.process.kill('SIGKILL');
});

/** A HOME whose awsCredentialExport fails until the awsAuthRefresh "logs in" (creates MARKER). */
function loginHome(refresh: string, extra: Record<string, string> = {}) {
  const dir = scratchDir();
  const paths = {
    marker: join(dir, 'logged-in'),
    go: join(dir, 'go'),
    codeFile: join(dir, 'code'),
    out: join(dir, 'out'),
    err: join(dir, 'err'),
  };
  const { home, env } = cliHome({
    MARKER: paths.marker,
    GO_MARKER: paths.go,
    CODE_FILE: paths.codeFile,
    LOG_FILE: join(dir, 'log'),
    AWS_REGION: 'us-east-1',
    ...extra,
  });
  userSettings(home, { awsCredentialExport: fixture('export-until-marker.sh'), awsAuthRefresh: fixture(refresh) });
  const config = join(home, 'aws-config');
  writeFileSync(
    config,
    `[profile agents]\ncredential_process = ${process.execPath} ${CLI} aws-credential-process\nregion = us-east-1\n`,
  );
  Object.assign(env, { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(home, 'aws-credentials') });
  return { home, env, ...paths };
}

/** Waits for the device code on the terminal while the login still waits, then approves it. */
async function codeShownWhileWaiting(session: PtySession, paths: { marker: string; go: string }): Promise<void> {
  await session.waitFor(CODE, 20_000);
  expect(existsSync(paths.marker)).toBe(false); // the refresh is still waiting for the person
  writeFileSync(paths.go, '');
}

describe.skipIf(!hasScript())('refresh output and input on the controlling terminal', () => {
  it.skipIf(!hasAws || !hasMoto)(
    'under the real AWS CLI (credential_process = credhelper aws-credential-process) the device code is on the terminal while the refresh runs',
    async () => {
      const moto = track(await startMoto());
      const h = loginHome('refresh-device-code.sh');
      const session = runInPty(
        `aws sts get-caller-identity --endpoint-url ${moto.url} --profile agents --output json >${h.out} 2>${h.err}`,
        { env: h.env, cwd: h.home },
      );
      sessions.push(session);
      await codeShownWhileWaiting(session, h);
      expect(await session.exited).toBe(0);
      expect(JSON.parse(readFileSync(h.out, 'utf8')).Account).toMatch(/^\d{12}$/);
      expect(readFileSync(h.out, 'utf8')).not.toContain(CODE);
    },
    90_000,
  );

  it('under the JS SDK fromProcess (which reads stdout only) the device code is on the terminal', async () => {
    const h = loginHome('refresh-device-code.sh');
    const program = join(scratchDir(), 'from-process.mjs');
    const providers = join(process.cwd(), 'node_modules', '@aws-sdk', 'credential-providers', 'dist-cjs', 'index.js');
    writeFileSync(
      program,
      `import { createRequire } from 'node:module';\nconst { fromProcess } = createRequire(import.meta.url)(${JSON.stringify(providers)});\nconst c = await fromProcess({ profile: 'agents' })();\nconsole.log(c.accessKeyId);\n`,
    );
    const session = runInPty(`${process.execPath} ${program} >${h.out} 2>${h.err}`, { env: h.env, cwd: h.home });
    sessions.push(session);
    await codeShownWhileWaiting(session, h);
    expect(await session.exited).toBe(0);
    expect(readFileSync(h.out, 'utf8').trim()).toBe('ASIATESTEXPORT000001');
    expect(readFileSync(h.err, 'utf8')).not.toContain('test-export-secret');
  }, 60_000);

  it('under a parent that captures both streams with execFile the device code is on the terminal, not in the captured output', async () => {
    const h = loginHome('refresh-device-code.sh');
    const program = join(scratchDir(), 'exec-file.mjs');
    writeFileSync(
      program,
      `import { execFile } from 'node:child_process';\nimport { writeFileSync } from 'node:fs';\nexecFile(${JSON.stringify(process.execPath)}, [${JSON.stringify(CLI)}, 'get', 'bedrock', '--json'], (error, stdout, stderr) => {\n  writeFileSync(${JSON.stringify(h.out)}, JSON.stringify({ code: error?.code ?? 0, stdout, stderr }));\n});\n`,
    );
    const session = runInPty(`${process.execPath} ${program}`, { env: h.env, cwd: h.home });
    sessions.push(session);
    await codeShownWhileWaiting(session, h);
    expect(await session.exited).toBe(0);
    const captured = JSON.parse(readFileSync(h.out, 'utf8')) as { code: number; stdout: string; stderr: string };
    expect(captured.code).toBe(0);
    expect(captured.stdout).not.toContain(CODE);
    expect(captured.stderr).not.toContain(CODE);
  }, 60_000);

  it('a refresh command that reads a line from stdin gets what the person types at the terminal', async () => {
    const h = loginHome('refresh-read-code.sh');
    const session = runInPty(`${process.execPath} ${CLI} get bedrock --json >${h.out} 2>${h.err}`, {
      env: h.env,
      cwd: h.home,
    });
    sessions.push(session);
    await session.waitFor('Paste the verification code:', 20_000);
    session.type('4/0AbCdEf-typed\n');
    expect(await session.exited).toBe(0);
    expect(readFileSync(h.codeFile, 'utf8')).toBe('4/0AbCdEf-typed');
    expect(readFileSync(h.out, 'utf8')).toContain('ASIATESTEXPORT000001');
  }, 60_000);

  it('a refresh command reading the terminal still dies with its process group on timeout', async () => {
    const h = loginHome('refresh-read-code.sh', { CREDHELPER_REFRESH_TIMEOUT_MS: '1500' });
    const session = runInPty(`${process.execPath} ${CLI} get bedrock >${h.out} 2>${h.err}`, {
      env: h.env,
      cwd: h.home,
    });
    sessions.push(session);
    const started = Date.now();
    await session.waitFor('Paste the verification code:', 20_000);
    expect(await session.exited).not.toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(readFileSync(h.err, 'utf8')).toMatch(/awsAuthRefresh timed out after 1500 ms/);
    expect(existsSync(h.codeFile)).toBe(false);
  }, 60_000);
});

describe('refresh output with no controlling terminal', () => {
  it.skipIf(spawnSync('setsid', ['--version']).status !== 0)(
    'under setsid (no terminal) the refresh output falls back to stderr, never stdout',
    () => {
      const h = loginHome('refresh-device-code.sh');
      writeFileSync(h.go, ''); // approved at once
      const result = spawnSync('setsid', ['-w', process.execPath, CLI, 'get', 'bedrock', '--json'], {
        env: h.env,
        cwd: h.home,
        encoding: 'utf8',
        timeout: 30_000,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      expect(result.status).toBe(0);
      expect(result.stderr).toContain(CODE);
      expect(result.stdout).not.toContain(CODE);
      expect(result.stdout).toContain('ASIATESTEXPORT000001');
    },
  );
});
