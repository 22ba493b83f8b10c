import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CredentialHelperError, createCredentialHelper } from '../../src/index.js';
import { hoursFromNow, writeAuthFile } from '../support/auth-file.js';
import {
  cleanEnv,
  everyRendering,
  fakeClock,
  fixture,
  removeScratchDirs,
  runCount,
  scratchDir,
} from '../support/fixtures.js';

const AUTH_TOKEN = 'sk-ant-test-authtoken-1111';
const OAUTH_TOKEN = 'sk-ant-test-oat-2222';
const HELPER_KEY = 'sk-ant-test-helper-3333';
const API_KEY = 'sk-ant-test-apikey-4444';
const STORED_OAUTH = 'sk-ant-test-stored-oat-6666';
const STORED_KEY = 'sk-ant-test-stored-key-7777';
/** An auth.json with an OAuth token (valid for hours) and an API key for anthropic. */
const storeWith = (entries: Record<string, unknown>) => ({ CREDHELPER_AUTH_FILE: writeAuthFile(entries) });
const storedOAuth = { type: 'oauth', access: STORED_OAUTH, refresh: 'sk-ant-test-ort-8888', expires: hoursFromNow(8) };

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  removeScratchDirs();
});
const scratch = scratchDir;
/** An open descriptor whose content is `text` (what a managed deployment passes). */
function descriptorWith(text: string): string {
  const file = join(scratch(), 'token');
  writeFileSync(file, text);
  const fd = openSync(file, 'r');
  cleanups.push(() => closeSync(fd));
  return String(fd);
}

const helperCommand = `FAKE_KEY=${HELPER_KEY} ${fixture('print-key.sh')}`;

