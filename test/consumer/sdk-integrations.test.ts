import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/fixtures.js';
import { json, type LocalServer, listen, messageReply } from '../support/local-servers.js';
import { nodeAsync, type PackedConsumer, packedConsumer } from './packed-consumer.js';

// The SDK cases, through the installed package and the real SDKs with their default
// retries: a failing helper reaches the agent once, as a credhelper error, and is not re-run;
// creds.fetch owns authentication (the SDK's placeholder key is not sent).
const KEY = 'sk-ant-test-sdk-consumer-0001';

let consumer: PackedConsumer;
let home: ReturnType<typeof tempDir>;
let server: LocalServer;
const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];

beforeAll(async () => {
  consumer = packedConsumer();
  copyFileSync(new URL('./app/sdk-consumer.mjs', import.meta.url), join(consumer.dir, 'sdk-consumer.mjs'));
  home = tempDir();
  server = await listen((request, response) => {
    seen.push({ url: request.url ?? '', headers: request.headers });
    json(response, 200, { ...messageReply('hi'), id: 'msg_consumer' });
  });
}, 60_000);

afterAll(async () => {
  await server?.close();
  consumer?.cleanup();
  home?.cleanup();
});

async function runCase(sdkCase: string, extra: Record<string, string> = {}) {
  const counter = join(home.dir, `${sdkCase}.runs`);
  const run = await nodeAsync(['sdk-consumer.mjs'], consumer.dir, {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home.dir,
    AWS_EC2_METADATA_DISABLED: 'true',
    METADATA_SERVER_DETECTION: 'none',
    AWS_CONFIG_FILE: join(home.dir, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home.dir, 'aws-credentials'),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    GOOGLE_CLOUD_PROJECT: 'consumer-project',
    SDK_CASE: sdkCase,
    BASE_URL: sdkCase.startsWith('vertex') ? `${server.url}/v1` : server.url,
    FAILING_HELPER: `echo run >> '${counter}'; echo 'helper broke' >&2; exit 3`,
    ...extra,
  });
  const runs = existsSync(counter) ? readFileSync(counter, 'utf8').split('\n').filter(Boolean).length : 0;
  return { ...run, result: JSON.parse(run.stdout || '{}') as Record<string, unknown>, runs };
}

describe('SDK integrations of the installed package', () => {
  it.each([
    ['anthropic-fetch', 'HELPER_EXIT'],
    ['bedrock-fetch', 'HELPER_EXIT'],
    ['vertex-fetch', 'HELPER_EXIT'],
  ])(
    '%s (creds.fetch): a failing helper runs once, the agent gets one error naming %s, no request is sent',
    async (sdkCase, code) => {
      const before = seen.length;
      const { result, runs, stderr } = await runCase(sdkCase);
      expect(stderr).not.toContain('Unhandled');
      expect(result).toMatchObject({ ok: false, name: 'AuthenticationError' });
      expect(String(result.message)).toContain(code);
      expect(String(result.message)).not.toContain('sk-ant-test');
      expect(runs).toBe(1);
      expect(Number(result.ms)).toBeLessThan(5_000); // no retry back-off
      expect(seen.length - before).toBe(0); // no request left without credentials
    },
    60_000,
  );

  // These two SDKs wrap a credential failure into their own APIConnectionError and retry it (their
  // code, not credhelper's): the helper still runs once (the failure window), and credhelper's error
  // is the cause. The README recommends the creds.fetch patterns above for one, non-retried error.
  it.each([
    ['bedrock-provider', 'HELPER_EXIT'],
    ['vertex-auth-client', 'HELPER_EXIT'],
  ])(
    '%s: a failing helper runs once across the SDK retries; credhelper error %s is the cause',
    async (sdkCase, code) => {
      const before = seen.length;
      const { result, runs, stderr } = await runCase(sdkCase);
      expect(stderr).not.toContain('Unhandled');
      expect(result.ok).toBe(false);
      expect(result.causeCode).toBe(code);
      expect(String(result.causeMessage)).toContain('exited with code 3');
      expect(runs).toBe(1);
      expect(seen.length - before).toBe(0);
    },
    60_000,
  );

  it("creds.fetch('anthropic') with apiKey 'unused' sends only the real x-api-key", async () => {
    const before = seen.length;
    const { result } = await runCase('anthropic-headers', { ANTHROPIC_API_KEY: KEY });
    expect(result).toMatchObject({ ok: true, id: 'msg_consumer' });
    const sent = seen.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.headers['x-api-key']).toBe(KEY);
    expect(sent[0]?.headers.authorization).toBeUndefined();
    expect(JSON.stringify(sent[0]?.headers)).not.toContain('unused');
  });
});
