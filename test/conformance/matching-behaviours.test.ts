import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCredentialHelper, DEFAULT_HELPER_TIMEOUT_MS, isCredentialHelperError } from 'credhelper';
import { describe, expect, it } from 'vitest';
import { useAwsEnv, useGcpEnv } from '../support/clean-env.js';
import { cleanEnv, fakeClock, fixture, runCount, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { externalAccountJson, googleStsServer, json, listen } from '../support/local-servers.js';

// What the real Claude Code (2.1.197) does and credhelper matches, one test per behaviour, plus
// the rows where credhelper differs on purpose ("keep"), so that neither drifts silently.
// See the README section "Coming from Claude Code".

const { track } = isolateTests();
const HELPER_KEY = 'sk-ant-test-conformance-helper-0001';
const ENV_KEY = 'sk-ant-test-conformance-env-0001';

/** An apiKeyHelper that counts its runs and prints sk-ant-test-conformance-run-<n>. */
function countingHelper(): { command: string; count: string } {
  const dir = scratchDir();
  const count = join(dir, 'count');
  const command = join(dir, 'vend.sh');
  writeFileSync(
    command,
    `#!/bin/sh\necho run >> "${count}"\necho "sk-ant-test-conformance-run-$(wc -l < "${count}" | tr -d ' ')"\n`,
    { mode: 0o755 },
  );
  return { command, count };
}

describe('matches Claude Code', () => {
  it('a helper key is sent in both headers (x-api-key and Authorization: Bearer)', async () => {
    const creds = createCredentialHelper({
      env: cleanEnv({ FAKE_KEY: HELPER_KEY }),
      settings: { apiKeyHelper: fixture('print-key.sh') },
    });
    expect((await creds.anthropic()).headers).toEqual({
      'x-api-key': HELPER_KEY,
      authorization: `Bearer ${HELPER_KEY}`,
    });
  });

  it('one helper run per TTL in a process (a steady caller refreshes ahead in its second half: refresh-ahead.test.ts)', async () => {
    const clock = fakeClock();
    const { command, count } = countingHelper();
    const creds = createCredentialHelper({
      env: cleanEnv(),
      now: clock.now,
      apiKeyHelperTtlMs: 60_000,
      settings: { apiKeyHelper: command },
    });
    await Promise.all(Array.from({ length: 20 }, () => creds.anthropic()));
    clock.advance(29_999);
    await creds.anthropic();
    expect(runCount(count)).toBe(1);
    clock.advance(30_001);
    expect((await creds.anthropic()).value).toBe('sk-ant-test-conformance-run-2');
  });

  it('the helper output is trimmed', async () => {
    const creds = createCredentialHelper({
      env: cleanEnv({ FAKE_KEY: HELPER_KEY }),
      settings: { apiKeyHelper: `printf '  %s  \\n\\n' "$FAKE_KEY"` },
    });
    expect((await creds.anthropic()).value).toBe(HELPER_KEY);
  });

  it('401 → the helper runs again → the request is retried with the new key', async () => {
    const seen: string[] = [];
    const server = track(
      await listen((request, response) => {
        const key = String(request.headers['x-api-key']);
        seen.push(key);
        json(response, key === 'sk-ant-test-conformance-run-2' ? 200 : 401, {});
      }),
    );
    const { command, count } = countingHelper();
    const creds = createCredentialHelper({ env: cleanEnv(), settings: { apiKeyHelper: command } });
    const response = await creds.fetch('anthropic')(`${server.url}/v1/messages`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(200);
    expect(runCount(count)).toBe(2);
    expect(seen).toEqual(['sk-ant-test-conformance-run-1', 'sk-ant-test-conformance-run-2']);
  });

  it('a Bedrock bearer token wins over awsCredentialExport (which does not run)', async () => {
    const count = join(scratchDir(), 'count');
    const creds = createCredentialHelper({
      env: useAwsEnv({ AWS_BEARER_TOKEN_BEDROCK: 'bedrock-api-key-test-conformance', COUNT_FILE: count }),
      settings: { awsCredentialExport: fixture('print-sts-json.sh') },
    });
    expect(await creds.bedrock()).toMatchObject({ type: 'bearer', source: 'env:AWS_BEARER_TOKEN_BEDROCK' });
    expect(runCount(count)).toBe(0);
  });

  it('gcpAuthRefresh is skipped while the credentials are valid', async () => {
    const subjectToken = 'eyJhbGciOiJSUzI1NiJ9.conformance.valid';
    const server = track(
      await googleStsServer({ acceptSubjectToken: subjectToken, accessToken: 'ya29.test-conformance-valid' }),
    );
    const dir = scratchDir();
    writeFileSync(join(dir, 'subject'), subjectToken);
    writeFileSync(join(dir, 'adc.json'), externalAccountJson(server.tokenUrl, join(dir, 'subject')));
    const count = join(dir, 'refresh-count');
    const creds = createCredentialHelper({
      env: useGcpEnv({
        GOOGLE_APPLICATION_CREDENTIALS: join(dir, 'adc.json'),
        GOOGLE_CLOUD_PROJECT: 'p',
        REFRESH_COUNT_FILE: count,
      }),
      settings: { gcpAuthRefresh: fixture('gcp-login.sh') },
    });
    expect((await creds.vertex()).accessToken).toBe('ya29.test-conformance-valid');
    expect(runCount(count)).toBe(0);
  });
});

describe('differs from Claude Code on purpose (kept)', () => {
  it.each<{ with: Record<string, string>; source: string; headers: string[] }>([
    { with: { ANTHROPIC_API_KEY: ENV_KEY }, source: 'helper:apiKeyHelper', headers: ['authorization', 'x-api-key'] },
    { with: { ANTHROPIC_AUTH_TOKEN: ENV_KEY }, source: 'env:ANTHROPIC_AUTH_TOKEN', headers: ['authorization'] },
    {
      with: { CLAUDE_CODE_OAUTH_TOKEN: ENV_KEY },
      source: 'env:CLAUDE_CODE_OAUTH_TOKEN',
      headers: ['anthropic-beta', 'authorization'],
    },
  ])('$source wins with an apiKeyHelper and $with: one source by the documented order, never mixed', async (row) => {
    const creds = createCredentialHelper({
      env: cleanEnv({ FAKE_KEY: HELPER_KEY, ...row.with }),
      settings: { apiKeyHelper: fixture('print-key.sh') },
    });
    const credential = await creds.anthropic();
    expect(credential.source).toBe(row.source);
    expect(Object.keys(credential.headers).sort()).toEqual(row.headers);
    // Every header carries the one winner's secret: no x-api-key from one source and Bearer from another.
    const winner = row.source === 'helper:apiKeyHelper' ? HELPER_KEY : ENV_KEY;
    for (const [name, value] of Object.entries(credential.headers)) {
      if (name !== 'anthropic-beta') expect(value).toContain(winner);
    }
  });

  it('a failing awsCredentialExport stops the resolution: no silent fall-back to another AWS login', async () => {
    const creds = createCredentialHelper({
      env: useAwsEnv({ AWS_ACCESS_KEY_ID: 'AKIATESTCONFORMANCE1', AWS_SECRET_ACCESS_KEY: 'test-conformance-secret' }),
      settings: { awsCredentialExport: fixture('exit-3.sh') },
    });
    const error = await creds.bedrock().catch((e: unknown) => e);
    expect(isCredentialHelperError(error) && error.code).toBe('HELPER_EXIT');
    expect(String(error)).toContain('awsCredentialExport');
  });

  it('an Expiration in the past: CREDENTIALS_EXPIRED, then awsAuthRefresh, then the export again', async () => {
    const dir = scratchDir();
    const files = { log: join(dir, 'log'), marker: join(dir, 'logged-in'), count: join(dir, 'refresh-count') };
    const exporter = join(dir, 'export.sh');
    writeFileSync(
      exporter,
      `#!/bin/sh\nif [ -e "$MARKER" ]; then exec '${fixture('print-sts-json.sh')}'; fi\necho export-expired >> "$LOG_FILE"\nEXPIRATION=2020-01-01T00:00:00Z exec '${fixture('print-sts-json.sh')}'\n`,
      { mode: 0o755 },
    );
    const env = useAwsEnv({ LOG_FILE: files.log, MARKER: files.marker, REFRESH_COUNT_FILE: files.count });
    const withoutRefresh = createCredentialHelper({ env, settings: { awsCredentialExport: exporter } });
    const error = await withoutRefresh.bedrock().catch((e: unknown) => e);
    expect(isCredentialHelperError(error) && error.code).toBe('CREDENTIALS_EXPIRED');
    const creds = createCredentialHelper({
      env,
      settings: { awsCredentialExport: exporter, awsAuthRefresh: fixture('refresh-creates-marker.sh') },
      onRefreshOutput: () => {},
    });
    expect(await creds.bedrock()).toMatchObject({ type: 'sigv4', source: 'helper:awsCredentialExport' });
    expect(runCount(files.count)).toBe(1);
  });

  it('a server that always answers 401 gets one retry (not ten): the SDK retry policy is the caller’s', async () => {
    let requests = 0;
    const server = track(
      await listen((_request, response) => {
        requests++;
        json(response, 401, { type: 'error' });
      }),
    );
    const { command, count } = countingHelper();
    const creds = createCredentialHelper({ env: cleanEnv(), settings: { apiKeyHelper: command } });
    expect((await creds.fetch('anthropic')(`${server.url}/v1/messages`, { method: 'POST', body: '{}' })).status).toBe(
      401,
    );
    expect(requests).toBe(2);
    expect(runCount(count)).toBe(2);
  });

  it('a hung helper is stopped after 30 s by default; the error says how to raise it (CREDHELPER_HELPER_TIMEOUT_MS)', async () => {
    expect(DEFAULT_HELPER_TIMEOUT_MS).toBe(30_000);
    const creds = createCredentialHelper({
      env: cleanEnv({ PID_FILE: join(scratchDir(), 'pid'), CREDHELPER_HELPER_TIMEOUT_MS: '300' }),
      settings: { apiKeyHelper: fixture('hang-with-grandchild.sh') },
    });
    const started = performance.now();
    const error = await creds.anthropic().catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(isCredentialHelperError(error) && error.code).toBe('HELPER_TIMEOUT');
    expect(String(error)).toContain('now 300 ms; the helperTimeoutMs option or CREDHELPER_HELPER_TIMEOUT_MS');
  });
});