describe('anthropic() precedence: one row per rule', () => {
  const rows: Array<{
    rule: string;
    env: () => Record<string, string>;
    helper: boolean;
    source: string;
    type: string;
    value: string;
  }> = [
    {
      rule: '1. ANTHROPIC_AUTH_TOKEN beats everything',
      env: () => ({
        ANTHROPIC_AUTH_TOKEN: AUTH_TOKEN,
        CLAUDE_CODE_OAUTH_TOKEN: OAUTH_TOKEN,
        ANTHROPIC_API_KEY: API_KEY,
      }),
      helper: true,
      source: 'env:ANTHROPIC_AUTH_TOKEN',
      type: 'authToken',
      value: AUTH_TOKEN,
    },
    {
      rule: '2. CLAUDE_CODE_OAUTH_TOKEN beats the descriptor, the helper and the key',
      env: () => ({
        CLAUDE_CODE_OAUTH_TOKEN: OAUTH_TOKEN,
        CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR: descriptorWith('sk-ant-test-fd-5555'),
        ANTHROPIC_API_KEY: API_KEY,
      }),
      helper: true,
      source: 'env:CLAUDE_CODE_OAUTH_TOKEN',
      type: 'oauth',
      value: OAUTH_TOKEN,
    },
    {
      rule: '3. the descriptor token beats apiKeyHelper',
      env: () => ({
        CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR: descriptorWith('sk-ant-test-fd-5555\n'),
        ANTHROPIC_API_KEY: API_KEY,
      }),
      helper: true,
      source: 'fd:CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR',
      type: 'oauth',
      value: 'sk-ant-test-fd-5555',
    },
    {
      rule: '4. apiKeyHelper beats ANTHROPIC_API_KEY',
      env: () => ({ ANTHROPIC_API_KEY: API_KEY }),
      helper: true,
      source: 'helper:apiKeyHelper',
      type: 'apiKey',
      value: HELPER_KEY,
    },
    {
      rule: '4. apiKeyHelper beats the stored OAuth token',
      env: () => ({ ...storeWith({ anthropic: storedOAuth }), ANTHROPIC_API_KEY: API_KEY }),
      helper: true,
      source: 'helper:apiKeyHelper',
      type: 'apiKey',
      value: HELPER_KEY,
    },
    {
      rule: '5. the stored OAuth token beats ANTHROPIC_API_KEY',
      env: () => ({ ...storeWith({ anthropic: storedOAuth }), ANTHROPIC_API_KEY: API_KEY }),
      helper: false,
      source: 'store:anthropic',
      type: 'oauth',
      value: STORED_OAUTH,
    },
    {
      rule: '5. a pasted token (setup-token) is an OAuth token too',
      env: () => ({ ...storeWith({ anthropic: { type: 'token', token: STORED_OAUTH } }), ANTHROPIC_API_KEY: API_KEY }),
      helper: false,
      source: 'store:anthropic',
      type: 'oauth',
      value: STORED_OAUTH,
    },
    {
      rule: '6. ANTHROPIC_API_KEY beats a stored API key',
      env: () => ({ ...storeWith({ anthropic: { type: 'api', key: STORED_KEY } }), ANTHROPIC_API_KEY: API_KEY }),
      helper: false,
      source: 'env:ANTHROPIC_API_KEY',
      type: 'apiKey',
      value: API_KEY,
    },
    {
      rule: '7. the stored API key when nothing else is set',
      env: () => storeWith({ anthropic: { type: 'api', key: STORED_KEY } }),
      helper: false,
      source: 'store:anthropic',
      type: 'apiKey',
      value: STORED_KEY,
    },
    {
      rule: '5. the stored order decides between profiles',
      env: () =>
        storeWith({
          anthropic: storedOAuth,
          'anthropic:work': { type: 'token', token: 'sk-ant-test-work-9999' },
          $order: { anthropic: ['anthropic:work', 'anthropic'] },
        }),
      helper: false,
      source: 'store:anthropic:work',
      type: 'oauth',
      value: 'sk-ant-test-work-9999',
    },
    {
      rule: '6. ANTHROPIC_API_KEY when nothing else is set',
      env: () => ({ ANTHROPIC_API_KEY: API_KEY }),
      helper: false,
      source: 'env:ANTHROPIC_API_KEY',
      type: 'apiKey',
      value: API_KEY,
    },
    {
      rule: 'empty or blank variables count as unset',
      env: () => ({ ANTHROPIC_AUTH_TOKEN: '', CLAUDE_CODE_OAUTH_TOKEN: '   ', ANTHROPIC_API_KEY: API_KEY }),
      helper: false,
      source: 'env:ANTHROPIC_API_KEY',
      type: 'apiKey',
      value: API_KEY,
    },
  ];
  it.each(rows)('$rule', async ({ env, helper, source, type, value }) => {
    const creds = createCredentialHelper({
      env: cleanEnv(env()),
      settings: helper ? { apiKeyHelper: helperCommand } : {},
    });
    const credential = await creds.anthropic();
    expect(credential).toMatchObject({ source, type, value });
  });

  it('explain: the stored rows in their places, shadowed by what comes first', async () => {
    const env = cleanEnv({
      ANTHROPIC_API_KEY: API_KEY,
      ...storeWith({ anthropic: storedOAuth, 'anthropic:ci': { type: 'api', key: STORED_KEY } }),
    });
    const explanation = await createCredentialHelper({ env }).explain('anthropic');
    expect(explanation.candidates.map((c) => c.source)).toEqual([
      'env:ANTHROPIC_AUTH_TOKEN',
      'env:CLAUDE_CODE_OAUTH_TOKEN',
      'fd:CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR',
      'helper:apiKeyHelper',
      'store:anthropic',
      'env:ANTHROPIC_API_KEY',
      'store:anthropic:ci', // the entry the row holds, as status and get --json name it
    ]);
    expect(explanation.candidates[4]).toMatchObject({ status: 'won' });
    expect(explanation.candidates[5]).toMatchObject({ status: 'shadowed' });
    expect(explanation.candidates[6]).toMatchObject({ status: 'shadowed' });
    for (const secret of [STORED_OAUTH, STORED_KEY, API_KEY]) expect(JSON.stringify(explanation)).not.toContain(secret);
  });

  it('headers: bearer for tokens, oauth beta for OAuth, x-api-key for keys, both for the helper key', async () => {
    const header = async (env: Record<string, string>, apiKeyHelper?: string) =>
      (await createCredentialHelper({ env: cleanEnv(env), settings: apiKeyHelper ? { apiKeyHelper } : {} }).anthropic())
        .headers;
    expect(await header({ ANTHROPIC_AUTH_TOKEN: AUTH_TOKEN })).toEqual({ authorization: `Bearer ${AUTH_TOKEN}` });
    expect(await header({ CLAUDE_CODE_OAUTH_TOKEN: OAUTH_TOKEN })).toEqual({
      authorization: `Bearer ${OAUTH_TOKEN}`,
      'anthropic-beta': 'oauth-2025-04-20',
    });
    expect(await header({ ANTHROPIC_API_KEY: API_KEY })).toEqual({ 'x-api-key': API_KEY });
    expect(await header({}, helperCommand)).toEqual({ 'x-api-key': HELPER_KEY, authorization: `Bearer ${HELPER_KEY}` });
  });

  it('reads the environment when it resolves: a changed env is seen after invalidate()', async () => {
    const env = cleanEnv({ ANTHROPIC_API_KEY: API_KEY });
    const creds = createCredentialHelper({ env });
    expect((await creds.anthropic()).source).toBe('env:ANTHROPIC_API_KEY');
    env.ANTHROPIC_AUTH_TOKEN = AUTH_TOKEN;
    expect((await creds.anthropic()).source).toBe('env:ANTHROPIC_API_KEY');
    creds.invalidate('anthropic');
    expect((await creds.anthropic()).source).toBe('env:ANTHROPIC_AUTH_TOKEN');
  });

  it('nothing configured: CREDENTIALS_NOT_FOUND listing what was tried', async () => {
    const error = (await createCredentialHelper({ env: cleanEnv() })
      .anthropic()
      .catch((e: unknown) => e)) as CredentialHelperError;
    expect(error.code).toBe('CREDENTIALS_NOT_FOUND');
    expect(error.message).toContain('env:ANTHROPIC_AUTH_TOKEN, env:CLAUDE_CODE_OAUTH_TOKEN');
  });
});

