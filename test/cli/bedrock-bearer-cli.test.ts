import { describe, expect, it } from 'vitest';
import { cli, cliHome, userSettings } from '../support/cli.js';
import { fixture } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

// Issue 20: `get bedrock --bearer` and `exec --bedrock-bearer` hand out a short-term Bedrock API
// key minted from the AWS credentials (here awsCredentialExport), never the keys themselves.

isolateTests();
const SECRET = 'test-export-secret-0000000000000000000001';
const SESSION = 'test-export-session-token-0001';

function setUp(expiresInS = 3600) {
  const { home, env } = cliHome({ AWS_REGION: 'us-west-2', EXPIRES_IN_S: String(expiresInS) });
  userSettings(home, { awsCredentialExport: fixture('print-sts-json.sh') });
  return env;
}

function decode(token: string): Record<string, string> {
  const url = Buffer.from(token.replace(/^bedrock-api-key-/, ''), 'base64').toString('utf8');
  return Object.fromEntries(new URLSearchParams(url.split('?')[1]));
}

describe('CLI: minted Bedrock API keys', () => {
  it('get bedrock --bearer prints the minted key as AWS_BEARER_TOKEN_BEDROCK, lifetime clamped to the credentials', () => {
    const result = cli(['get', 'bedrock', '--bearer', '--json'], { env: setUp(1200) });
    expect(result.code).toBe(0);
    const data = JSON.parse(result.stdout) as { type: string; source: string; token: string; expiresAt?: string };
    expect(data.type).toBe('bearer');
    expect(data.source).toBe('minted:helper:awsCredentialExport');
    expect(data.token).toMatch(/^bedrock-api-key-/);
    expect(Number(decode(data.token)['X-Amz-Expires'])).toBeLessThanOrEqual(1200);
    expect(result.stdout).not.toContain(SECRET);
    expect(result.stderr).not.toContain(data.token);

    const shell = cli(['get', 'bedrock', '--bearer'], { env: setUp() });
    expect(shell.stdout).toMatch(/^export AWS_BEARER_TOKEN_BEDROCK='bedrock-api-key-[A-Za-z0-9+/=]+'$/m);
    expect(shell.stdout).not.toContain('AWS_SECRET_ACCESS_KEY');
  });

  it('status and explain never show the minted key; explain names it minted from its source', () => {
    const env = setUp();
    const explain = cli(['explain', 'bedrock'], { env });
    expect(explain.stdout + explain.stderr).not.toContain('bedrock-api-key-');
    expect(explain.stdout + explain.stderr).not.toContain(SESSION);
  });

  it('exec --bedrock-bearer: the child gets AWS_BEARER_TOKEN_BEDROCK and no AWS keys', () => {
    const env = setUp();
    const result = cli(
      [
        'exec',
        '--target',
        'bedrock',
        '--bedrock-bearer',
        '--',
        process.execPath,
        '-e',
        'const e = process.env; console.log("bearer=" + (e.AWS_BEARER_TOKEN_BEDROCK ?? "").slice(0, 16)); ' +
          'console.log("secret=" + (e.AWS_SECRET_ACCESS_KEY ?? "none"))',
      ],
      { env },
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('bearer=bedrock-api-key-');
    expect(result.stdout).toContain('secret=none');
    expect(result.code).toBe(0);
  });

  it('--bearer is for bedrock only', () => {
    const result = cli(['get', 'anthropic', '--bearer'], { env: setUp() });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('--bearer is for `get bedrock` only');
  });
});
