import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { restoreProcessEnv, useAwsEnv } from './support/aws-env.js';
import { fixture, removeScratchDirs } from './support/fixtures.js';
import { bedrockServer, type LocalServer } from './support/local-servers.js';

const servers: LocalServer[] = [];
afterEach(() => {
  restoreProcessEnv();
  removeScratchDirs();
  vi.restoreAllMocks();
  vi.resetModules();
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

/** Runs the example module as a program (top-level await) with a clean AWS environment. */
async function runExample(env: Record<string, string>) {
  useAwsEnv({ AWS_REGION: 'us-west-2', ...env });
  const stdout = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const stderr: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((line: string) => stderr.push(line));
  await import('../examples/bedrock-agent.js');
  return { stdout: stdout.mock.calls.flat().join('\n'), stderr: stderr.join('\n') };
}

describe('examples/bedrock-agent.ts', () => {
  it('signs with SigV4 from awsCredentialExport, and the server verifies the signature', async () => {
    const server = await bedrockServer({
      region: 'us-west-2',
      secretAccessKey: 'test-export-secret-0000000000000000000001',
    });
    servers.push(server);
    const { stdout, stderr } = await runExample({
      ANTHROPIC_BEDROCK_BASE_URL: server.url,
      AWS_CREDENTIAL_EXPORT: fixture('print-sts-json.sh'),
    });
    expect(stdout).toBe('hello from the fake Bedrock');
    expect(stderr).toContain('bedrock credentials from helper:awsCredentialExport (sigv4, us-west-2)');
    expect(stdout + stderr).not.toContain('test-export-secret');
    expect(server.calls.map((call) => `${call.auth}:${call.accepted}`)).toEqual(['sigv4:true']);
  });

  it('uses the Bedrock API key from AWS_BEARER_TOKEN_BEDROCK when set', async () => {
    const server = await bedrockServer({ region: 'us-west-2', bearerToken: 'test-bedrock-bearer-token-0001' });
    servers.push(server);
    const { stdout, stderr } = await runExample({
      ANTHROPIC_BEDROCK_BASE_URL: server.url,
      AWS_BEARER_TOKEN_BEDROCK: 'test-bedrock-bearer-token-0001',
    });
    expect(stdout).toBe('hello from the fake Bedrock');
    expect(stderr).toContain('from env:AWS_BEARER_TOKEN_BEDROCK (bearer, us-west-2)');
    expect(server.calls.map((call) => `${call.auth}:${call.accepted}`)).toEqual(['bearer:true']);
  });

  it('after a 403 it invalidates and retries once with freshly vended credentials', async () => {
    const server = await bedrockServer({
      region: 'us-west-2',
      secretAccessKey: 'test-export-secret-0000000000000000000001',
    });
    servers.push(server);
    // The first run of the export vends a revoked secret; later runs vend the current one.
    const { stdout } = await runExample({
      ANTHROPIC_BEDROCK_BASE_URL: server.url,
      AWS_CREDENTIAL_EXPORT: `if [ -e "$HOME/ran" ]; then ${fixture('print-sts-json.sh')}; else touch "$HOME/ran"; SECRET=test-revoked-secret-0000000000000000001 ${fixture('print-sts-json.sh')}; fi`,
    });
    expect(stdout).toBe('hello from the fake Bedrock');
    expect(server.calls.map((call) => `${call.auth}:${call.accepted}`)).toEqual(['sigv4:false', 'sigv4:true']);
  });
});