describe('apiKeyHelper', () => {
  function counting(extra: Record<string, string> = {}) {
    const countFile = join(scratch(), 'count');
    return { countFile, env: cleanEnv({ COUNT_FILE: countFile, ...extra }) };
  }

  it('1000 concurrent anthropic() calls run the helper once', async () => {
    const { countFile, env } = counting({ SLEEP_S: '0.2' });
    const creds = createCredentialHelper({ env, settings: { apiKeyHelper: fixture('count-runs.sh') } });
    const results = await Promise.all(Array.from({ length: 1000 }, () => creds.anthropic()));
    expect(runCount(countFile)).toBe(1);
    expect(new Set(results.map((r) => r.value))).toEqual(new Set(['sk-ant-test-run-1']));
  });

  it('re-runs after the TTL (fake clock), honouring the option, then the env variables', async () => {
    const clock = fakeClock();
    const { countFile, env } = counting({
      CLAUDE_CODE_API_KEY_HELPER_TTL_MS: '1000',
      CREDHELPER_API_KEY_HELPER_TTL_MS: '2000',
    });
    const creds = createCredentialHelper({ env, now: clock.now, settings: { apiKeyHelper: fixture('count-runs.sh') } });
    expect((await creds.anthropic()).value).toBe('sk-ant-test-run-1');
    clock.advance(1999);
    expect((await creds.anthropic()).value).toBe('sk-ant-test-run-1');
    clock.advance(1);
    expect((await creds.anthropic()).value).toBe('sk-ant-test-run-2');
    expect(runCount(countFile)).toBe(2);

    const viaOption = createCredentialHelper({
      env,
      now: clock.now,
      apiKeyHelperTtlMs: 50,
      settings: { apiKeyHelper: fixture('count-runs.sh') },
    });
    await viaOption.anthropic();
    clock.advance(50);
    await viaOption.anthropic();
    expect(runCount(countFile)).toBe(4);
  });

  it('defaults to a 5-minute TTL', async () => {
    const clock = fakeClock();
    const { countFile, env } = counting();
    const creds = createCredentialHelper({ env, now: clock.now, settings: { apiKeyHelper: fixture('count-runs.sh') } });
    await creds.anthropic();
    // Up to the last minute of the TTL (where refresh-ahead starts: test/conformance/refresh-ahead).
    clock.advance(239_999);
    await creds.anthropic();
    expect(runCount(countFile)).toBe(1);
    clock.advance(60_001);
    await creds.anthropic();
    expect(runCount(countFile)).toBe(2);
  });

  it('invalidate("anthropic") makes the next call run the helper again', async () => {
    const { countFile, env } = counting();
    const creds = createCredentialHelper({ env, settings: { apiKeyHelper: fixture('count-runs.sh') } });
    expect((await creds.anthropic()).value).toBe('sk-ant-test-run-1');
    creds.invalidate('anthropic');
    expect((await creds.anthropic()).value).toBe('sk-ant-test-run-2');
    expect(runCount(countFile)).toBe(2);
  });

  const failures: Array<{ name: string; command: string; code: string; mention: string }> = [
    {
      name: 'stderr output (strictHelperStderr)',
      command: fixture('print-key-and-warn.sh'),
      code: 'HELPER_STDERR',
      mention: 'wrote to stderr',
    },
    { name: 'non-zero exit', command: fixture('exit-3.sh'), code: 'HELPER_EXIT', mention: 'exited with code 3' },
    { name: 'empty output', command: fixture('print-nothing.sh'), code: 'OUTPUT_INVALID', mention: 'empty output' },
    { name: '5 MB of output', command: fixture('flood-5mb.sh'), code: 'HELPER_OUTPUT_TOO_LARGE', mention: 'more than' },
    {
      name: 'two lines',
      command: `printf '%s\\nsecond-line\\n' "$FAKE_KEY"`,
      code: 'OUTPUT_INVALID',
      mention: 'single line',
    },
  ];
  it.each(failures)(
    '$name is a $code naming apiKeyHelper, never showing the key',
    async ({ command, code, mention }) => {
      const creds = createCredentialHelper({
        env: cleanEnv({ FAKE_KEY: HELPER_KEY, ANTHROPIC_API_KEY: API_KEY }),
        settings: { apiKeyHelper: command },
        strictHelperStderr: true, // the documented contract: stderr is an error
      });
      const error = (await creds.anthropic().catch((e: unknown) => e)) as CredentialHelperError;
      expect(error.code).toBe(code);
      expect(error.message).toContain('apiKeyHelper');
      expect(error.message).toContain(mention);
      const rendered = everyRendering(error);
      expect(rendered).not.toContain(HELPER_KEY);
      expect(rendered).not.toContain(API_KEY);
    },
  );

  it('a timed-out helper is HELPER_TIMEOUT after helperTimeoutMs, and does not fall through to ANTHROPIC_API_KEY', async () => {
    const pidFile = join(scratch(), 'pid');
    const creds = createCredentialHelper({
      env: cleanEnv({ PID_FILE: pidFile, ANTHROPIC_API_KEY: API_KEY }),
      helperTimeoutMs: 300,
      settings: { apiKeyHelper: fixture('hang-with-grandchild.sh') },
    });
    const error = (await creds.anthropic().catch((e: unknown) => e)) as CredentialHelperError;
    expect(error.code).toBe('HELPER_TIMEOUT');
  });
});

