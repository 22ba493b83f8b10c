import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CREDENTIAL_VARIABLES } from '../../src/proxy/proxy-env.js';
import { CLI, cliAsync, cliHome } from '../support/cli.js';
import { scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { externalAccountJson, googleStsServer } from '../support/local-servers.js';
import { anthropicUpstream } from './proxy-support.js';

// The built CLI: `exec --proxy` gives the child the proxy's variables and no credential of any
// target (canaries), the child's requests get the real credential upstream, the exit code passes
// through; `credhelper proxy` prints the lines to use and stops on SIGTERM.

const CANARIES = {
  ANTHROPIC_API_KEY: 'sk-ant-test-canary-api-key-0001',
  CLAUDE_CODE_OAUTH_TOKEN: 'sk-ant-oat01-test-canary-oauth-0001',
  AWS_ACCESS_KEY_ID: 'AKIATESTCANARY000001',
  AWS_SECRET_ACCESS_KEY: 'test-canary-aws-secret-000000000000000001',
  AWS_SESSION_TOKEN: 'test-canary-aws-session-token-0001',
  OPENAI_API_KEY: 'sk-test-canary-openai-0001',
};
const VERTEX_TOKEN = 'ya29.test-canary-vertex-access-token-0001';
const SUBJECT_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.test-canary-subject';
const { track } = isolateTests();

function parseEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) env[line.slice(0, at)] = line.slice(at + 1);
  }
  return env;
}

