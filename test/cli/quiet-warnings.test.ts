import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { isQuietWarning } from '../../src/cli/quiet-warnings.js';
import { cli, cliAsync, cliHome } from '../support/cli.js';
import { isolateTests } from '../support/isolation.js';
import { json, listen } from '../support/local-servers.js';

// Issue 16, "Quiet success": library warnings never reach the user's terminal as noise; the CLI
// says what matters in its own words, once.

const { track } = isolateTests();
vi.setConfig({ testTimeout: 90_000 });
const KEY = 'sk-ant-test-quiet-0001';
const SECRET = 'test-quiet-secret-000000000000000000001';

/** A "metadata server" that drops every connection: gcp-metadata warns about ECONNRESET. */
async function resettingServer(): Promise<{ host: string }> {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  const { port } = server.address() as { port: number };
  track({ url: '', port, close: () => new Promise((resolve) => server.close(() => resolve())) });
  return { host: `127.0.0.1:${port}` };
}

describe('quiet success', () => {
  it('google-auth-library: no MetadataLookupWarning after credhelper’s own message', async () => {
    const { host } = await resettingServer();
    const { env } = cliHome({ CLAUDE_CODE_USE_VERTEX: '1', ANTHROPIC_VERTEX_PROJECT_ID: 'p', GCE_METADATA_HOST: host });
    delete (env as Record<string, string | undefined>).METADATA_SERVER_DETECTION; // the probe runs, as on a laptop
    const run = await cliAsync(['get', 'vertex'], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no Google Application Default Credentials');
    expect(run.stderr).not.toMatch(/MetadataLookupWarning|\(node:\d+\)|trace-warnings/);
    // One message, one line.
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    const status = await cliAsync(['status'], { env });
    expect(status.stderr).toBe('');
  });

  it('AWS SDK clients: no NodeVersionSupportWarning (an STS call for web identity)', async () => {
    let calls = 0;
    const sts = track(
      await listen((_request, response) => {
        calls += 1;
        json(response, 500, { message: 'no' });
      }),
    );
    const { home, env } = cliHome({
      CLAUDE_CODE_USE_BEDROCK: '1',
      AWS_REGION: 'us-east-1',
      AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/test',
      AWS_ROLE_SESSION_NAME: 'quiet',
      AWS_ENDPOINT_URL_STS: sts.url,
    });
    const token = join(home, 'token');
    writeFileSync(token, 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ0ZXN0In0.c2ln');
    const run = await cliAsync(['get', 'bedrock'], { env: { ...env, AWS_WEB_IDENTITY_TOKEN_FILE: token } });
    expect(run.code).toBe(1);
    expect(calls).toBeGreaterThan(0); // an STS client was built and called
    expect(run.stderr).toContain('[credhelper] ');
    expect(run.stderr).not.toMatch(/NodeVersionSupportWarning|\(node:\d+\)|trace-warnings/);
  });

  it('AWS SDK: no "Multiple credential sources" warning when AWS_PROFILE and env keys are both set', () => {
    const { home, env } = cliHome({
      CLAUDE_CODE_USE_BEDROCK: '1',
      AWS_REGION: 'us-east-1',
      AWS_PROFILE: 'work',
      AWS_ACCESS_KEY_ID: 'AKIATESTENVKEY000001',
      AWS_SECRET_ACCESS_KEY: 'test-env-secret-0000000000000000000001',
    });
    const credentials = join(home, '.aws', 'credentials');
    mkdirSync(join(home, '.aws'));
    writeFileSync(join(home, '.aws', 'config'), '[profile work]\nregion = us-east-1\n');
    writeFileSync(credentials, `[work]\naws_access_key_id = AKIATESTPROFILE00001\naws_secret_access_key = ${SECRET}\n`);
    const run = cli(['status', '--check', '--json'], { env: { ...env, ANTHROPIC_API_KEY: KEY } });
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/Multiple credential sources|WARNING/);
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toContain(SECRET);
  });

  it('only the quiet warnings are dropped: others still reach a host', () => {
    expect(isQuietWarning('received unexpected error = x code = ECONNRESET', 'MetadataLookupWarning')).toBe(true);
    expect(isQuietWarning('NodeVersionSupportWarning: The AWS SDK for JavaScript (v3) …')).toBe(true);
    expect(isQuietWarning('x', { type: 'MetadataLookupWarning' })).toBe(true);
    expect(isQuietWarning('something else', 'DeprecationWarning')).toBe(false);
    expect(isQuietWarning(new Error('boom'))).toBe(false);
  });
});