describe('createCredentialHelper options', () => {
  it.each([
    [
      { env: cleanEnv({ CLAUDE_CODE_API_KEY_HELPER_TTL_MS: 'soon' }) },
      'expected CLAUDE_CODE_API_KEY_HELPER_TTL_MS to be a whole number of milliseconds, got "soon"',
    ],
    [{ env: cleanEnv({ CREDHELPER_API_KEY_HELPER_TTL_MS: '-5' }) }, 'CREDHELPER_API_KEY_HELPER_TTL_MS'],
    [{ apiKeyHelperTtlMs: -1 }, 'expected `apiKeyHelperTtlMs` to be a non-negative integer (ms), got -1'],
    [{ helperTimeoutMs: 0 }, 'expected `helperTimeoutMs` to be a positive integer (ms), got 0'],
    [{ settings: { apiKeyHelper: '  ' } }, 'settings.apiKeyHelper: expected a non-empty shell command'],
    [{ settings: { awsAuthRefresh: 42 as unknown as string } }, 'settings.awsAuthRefresh'],
  ])('refuses %o at construction', (options, message) => {
    expect(() => createCredentialHelper(options)).toThrow(message);
  });

  it('never writes to env, and never puts a secret in process.env', async () => {
    const env = Object.freeze(cleanEnv({ FAKE_KEY: HELPER_KEY }));
    const creds = createCredentialHelper({ env, settings: { apiKeyHelper: fixture('print-key.sh') } });
    await creds.anthropic();
    expect(JSON.stringify(process.env)).not.toContain(HELPER_KEY);
  });
});

