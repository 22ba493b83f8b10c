import { join } from 'node:path';
import { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import Anthropic, { AuthenticationError } from '@anthropic-ai/sdk';
import { createCredentialHelper, isCredentialHelperError } from 'credhelper';
import { describe, expect, it } from 'vitest';
import { useAwsEnv } from '../support/clean-env.js';
import { fixture, runCount, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { json, listen, messageReply } from '../support/local-servers.js';

// A credential failure inside a real SDK at its default retry settings (maxRetries 2, back-off
// from 0.5 s): one helper run, one fetch attempt, an error naming the code, the setting and the fix.

const { track } = isolateTests();
const SECRET = 'sk-ant-test-sdk-failure-0001';

/** A helper that appends to a count file, then fails (exit 3) or hangs (SLEEP_S). */
function countingHelper(mode: 'exit' | 'hang'): { command: string; count: string } {
  const count = join(scratchDir(), 'count');
  const tail = mode === 'exit' ? `; ${fixture('exit-3.sh')}` : `; sleep 5`;
  return { command: `echo run >> '${count}'${tail}`, count };
}

async function modelServer() {
  const seen: Array<Record<string, string | string[] | undefined>> = [];
  const server = track(
    await listen((request, response) => {
      seen.push(request.headers);
      json(response, 200, messageReply('ok'));
    }),
  );
  return { url: server.url, seen };
}

const MESSAGE = { model: 'claude-test', max_tokens: 1, messages: [{ role: 'user' as const, content: 'hi' }] };

describe('creds.fetch inside the Anthropic SDK (default retries)', () => {
  for (const [mode, code] of [
    ['exit', 'HELPER_EXIT'],
    ['hang', 'HELPER_TIMEOUT'],
  ] as const) {
    it(`a failing apiKeyHelper (${code}) reaches the agent once, quickly, not retried`, async () => {
      const server = await modelServer();
      const { command, count } = countingHelper(mode);
      const creds = createCredentialHelper({
        env: useAwsEnv({ FAKE_KEY: SECRET }),
        settings: { apiKeyHelper: command },
        helperTimeoutMs: 300,
      });
      const credsFetch = creds.fetch('anthropic');
      let attempts = 0;
      const client = new Anthropic({
        apiKey: 'unused',
        baseURL: server.url,
        fetch: (input, init) => {
          attempts++;
          return credsFetch(input, init);
        },
      });
      const started = Date.now();
      const error = await client.messages.create(MESSAGE).catch((e: unknown) => e);
      const elapsedMs = Date.now() - started;
      expect(error).toBeInstanceOf(AuthenticationError);
      const message = String((error as Error).message);
      expect(message).toMatch(new RegExp(`^401 \\[credhelper\\] ${code}: apiKeyHelper `));
      expect(message).toContain('apiKeyHelper');
      expect(message).toMatch(/fix/i);
      expect(message).not.toContain(SECRET);
      expect(attempts).toBe(1);
      expect(runCount(count)).toBe(1);
      expect(server.seen.length).toBe(0);
      // The SDK's first retry alone would wait at least 375 ms after the failure.
      expect(elapsedMs).toBeLessThan(300 + 1_000);
      // Within the failure window, a second call gets the same error without a new run...
      const again = await client.messages.create(MESSAGE).catch((e: unknown) => e);
      expect(String((again as Error).message)).toContain(code);
      expect(runCount(count)).toBe(1);
      // ...and invalidate() forgets it.
      creds.invalidate('anthropic');
      await client.messages.create(MESSAGE).catch(() => undefined);
      expect(runCount(count)).toBe(2);
    });
  }

  it("new Anthropic({ apiKey: 'unused', fetch }) sends only the real credential", async () => {
    const server = await modelServer();
    const creds = createCredentialHelper({
      env: useAwsEnv(),
      settings: { apiKeyHelper: `printf '%s\\n' ${SECRET}` },
    });
    const client = new Anthropic({ apiKey: 'unused', baseURL: server.url, fetch: creds.fetch('anthropic') });
    await client.messages.create(MESSAGE, { headers: { 'X-Api-Key': 'caller-set' } });
    expect(server.seen).toHaveLength(1);
    const sent = JSON.stringify(server.seen[0]);
    expect(sent).toContain(SECRET);
    expect(sent).not.toContain('unused');
    expect(sent).not.toContain('caller-set');
  });
});

describe('creds.fetch inside AnthropicBedrock (default retries)', () => {
  it('a failing awsCredentialExport reaches the agent once, not retried', async () => {
    const server = await modelServer();
    const { command, count } = countingHelper('exit');
    const creds = createCredentialHelper({
      env: useAwsEnv({ FAKE_KEY: SECRET }),
      settings: { awsCredentialExport: command },
      bedrock: { region: 'us-west-2' },
    });
    const credsFetch = creds.fetch('bedrock');
    let attempts = 0;
    const client = new AnthropicBedrock({
      awsRegion: 'us-west-2',
      baseURL: server.url,
      skipAuth: true,
      fetch: (input, init) => {
        attempts++;
        return credsFetch(input, init);
      },
    });
    const error = await client.messages.create(MESSAGE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(String((error as Error).message)).toContain('awsCredentialExport');
    expect(String((error as Error).message)).not.toContain(SECRET);
    expect(attempts).toBe(1);
    expect(runCount(count)).toBe(1);
    expect(server.seen.length).toBe(0);
  });

  it('removes the caller’s authorization and x-amz-* headers before signing', async () => {
    const server = await modelServer();
    const creds = createCredentialHelper({
      env: useAwsEnv({ AWS_BEARER_TOKEN_BEDROCK: 'test-bedrock-bearer-token-0001' }),
      bedrock: { region: 'us-west-2' },
    });
    const client = new AnthropicBedrock({
      awsRegion: 'us-west-2',
      baseURL: server.url,
      skipAuth: true,
      fetch: creds.fetch('bedrock'),
    });
    await client.messages.create(MESSAGE, {
      headers: { authorization: 'Bearer caller', 'x-amz-date': '20200101T000000Z', 'x-amz-security-token': 'caller' },
    });
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0]?.authorization).toBe('Bearer test-bedrock-bearer-token-0001');
    expect(server.seen[0]?.['x-amz-date']).toBeUndefined();
    expect(server.seen[0]?.['x-amz-security-token']).toBeUndefined();
  });
});

// The Bedrock SDK wraps a provider failure into APIConnectionError by design and retries it: the
// failure window keeps that to one helper run, and the credhelper error is the cause. For one,
// non-retried error use creds.fetch('bedrock') with skipAuth (above).
describe('providerChainResolver inside AnthropicBedrock (default retries)', () => {
  it('a failing awsCredentialExport runs once across the SDK retries; the credhelper error is the cause', async () => {
    const server = await modelServer();
    const { command, count } = countingHelper('exit');
    const creds = createCredentialHelper({
      env: useAwsEnv({ FAKE_KEY: SECRET }),
      settings: { awsCredentialExport: command },
      bedrock: { region: 'us-west-2' },
    });
    const client = new AnthropicBedrock({
      awsRegion: 'us-west-2',
      baseURL: server.url,
      apiKey: null,
      providerChainResolver: async () => creds.awsCredentialProvider(),
    });
    const error = await client.messages.create(MESSAGE).catch((e: unknown) => e);
    const cause = (error as Error).cause;
    expect(isCredentialHelperError(cause) && cause.code).toBe('HELPER_EXIT');
    expect(String((cause as Error).message)).toContain('awsCredentialExport');
    expect(String((cause as Error).message)).not.toContain(SECRET);
    expect(runCount(count)).toBe(1);
    expect(server.seen.length).toBe(0);
  });
});
