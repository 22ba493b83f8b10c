import { spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCredentialHelper, isCredentialHelperError, OAUTH_REFRESH_MARGIN_MS } from 'credhelper/internal';
import { describe, expect, it } from 'vitest';
import { hoursFromNow, writeAuthFile } from '../support/auth-file.js';
import { cleanEnv, everyRendering, fakeClock, fixture, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { json, listen } from '../support/local-servers.js';
import { startOAuthServer } from '../support/oauth-server.js';

const { track } = isolateTests();

const ENV_KEY = 'sk-test-openai-env-0001';
const DOTENV_KEY = 'sk-test-openai-dotenv-0002';
const STORED_KEY = 'sk-test-openai-stored-0003';
const WORK_KEY = 'sk-test-openai-work-0004';

/** A project folder with a `.env`, and an env pointing at a store holding `entries`. */
function setup(options: { env?: Record<string, string>; dotenv?: string; entries?: Record<string, unknown> }) {
  const cwd = scratchDir();
  if (options.dotenv !== undefined) writeFileSync(join(cwd, '.env'), options.dotenv);
  const file = writeAuthFile(options.entries ?? {});
  return { cwd, file, env: cleanEnv({ CREDHELPER_AUTH_FILE: file, ...options.env }) };
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('provider(id): environment → .env → auth.json, one row per rule', () => {
  const stored = { openai: { type: 'api', key: STORED_KEY }, 'openai:work': { type: 'api', key: WORK_KEY } };
  const rows: Array<{
    rule: string;
    env?: Record<string, string>;
    dotenv?: string;
    entries?: Record<string, unknown>;
    id?: string;
    profile?: string;
    source: string;
    value: string;
  }> = [
    {
      rule: '1. the environment beats .env and the store',
      env: { OPENAI_API_KEY: ENV_KEY },
      dotenv: `OPENAI_API_KEY=${DOTENV_KEY}\n`,
      entries: stored,
      source: 'env:OPENAI_API_KEY',
      value: ENV_KEY,
    },
    {
      rule: "1. the table's first variable wins (GEMINI_API_KEY before GOOGLE_GENERATIVE_AI_API_KEY)",
      env: { GOOGLE_GENERATIVE_AI_API_KEY: 'test-google-second-0001', GEMINI_API_KEY: 'test-gemini-first-0001' },
      id: 'google',
      source: 'env:GEMINI_API_KEY',
      value: 'test-gemini-first-0001',
    },
    {
      rule: '1. an empty variable counts as unset',
      env: { OPENAI_API_KEY: '  ' },
      dotenv: `OPENAI_API_KEY=${DOTENV_KEY}\n`,
      source: 'dotenv:OPENAI_API_KEY',
      value: DOTENV_KEY,
    },
    {
      rule: "2. the project's .env beats the store (dotenv syntax: export, quotes, comments)",
      dotenv: `# keys\nexport OPENAI_API_KEY="${DOTENV_KEY}"\n`,
      entries: stored,
      source: 'dotenv:OPENAI_API_KEY',
      value: DOTENV_KEY,
    },
    {
      rule: '3. the store: the plain entry before other profiles',
      entries: stored,
      source: 'store:openai',
      value: STORED_KEY,
    },
    {
      rule: '3. the store: $order decides',
      entries: { ...stored, $order: { openai: ['openai:work', 'openai'] } },
      source: 'store:openai:work',
      value: WORK_KEY,
    },
    {
      rule: '3. a pinned profile is used even when a variable is set',
      env: { OPENAI_API_KEY: ENV_KEY },
      entries: stored,
      profile: 'work',
      source: 'store:openai:work',
      value: WORK_KEY,
    },
    {
      rule: "3. opencode's wellknown entries: the token, under the variable the entry names",
      entries: { opencode: { type: 'wellknown', key: 'OPENCODE_API_KEY', token: 'test-wellknown-0001' } },
      id: 'opencode',
      source: 'store:opencode',
      value: 'test-wellknown-0001',
    },
    {
      rule: 'a provider the table does not know: the store only',
      entries: { 'my-gateway': { type: 'api', key: 'test-gateway-key-0001' } },
      id: 'my-gateway',
      source: 'store:my-gateway',
      value: 'test-gateway-key-0001',
    },
  ];
  it.each(rows)('$rule', async ({ env, dotenv, entries, id = 'openai', profile, source, value }) => {
    const { cwd, env: fullEnv } = setup({
      ...(env ? { env } : {}),
      ...(dotenv ? { dotenv } : {}),
      ...(entries ? { entries } : {}),
    });
    const creds = createCredentialHelper({ env: fullEnv, cwd });
    const credential = await creds.provider(id, profile === undefined ? {} : { profile });
    expect(credential).toMatchObject({ provider: id, source, value });
  });

  it('.env is parsed, never loaded into process.env', async () => {
    const { cwd, env } = setup({ dotenv: `OPENAI_API_KEY=${DOTENV_KEY}\nOTHER=1\n` });
    await createCredentialHelper({ env, cwd }).provider('openai');
    expect(process.env.OPENAI_API_KEY).toBeUndefined();
    expect(process.env.OTHER).toBeUndefined();
  });

  it("Azure: the endpoint variables come from the key's own place, so a .env cannot redirect a key", async () => {
    const attacker = 'AZURE_OPENAI_BASE_URL=https://attacker.example\n';
    const fromEnv = setup({
      env: { AZURE_OPENAI_API_KEY: 'test-azure-env-0001', AZURE_OPENAI_RESOURCE_NAME: 'mine' },
      dotenv: attacker,
    });
    expect((await createCredentialHelper({ env: fromEnv.env, cwd: fromEnv.cwd }).provider('azure-openai')).env).toEqual(
      {
        AZURE_OPENAI_API_KEY: 'test-azure-env-0001',
        AZURE_OPENAI_RESOURCE_NAME: 'mine',
      },
    );
    const fromDotenv = setup({ dotenv: `AZURE_OPENAI_API_KEY=test-azure-dotenv-01\n${attacker}` });
    expect(
      (await createCredentialHelper({ env: fromDotenv.env, cwd: fromDotenv.cwd }).provider('azure-openai')).env,
    ).toEqual({ AZURE_OPENAI_API_KEY: 'test-azure-dotenv-01', AZURE_OPENAI_BASE_URL: 'https://attacker.example' });
  });

  it('explain(id) lists every row, what shadows what, fingerprints only', async () => {
    const { cwd, env } = setup({
      env: { OPENAI_API_KEY: ENV_KEY },
      dotenv: `OPENAI_API_KEY=${DOTENV_KEY}\n`,
      entries: { openai: { type: 'api', key: STORED_KEY } },
    });
    const explanation = await createCredentialHelper({ env, cwd }).explain('openai');
    expect(explanation.candidates.map((c) => [c.source, c.status])).toEqual([
      ['env:OPENAI_API_KEY', 'won'],
      ['dotenv:OPENAI_API_KEY', 'shadowed'],
      ['store:openai', 'shadowed'],
    ]);
    expect(explanation.candidates.every((c) => /^sha256:[0-9a-f]{12}$/.test(c.fingerprint ?? ''))).toBe(true);
    for (const secret of [ENV_KEY, DOTENV_KEY, STORED_KEY]) expect(JSON.stringify(explanation)).not.toContain(secret);
  });

  it('enabledProviders / disabledProviders filter the table', async () => {
    const { env } = setup({ env: { OPENAI_API_KEY: ENV_KEY, GROQ_API_KEY: 'test-groq-0001' } });
    const creds = createCredentialHelper({ env, providers: { enabled: ['openai', 'groq'], disabled: ['groq'] } });
    await expect(creds.provider('openai')).resolves.toMatchObject({ value: ENV_KEY });
    for (const id of ['groq', 'mistral']) {
      const error = await caught(Promise.resolve().then(() => creds.provider(id)));
      expect(isCredentialHelperError(error) && error.code).toBe('INVALID_OPTION');
    }
  });

  it("provider('anthropic') is anthropic(), with its own precedence", async () => {
    const { env } = setup({
      env: { ANTHROPIC_AUTH_TOKEN: 'sk-ant-test-gateway-0001', ANTHROPIC_API_KEY: 'sk-ant-test-k-01' },
    });
    expect(await createCredentialHelper({ env }).provider('anthropic')).toMatchObject({
      type: 'token',
      source: 'env:ANTHROPIC_AUTH_TOKEN',
      env: { ANTHROPIC_AUTH_TOKEN: 'sk-ant-test-gateway-0001' },
    });
  });

  it('pasted tokens: expiresAt when they have one; once expired, CREDENTIALS_EXPIRED with the fix', async () => {
    const expires = hoursFromNow(2);
    const live = setup({ entries: { openrouter: { type: 'token', token: 'test-or-token-0001', expires } } });
    const credential = await createCredentialHelper({ env: live.env }).provider('openrouter');
    expect(credential).toMatchObject({ type: 'token', expiresAt: new Date(expires) });
    const dead = setup({ entries: { openrouter: { type: 'token', token: 'test-or-token-0002', expires: 1000 } } });
    const error = await caught(createCredentialHelper({ env: dead.env }).provider('openrouter'));
    expect(isCredentialHelperError(error) && error.code).toBe('CREDENTIALS_EXPIRED');
    expect(String(error)).toContain('credhelper paste-token --provider openrouter');
    expect(everyRendering(error)).not.toContain('test-or-token-0002');
  });

  it('a malformed entry is STORE_CORRUPT naming the entry and fields, never its values', async () => {
    const { env, file } = setup({ entries: { openai: { type: 'oauth', access: 'sk-test-half-entry-0001' } } });
    const before = readFileSync(file);
    const error = await caught(createCredentialHelper({ env }).provider('openai'));
    expect(isCredentialHelperError(error) && error.code).toBe('STORE_CORRUPT');
    expect(String(error)).toMatch(/entry "openai" of .*auth\.json is malformed \(openai\.refresh, openai\.expires\)/);
    expect(everyRendering(error)).not.toContain('sk-test-half-entry-0001');
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});

describe('stored OAuth tokens: refreshed against a real OAuth server, under the store lock', () => {
  const OLD_ACCESS = 'test-oauth-access-old-0001';
  const OLD_REFRESH = 'test-oauth-refresh-old-0001';
  const expired = { type: 'oauth', access: OLD_ACCESS, refresh: OLD_REFRESH, expires: Date.now() - 1000 };

  function helper(env: Record<string, string>, tokenUrl: string, extra: { now?: () => number } = {}) {
    return createCredentialHelper({
      env,
      providers: { oauth: { openrouter: { tokenUrl, body: 'form', clientId: 'credhelper-test' } } },
      ...extra,
    });
  }

  it('an expired access token is refreshed; the new tokens are written back (0600), unknown fields kept', async () => {
    const server = track(await startOAuthServer(OLD_REFRESH));
    const { env, file } = setup({ entries: { openrouter: { ...expired, accountId: 'acct-1' } } });
    const credential = await helper(env, server.tokenUrl).provider('openrouter');
    expect(server.refreshes()).toBe(1);
    expect(credential.value).not.toBe(OLD_ACCESS);
    expect(credential.type).toBe('oauth');
    expect(credential.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 60_000);
    const entry = JSON.parse(readFileSync(file, 'utf8')).openrouter;
    expect(entry).toMatchObject({
      type: 'oauth',
      access: credential.value,
      refresh: server.validRefresh(),
      accountId: 'acct-1',
    });
    expect(entry.refresh).not.toBe(OLD_REFRESH);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('keeps the old refresh token when the answer has none', async () => {
    const server = track(await startOAuthServer(OLD_REFRESH, { omitRefreshToken: true }));
    const { env, file } = setup({ entries: { openrouter: expired } });
    await helper(env, server.tokenUrl).provider('openrouter');
    expect(JSON.parse(readFileSync(file, 'utf8')).openrouter.refresh).toBe(OLD_REFRESH);
  });

  it('a valid token is not refreshed until it is within 5 minutes of expiry', async () => {
    const server = track(await startOAuthServer(OLD_REFRESH));
    const clock = fakeClock();
    const expires = clock.now() + 60 * 60_000;
    const { env } = setup({ entries: { openrouter: { ...expired, expires } } });
    const creds = helper(env, server.tokenUrl, { now: clock.now });
    expect((await creds.provider('openrouter')).value).toBe(OLD_ACCESS);
    clock.advance(60 * 60_000 - OAUTH_REFRESH_MARGIN_MS - 1000);
    expect((await creds.provider('openrouter')).value).toBe(OLD_ACCESS);
    expect(server.refreshes()).toBe(0);
    clock.advance(2000);
    expect((await creds.provider('openrouter')).value).not.toBe(OLD_ACCESS);
    expect(server.refreshes()).toBe(1);
  });

  it('a revoked refresh token is CREDENTIALS_REJECTED with the fix; the file is unchanged; no token in the error', async () => {
    const server = track(await startOAuthServer('test-some-other-refresh-0001'));
    const { env, file } = setup({ entries: { openrouter: expired } });
    const before = readFileSync(file);
    const error = await caught(helper(env, server.tokenUrl).provider('openrouter'));
    expect(isCredentialHelperError(error) && error.code).toBe('CREDENTIALS_REJECTED');
    expect(String(error)).toMatch(/HTTP 400, invalid_grant.*credhelper login openrouter/);
    for (const secret of [OLD_ACCESS, OLD_REFRESH]) expect(everyRendering(error)).not.toContain(secret);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('an unreachable token endpoint is PROVIDER_FAILED, the entry untouched', async () => {
    const { env, file } = setup({ entries: { openrouter: expired } });
    const before = readFileSync(file);
    const closed = await listen(() => {}); // a port that was just free: nothing listens there now
    await closed.close();
    const error = await caught(helper(env, `${closed.url}/token`).provider('openrouter'));
    expect(isCredentialHelperError(error) && error.code).toBe('PROVIDER_FAILED');
    expect(String(error)).toContain('network error (ECONNREFUSED)'); // the cause, not just "network error"
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('50 concurrent callers in 5 helpers refresh once (the lock and the re-read)', async () => {
    const server = track(await startOAuthServer(OLD_REFRESH));
    const { env } = setup({ entries: { openrouter: expired } });
    const helpers = Array.from({ length: 5 }, () => helper(env, server.tokenUrl));
    const values = await Promise.all(Array.from({ length: 50 }, (_, i) => helpers[i % 5]?.provider('openrouter')));
    expect(new Set(values.map((c) => c?.value)).size).toBe(1);
    expect(server.refreshes()).toBe(1);
  });

  it('8 processes at once refresh once and all get the new token', async () => {
    const server = track(await startOAuthServer(OLD_REFRESH));
    const { env } = setup({ entries: { openrouter: expired } });
    const outputs = await Promise.all(
      Array.from(
        { length: 8 },
        () =>
          new Promise<string>((resolve, reject) => {
            const child = spawn(process.execPath, [fixture('resolve-provider.mjs')], {
              env: { ...env, PROVIDER: 'openrouter', TOKEN_URL: server.tokenUrl },
              stdio: ['ignore', 'pipe', 'pipe'],
            });
            let out = '';
            let err = '';
            child.stdout.on('data', (chunk) => {
              out += chunk;
            });
            child.stderr.on('data', (chunk) => {
              err += chunk;
            });
            child.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(err))));
          }),
      ),
    );
    expect(new Set(outputs).size).toBe(1);
    expect(outputs[0]).toMatch(/^store:openrouter [0-9a-f]{64}$/);
    expect(server.refreshes()).toBe(1);
  });

  it("Anthropic's endpoint takes JSON: body 'json' posts grant_type, refresh_token and client_id as JSON", async () => {
    const requests: Array<{ type: string | undefined; body: unknown }> = [];
    const endpoint = track(
      await listen((request, response, body) => {
        requests.push({ type: request.headers['content-type'], body: JSON.parse(body.toString()) });
        json(response, 200, { access_token: 'sk-ant-test-new-oat-0001', expires_in: 28_800 });
      }),
    );
    const { env, file } = setup({ entries: { anthropic: expired } });
    const creds = createCredentialHelper({
      env,
      providers: {
        oauth: { anthropic: { tokenUrl: `${endpoint.url}/v1/oauth/token`, clientId: 'test-client', body: 'json' } },
      },
    });
    expect(await creds.anthropic()).toMatchObject({
      type: 'oauth',
      value: 'sk-ant-test-new-oat-0001',
      source: 'store:anthropic',
    });
    expect(requests).toEqual([
      {
        type: 'application/json',
        body: { grant_type: 'refresh_token', refresh_token: OLD_REFRESH, client_id: 'test-client' },
      },
    ]);
    expect(JSON.parse(readFileSync(file, 'utf8')).anthropic).toMatchObject({
      access: 'sk-ant-test-new-oat-0001',
      refresh: OLD_REFRESH,
    });
  });

  it('an answer without a usable token is OUTPUT_INVALID naming the fields; nothing written', async () => {
    const endpoint = track(
      await listen((_request, response) => json(response, 200, { access_token: '', expires_in: 'soon' })),
    );
    const { env, file } = setup({ entries: { openrouter: expired } });
    const before = readFileSync(file);
    const error = await caught(helper(env, `${endpoint.url}/token`).provider('openrouter'));
    expect(isCredentialHelperError(error) && error.code).toBe('OUTPUT_INVALID');
    expect(isCredentialHelperError(error) && error.details.issuePaths).toEqual(['access_token', 'expires_in']);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('a 401 from the API forces exactly one refresh of a token that had not expired (creds.fetch)', async () => {
    const server = track(await startOAuthServer(OLD_REFRESH));
    const { env } = setup({ entries: { anthropic: { ...expired, expires: hoursFromNow(8) } } });
    const seen: string[] = [];
    const api = track(
      await listen((request, response) => {
        const authorization = String(request.headers.authorization);
        seen.push(authorization === `Bearer ${OLD_ACCESS}` ? 'old' : 'new');
        if (authorization === `Bearer ${OLD_ACCESS}`)
          json(response, 401, { type: 'error', error: { type: 'authentication_error' } });
        else json(response, 200, { ok: true });
      }),
    );
    const creds = createCredentialHelper({
      env,
      providers: { oauth: { anthropic: { tokenUrl: server.tokenUrl, body: 'form' } } },
    });
    const response = await creds.fetch('anthropic')(`${api.url}/v1/messages`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(200);
    expect(seen).toEqual(['old', 'new']);
    expect(server.refreshes()).toBe(1);
    // The next calls use the refreshed token without another refresh.
    expect((await creds.fetch('anthropic')(`${api.url}/v1/messages`, { method: 'POST', body: '{}' })).status).toBe(200);
    expect(server.refreshes()).toBe(1);
  });
});

describe('stored wellknown entries name only a credential variable (issue 15 §5)', () => {
  const TOKEN = 'test-wellknown-refused-0001';
  it.each([
    ['NODE_OPTIONS', 'opencode'],
    ['LD_PRELOAD', 'opencode'],
    ['OPENAI_API_KEY', 'opencode'],
    ['OPENAI_BASE_URL', 'my-gateway'],
    ['not a name', 'my-gateway'],
  ])('%s in an entry of %s is STORE_CORRUPT naming the entry (never its token)', async (key, provider) => {
    const { env } = setup({ entries: { [provider]: { type: 'wellknown', key, token: TOKEN } } });
    const error = await caught(createCredentialHelper({ env }).provider(provider));
    expect(isCredentialHelperError(error) && error.code).toBe('STORE_CORRUPT');
    expect(String(error)).toContain(`entry "${provider}"`);
    if (key !== 'not a name') expect(String(error)).toContain(key);
    expect(everyRendering(error)).not.toContain(TOKEN);
  });

  it('a refused entry is skipped for the next entry of the same provider', async () => {
    const { env } = setup({
      entries: {
        opencode: { type: 'wellknown', key: 'BASH_ENV', token: TOKEN },
        'opencode:work': { type: 'api', key: 'test-opencode-work-0001' },
      },
    });
    const credential = await createCredentialHelper({ env }).provider('opencode');
    expect(credential).toMatchObject({
      source: 'store:opencode:work',
      env: { OPENCODE_API_KEY: 'test-opencode-work-0001' },
    });
  });

  it('a plain name of a provider the table does not know is used as written', async () => {
    const { env } = setup({
      entries: { 'my-gateway': { type: 'wellknown', key: 'MY_GATEWAY_TOKEN', token: 'test-gw-token-0001' } },
    });
    const credential = await createCredentialHelper({ env }).provider('my-gateway');
    expect(credential.env).toEqual({ MY_GATEWAY_TOKEN: 'test-gw-token-0001' });
  });
});

describe('OAuth refresh: no redirects, no plain http off loopback, secrets redacted from the start (issue 15 §5)', () => {
  const REFRESH = 'test-oauth-refresh-echoed-0001';
  const expired = { type: 'oauth', access: 'test-oauth-access-echo-0001', refresh: REFRESH, expires: 1000 };

  it('a token endpoint that echoes the refresh token in its error never shows it', async () => {
    const endpoint = track(
      await listen((_request, response, body) => {
        const sent = new URLSearchParams(body.toString()).get('refresh_token') ?? '';
        json(response, 400, { error: sent, error_description: `bad token ${sent}` });
      }),
    );
    const { env, file } = setup({ entries: { openrouter: expired } });
    const before = readFileSync(file);
    const creds = createCredentialHelper({
      env,
      providers: { oauth: { openrouter: { tokenUrl: `${endpoint.url}/token`, body: 'form' } } },
    });
    const error = await caught(creds.provider('openrouter'));
    expect(isCredentialHelperError(error) && error.code).toBe('PROVIDER_FAILED');
    expect(String(error)).toContain('HTTP 400');
    expect(everyRendering(error)).not.toContain(REFRESH);
    expect(everyRendering(error)).not.toContain('test-oauth-refresh');
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('a redirect is not followed: the refresh token never reaches the redirect target', async () => {
    let hits = 0;
    const target = track(
      await listen((_request, response) => {
        hits++;
        json(response, 200, { access_token: 'test-stolen-access-0001', expires_in: 3600 });
      }),
    );
    const redirecting = track(
      await listen((_request, response) => {
        response.writeHead(307, { location: `${target.url}/token` });
        response.end();
      }),
    );
    const { env, file } = setup({ entries: { openrouter: expired } });
    const before = readFileSync(file);
    const creds = createCredentialHelper({
      env,
      providers: { oauth: { openrouter: { tokenUrl: `${redirecting.url}/token`, body: 'form' } } },
    });
    const error = await caught(creds.provider('openrouter'));
    expect(isCredentialHelperError(error) && error.code).toBe('PROVIDER_FAILED');
    expect(String(error)).toContain('redirect');
    expect(hits).toBe(0);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(everyRendering(error)).not.toContain(REFRESH);
  });

  it('a plain http token URL off loopback is refused when the helper is created (no network); loopback is fine', () => {
    const { env } = setup({ entries: { openrouter: expired } });
    for (const tokenUrl of ['http://token.example.test/token', 'http://10.0.0.1/token', 'http://[::ffff:7f00:1]/t']) {
      let error: unknown;
      try {
        createCredentialHelper({ env, providers: { oauth: { openrouter: { tokenUrl } } } });
      } catch (thrown) {
        error = thrown;
      }
      expect(isCredentialHelperError(error) && error.code, tokenUrl).toBe('INVALID_OPTION');
      expect(String(error)).toContain('providers.oauth.openrouter.tokenUrl');
      expect(String(error)).toContain('use https');
    }
    for (const tokenUrl of [
      'https://token.example.test/t',
      'http://127.0.0.1:9/t',
      'http://127.8.9.10/t',
      'http://[::1]:9/t',
      'http://localhost:9/t',
    ]) {
      expect(() => createCredentialHelper({ env, providers: { oauth: { openrouter: { tokenUrl } } } })).not.toThrow();
    }
  });

  it('an oauth key that is not a provider id (__proto__, constructor lookups) does not reach the table', async () => {
    const { env } = setup({ entries: {} });
    const oauth = JSON.parse('{"__proto__": {"tokenUrl": "https://token.example.test/t"}}');
    expect(() => createCredentialHelper({ env, providers: { oauth } })).toThrow(/providers\.oauth/);
    // `constructor` is a valid id: with nothing configured for it, it has no endpoint (not Object's).
    const error = await caught(
      createCredentialHelper({ env: setup({ entries: { constructor: expired } }).env }).provider('constructor'),
    );
    expect(isCredentialHelperError(error) && error.code).toBe('CREDENTIALS_EXPIRED');
    expect(String(error)).toContain('no token endpoint is known for constructor');
  });
});