describe('file descriptor source', () => {
  it('reads the token once and keeps it', async () => {
    const creds = createCredentialHelper({
      env: cleanEnv({ CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR: descriptorWith('sk-ant-test-fd-6666') }),
    });
    expect((await creds.anthropic()).value).toBe('sk-ant-test-fd-6666');
    creds.invalidate('anthropic');
    expect((await creds.anthropic()).value).toBe('sk-ant-test-fd-6666');
  });

  it('a bad descriptor is SOURCE_UNREADABLE naming the variable', async () => {
    const creds = createCredentialHelper({ env: cleanEnv({ CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR: '987' }) });
    const error = (await creds.anthropic().catch((e: unknown) => e)) as CredentialHelperError;
    expect(error.code).toBe('SOURCE_UNREADABLE');
    expect(error.message).toContain('CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR');
  });
});

describe('explain("anthropic")', () => {
  it('shows the winner, what it shadows and fingerprints, never a secret', async () => {
    const creds = createCredentialHelper({
      env: cleanEnv({ CLAUDE_CODE_OAUTH_TOKEN: OAUTH_TOKEN, ANTHROPIC_API_KEY: API_KEY }),
      settings: { apiKeyHelper: helperCommand },
    });
    const explanation = await creds.explain('anthropic');
    expect(explanation.winner).toBe('env:CLAUDE_CODE_OAUTH_TOKEN');
    const byName = Object.fromEntries(explanation.candidates.map((c) => [c.source, c]));
    expect(byName['env:ANTHROPIC_AUTH_TOKEN']?.status).toBe('absent');
    expect(byName['env:CLAUDE_CODE_OAUTH_TOKEN']).toMatchObject({
      status: 'won',
      fingerprint: expect.stringMatching(/^sha256:[0-9a-f]{12}$/),
    });
    expect(byName['helper:apiKeyHelper']).toMatchObject({
      status: 'shadowed',
      reason: 'configured, but env:CLAUDE_CODE_OAUTH_TOKEN comes first',
    });
    expect(byName['env:ANTHROPIC_API_KEY']?.status).toBe('shadowed');
    expect(byName['env:ANTHROPIC_API_KEY']?.fingerprint).toMatch(/^sha256:/);
    const text = JSON.stringify(explanation);
    for (const secret of [OAUTH_TOKEN, API_KEY, HELPER_KEY]) expect(text).not.toContain(secret);
  });

  it('reports a failing helper and the sources it kept from being tried', async () => {
    const creds = createCredentialHelper({
      env: cleanEnv({ FAKE_KEY: HELPER_KEY, ANTHROPIC_API_KEY: API_KEY }),
      settings: { apiKeyHelper: fixture('exit-3.sh') },
    });
    const explanation = await creds.explain('anthropic');
    expect(explanation.winner).toBeUndefined();
    expect(explanation.error?.code).toBe('HELPER_EXIT');
    const byName = Object.fromEntries(explanation.candidates.map((c) => [c.source, c]));
    expect(byName['helper:apiKeyHelper']?.status).toBe('failed');
    expect(byName['env:ANTHROPIC_API_KEY']?.status).toBe('not-reached');
    expect(JSON.stringify(explanation)).not.toContain(HELPER_KEY);
  });
});
