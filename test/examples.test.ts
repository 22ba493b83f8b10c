import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gcpMetadata } from 'google-auth-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useAwsEnv } from './support/clean-env.js';
import { fixture, scratchDir } from './support/fixtures.js';
import { isolateTests } from './support/isolation.js';
import { bedrockServer, externalAccountJson, googleStsServer, vertexServer } from './support/local-servers.js';

const { track } = isolateTests();
afterEach(() => {
  vi.restoreAllMocks();
  vi.resetModules();
});

/** Runs an example module as a program (top-level await) with a clean environment. */
async function runExample(env: Record<string, string>, example: 'bedrock' | 'vertex' | 'sdk-fetch-retry' = 'bedrock') {
  useAwsEnv({ AWS_REGION: 'us-west-2', METADATA_SERVER_DETECTION: 'none', ...env });
  const stdout = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const stderr: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((line: string) => stderr.push(line));
  if (example === 'bedrock') await import('../examples/bedrock-agent.js');
  else if (example === 'vertex') await import('../examples/vertex-agent.js');
  else await import('../examples/sdk-fetch-retry.js');
  return { stdout: stdout.mock.calls.flat().join('\n'), stderr: stderr.join('\n') };
}

describe('examples/bedrock-agent.ts', () => {
  it('signs with SigV4 from awsCredentialExport, and the server verifies the signature', async () => {
    const server = await bedrockServer({
      region: 'us-west-2',
      secretAccessKey: 'test-export-secret-0000000000000000000001',
    });
    track(server);
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
    track(server);
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
    track(server);
    // The first run of the export vends a revoked secret; later runs vend the current one.
    const { stdout } = await runExample({
      ANTHROPIC_BEDROCK_BASE_URL: server.url,
      AWS_CREDENTIAL_EXPORT: `if [ -e "$HOME/ran" ]; then ${fixture('print-sts-json.sh')}; else touch "$HOME/ran"; SECRET=test-revoked-secret-0000000000000000001 ${fixture('print-sts-json.sh')}; fi`,
    });
    expect(stdout).toBe('hello from the fake Bedrock');
    expect(server.calls.map((call) => `${call.auth}:${call.accepted}`)).toEqual(['sigv4:false', 'sigv4:true']);
  });
});

describe('examples/vertex-agent.ts', () => {
  it('mints a token from external_account ADC and calls rawPredict in the model’s region', async () => {
    gcpMetadata.resetIsAvailableCache();
    const accessToken = 'ya29.test-example-token-0001';
    const sts = await googleStsServer({ acceptSubjectToken: 'test-subject', accessToken });
    const vertex = await vertexServer({ accessToken, projectId: 'agents-prod', region: 'us-east5' });
    track(sts);
    track(vertex);
    const dir = scratchDir();
    writeFileSync(join(dir, 'subject'), 'test-subject');
    writeFileSync(join(dir, 'adc.json'), externalAccountJson(sts.tokenUrl, join(dir, 'subject')));
    const { stdout, stderr } = await runExample(
      {
        GOOGLE_APPLICATION_CREDENTIALS: join(dir, 'adc.json'),
        ANTHROPIC_VERTEX_PROJECT_ID: 'agents-prod',
        CLOUD_ML_REGION: 'europe-west1',
        VERTEX_REGION_CLAUDE_4_0_SONNET: 'us-east5',
        ANTHROPIC_VERTEX_BASE_URL: `${vertex.url}/v1`,
      },
      'vertex',
    );
    expect(stdout).toBe('hello from the fake Vertex');
    expect(stderr).toContain('vertex credentials from gcp:external-account (project agents-prod, region us-east5)');
    expect(stdout + stderr).not.toContain(accessToken);
    expect(vertex.calls.map((call) => call.accepted)).toEqual([true]);
  });
});

describe('examples/sdk-fetch-retry.ts', () => {
  it('AnthropicBedrock with creds.fetch: a revoked secret is replaced and the request retried once', async () => {
    const server = track(
      await bedrockServer({ region: 'us-west-2', secretAccessKey: 'test-export-secret-0000000000000000000001' }),
    );
    const { stdout } = await runExample(
      {
        ANTHROPIC_BEDROCK_BASE_URL: server.url,
        AWS_CREDENTIAL_EXPORT: `if [ -e "$HOME/ran" ]; then ${fixture('print-sts-json.sh')}; else touch "$HOME/ran"; SECRET=test-revoked-secret-0000000000000000001 ${fixture('print-sts-json.sh')}; fi`,
      },
      'sdk-fetch-retry',
    );
    expect(stdout).toBe('hello from the fake Bedrock');
    expect(server.calls.map((call) => `${call.auth}:${call.accepted}`)).toEqual(['sigv4:false', 'sigv4:true']);
  });
});