describe('credhelper exec --proxy', () => {
  it('`-- env`: no secret of any target in the child, only the proxy’s base URLs and token', async () => {
    const sts = track(await googleStsServer({ acceptSubjectToken: SUBJECT_TOKEN, accessToken: VERTEX_TOKEN }));
    const dir = scratchDir();
    writeFileSync(join(dir, 'subject'), SUBJECT_TOKEN);
    writeFileSync(join(dir, 'adc.json'), externalAccountJson(sts.tokenUrl, join(dir, 'subject')));
    const { env } = cliHome({
      ...CANARIES,
      AWS_REGION: 'us-west-2',
      GOOGLE_APPLICATION_CREDENTIALS: join(dir, 'adc.json'),
      GOOGLE_CLOUD_PROJECT: 'agents-prod',
      CLOUD_ML_REGION: 'us-east5',
      CLAUDE_CODE_USE_BEDROCK: '1',
    });
    const result = await cliAsync(
      ['exec', '--proxy', '--target', 'vertex', '--target', 'anthropic', '--target', 'bedrock', '--', 'env'],
      { env },
    );
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    for (const secret of [...Object.values(CANARIES), VERTEX_TOKEN, SUBJECT_TOKEN]) {
      expect(result.stdout).not.toContain(secret);
      expect(result.stderr).not.toContain(secret);
    }
    const child = parseEnv(result.stdout);
    const token = child.ANTHROPIC_AUTH_TOKEN ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const present = CREDENTIAL_VARIABLES.filter((name) => child[name] !== undefined);
    expect(present.sort()).toEqual(['ANTHROPIC_AUTH_TOKEN', 'AWS_BEARER_TOKEN_BEDROCK']);
    expect(child.AWS_BEARER_TOKEN_BEDROCK).toBe(token);
    expect(child.GOOGLE_APPLICATION_CREDENTIALS).toBeUndefined();
    expect(child.ANTHROPIC_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/anthropic$/);
    expect(child.ANTHROPIC_BEDROCK_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/bedrock$/);
    expect(child.ANTHROPIC_VERTEX_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/vertex\/v1$/);
    // The first --target is the one Claude Code is switched to: Vertex, and not the parent's Bedrock.
    expect(child.CLAUDE_CODE_USE_VERTEX).toBe('1');
    expect(child.CLAUDE_CODE_USE_BEDROCK).toBeUndefined();
    expect(child.CLAUDE_CODE_SKIP_VERTEX_AUTH).toBe('1');
    expect(child.ANTHROPIC_VERTEX_PROJECT_ID).toBe('agents-prod');
  });

  it('without --target: every configured target, and Claude Code stays on the provider its variables chose', async () => {
    const { env } = cliHome({
      ANTHROPIC_API_KEY: CANARIES.ANTHROPIC_API_KEY,
      AWS_ACCESS_KEY_ID: CANARIES.AWS_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: CANARIES.AWS_SECRET_ACCESS_KEY,
      AWS_REGION: 'eu-west-1',
      CLAUDE_CODE_USE_BEDROCK: '1',
    });
    const result = await cliAsync(['exec', '--proxy', '--', 'env'], { env });
    expect(result.code).toBe(0);
    const child = parseEnv(result.stdout);
    expect(child.CLAUDE_CODE_USE_BEDROCK).toBe('1');
    expect(child.ANTHROPIC_BASE_URL).toMatch(/\/anthropic$/);
    expect(child.ANTHROPIC_BEDROCK_BASE_URL).toMatch(/\/bedrock$/);
    expect(child.AWS_REGION).toBe('eu-west-1');
    expect(child.ANTHROPIC_VERTEX_BASE_URL).toBeUndefined();
    for (const secret of Object.values(CANARIES)) expect(result.stdout).not.toContain(secret);
  });

  it('the child’s request reaches the upstream with the real key; the exit code passes through', async () => {
    const upstream = track(await anthropicUpstream(CANARIES.ANTHROPIC_API_KEY));
    const { env } = cliHome({ ANTHROPIC_API_KEY: CANARIES.ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL: upstream.url });
    const script =
      "const r = await fetch(process.env.ANTHROPIC_BASE_URL + '/v1/messages', { method: 'POST', " +
      "headers: { authorization: 'Bearer ' + process.env.ANTHROPIC_AUTH_TOKEN, 'content-type': 'application/json' }, body: '{}' });" +
      'console.log(r.status, typeof process.env.ANTHROPIC_API_KEY); process.exit(7);';
    const logFile = join(scratchDir(), 'proxy.log');
    const result = await cliAsync(
      ['exec', '--proxy', '--proxy-log', logFile, '--', process.execPath, '--input-type=module', '-e', script],
      { env },
    );
    expect(result.code).toBe(7);
    expect(result.stdout.trim()).toBe('200 undefined');
    expect(upstream.calls).toHaveLength(1);
    expect(upstream.calls[0]?.headers['x-api-key']).toBe(CANARIES.ANTHROPIC_API_KEY);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(logFile, 'utf8')).toMatch(/ POST \/anthropic\/v1\/messages 200 \d+B /);
  });

  it('says once on stderr which credential files the agent can still read', async () => {
    const { env, home } = cliHome({ ANTHROPIC_API_KEY: CANARIES.ANTHROPIC_API_KEY });
    mkdirSync(join(home, '.aws'));
    writeFileSync(join(home, '.aws', 'credentials'), '[default]\n');
    const result = await cliAsync(['exec', '--proxy', '--target', 'anthropic', '--', 'true'], { env });
    expect(result.code).toBe(0);
    expect(result.stderr.match(/can still read/g)).toHaveLength(1);
    expect(result.stderr).toContain('~/.aws/credentials');
  });

  it('a log file that cannot be opened: an error naming it before the child runs', async () => {
    const { env } = cliHome({ ANTHROPIC_API_KEY: CANARIES.ANTHROPIC_API_KEY });
    const result = await cliAsync(
      ['exec', '--proxy', '--proxy-log', '/nonexistent/dir/log', '--', 'sh', '-c', 'echo ran'],
      {
        env,
      },
    );
    expect(result.code).not.toBe(0);
    expect(result.stdout).not.toContain('ran');
    expect(result.stderr).toContain('cannot open the proxy log file /nonexistent/dir/log (ENOENT)');
  });

  it('a target asked for that has no credential: exit 1 before the child runs', async () => {
    const { env } = cliHome();
    const result = await cliAsync(['exec', '--proxy', '--target', 'anthropic', '--', 'sh', '-c', 'echo ran'], { env });
    expect(result.code).not.toBe(0);
    expect(result.stdout).not.toContain('ran');
    expect(result.stderr).toContain('no anthropic credentials found');
  });
});

describe('credhelper proxy', () => {
  it('prints unset + export lines, serves until SIGTERM, then exits 0', async () => {
    const upstream = track(await anthropicUpstream(CANARIES.ANTHROPIC_API_KEY));
    const { env } = cliHome({ ANTHROPIC_API_KEY: CANARIES.ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL: upstream.url });
    const child = spawn(process.execPath, [CLI, 'proxy', '--target', 'anthropic'], {
      env,
      cwd: env.HOME,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        if (stdout.includes('ANTHROPIC_AUTH_TOKEN=')) resolve();
      });
    });
    expect(stdout).toMatch(/^unset [A-Z_ ]*ANTHROPIC_API_KEY[A-Z_ ]*\n/);
    const base = /export ANTHROPIC_BASE_URL='([^']+)'/.exec(stdout)?.[1] ?? '';
    const token = /export ANTHROPIC_AUTH_TOKEN='([^']+)'/.exec(stdout)?.[1] ?? '';
    const answer = await fetch(`${base}/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: '{}',
    });
    expect(answer.status).toBe(200);
    expect(upstream.calls[0]?.headers['x-api-key']).toBe(CANARIES.ANTHROPIC_API_KEY);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout + stderr).not.toContain(CANARIES.ANTHROPIC_API_KEY);
  });
});
