import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cli, cliAsync, cliHome, writeJson } from '../support/cli.js';
import { isolateTests } from '../support/isolation.js';
import { gceMetadataServer } from '../support/local-servers.js';

// Expiry times that no JavaScript Date can hold (beyond ±8.64e15 ms since the epoch) arrive from
// auth.json, a metadata server and the shared cache. Each is refused or ignored, never a RangeError
// (exit 70, "unexpected error").

const { track } = isolateTests();
vi.setConfig({ testTimeout: 60_000 });

/** Just past the largest time a Date holds, and still a safe integer (zod's `int()` lets it through). */
const BEYOND_DATE_MS = 9_000_000_000_000_000;
const TOKEN = 'sk-ant-test-impossible-date-0001';
const ACCESS_TOKEN = 'ya29.test-impossible-date-token';

describe('impossible expiry times', () => {
  it('auth.json `expires` beyond any Date: list shows no expiry, get names the field (exit 78)', () => {
    const { home, env } = cliHome();
    const file = writeJson(join(home, 'store', 'auth.json'), {
      anthropic: { type: 'token', token: TOKEN, expires: BEYOND_DATE_MS },
    });
    chmodSync(file, 0o600);
    const storeEnv = { ...env, CREDHELPER_AUTH_FILE: file };
    const listed = cli(['list'], { env: storeEnv });
    expect(listed.stderr).not.toContain('unexpected error');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/\n {2}anthropic +Anthropic +token\b/);
    const got = cli(['get', 'anthropic', '--json'], { env: storeEnv });
    expect(got.stderr).not.toContain('unexpected error');
    expect(got.code).toBe(78);
    expect(got.stderr).toContain('anthropic.expires');
    expect(got.stdout + got.stderr).not.toContain(TOKEN);
  });

  it('a metadata server whose token "expires" in 1e300 s: get vertex --json works (no expiry shown)', async () => {
    const metadata = track(await gceMetadataServer({ accessToken: ACCESS_TOKEN, expiresInS: 1e300 }));
    const { env } = cliHome({
      GCE_METADATA_HOST: `127.0.0.1:${metadata.port}`,
      METADATA_SERVER_DETECTION: 'ping-only',
      GOOGLE_CLOUD_PROJECT: 'test-project',
    });
    const result = await cliAsync(['get', 'vertex', '--json'], { env });
    expect(result.stderr).not.toContain('unexpected error');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { accessToken: string; expiresAt?: string };
    expect(json.accessToken).toBe(ACCESS_TOKEN);
    expect(json.expiresAt).toBeUndefined();
  });

  it('a shared-cache entry for Vertex whose expiresAt no Date holds is a miss: a new token is minted', async () => {
    const metadata = track(await gceMetadataServer({ accessToken: ACCESS_TOKEN }));
    const { home, env } = cliHome({
      GCE_METADATA_HOST: `127.0.0.1:${metadata.port}`,
      METADATA_SERVER_DETECTION: 'ping-only',
      GOOGLE_CLOUD_PROJECT: 'test-project',
    });
    expect((await cliAsync(['get', 'vertex'], { env })).code).toBe(0);
    expect(metadata.tokenRequests).toBe(1);
    const cacheDir = join(home, '.cache', 'credhelper');
    const files = readdirSync(cacheDir).filter((name) =>
      readFileSync(join(cacheDir, name), 'utf8').includes(ACCESS_TOKEN),
    );
    expect(files).toHaveLength(1);
    const file = join(cacheDir, files[0] ?? '');
    const entry = JSON.parse(readFileSync(file, 'utf8')) as { value: Record<string, unknown> };
    entry.value.expiresAt = BEYOND_DATE_MS;
    writeFileSync(file, JSON.stringify(entry));

    const result = await cliAsync(['get', 'vertex', '--json'], { env });
    expect(result.stderr).not.toContain('unexpected error');
    expect(result.code).toBe(0);
    expect(metadata.tokenRequests).toBe(2);
    const json = JSON.parse(result.stdout) as { expiresAt?: string };
    expect(Date.parse(json.expiresAt ?? '')).toBeGreaterThan(Date.now());
  });
});
