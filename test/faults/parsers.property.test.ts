// Property tests (fast-check, 10 000 cases each) for the parsers of outside input this suite had
// not covered yet: auth.json, the project's .env, the CLI's arguments, and settings files as text on
// disk. (STS JSON and settings objects: test/aws/parse-aws-credential-export.test.ts and
// test/schemas/schemas.property.test.ts.)
// Each: only typed errors, never an accepted credential with an empty or non-string value, never an
// unhandled rejection, and no secret from the input in any message.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCredentialHelper, isCredentialHelperError } from 'credhelper';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/main.js';
import { tempDir } from '../support/fixtures.js';

const RUNS = 10_000;
const SECRET_PREFIX = 'test-canary-secret-';

let dir: string;
let cleanup: () => void;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  cleanup();
  expect(unhandled).toEqual([]);
});

/** A secret-looking string that the assertions can look for. */
const secret = fc.stringMatching(/^[A-Za-z0-9]{4,12}$/).map((s) => `${SECRET_PREFIX}${s}`);
/** Any JSON-ish value, biased towards the shapes an auth.json entry takes. */
const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom('', ' ', '\n', '\t '),
  fc.string({ maxLength: 8 }),
  secret,
  fc.array(secret, { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 4 }), secret, { maxKeys: 2 }),
);
const entry = fc.record(
  {
    type: fc.oneof(fc.constantFrom('api', 'oauth', 'token', 'wellknown', 'api_key', 'API', ''), anyValue),
    key: anyValue,
    access: anyValue,
    refresh: anyValue,
    token: anyValue,
    expires: fc.oneof(fc.integer({ min: -1, max: 2 ** 53 }), fc.constant(Date.now() + 3_600_000), anyValue),
  },
  { requiredKeys: [] },
);
const entryIdFor = (provider: string) =>
  fc.oneof(
    fc.constant(provider),
    fc.constantFrom('work', 'default', 'a:b', '', ' x').map((p) => `${provider}:${p}`),
  );
/** Well-formed entries, sometimes with one field broken. */
const wellFormed = fc.oneof(
  secret.map((key) => ({ type: 'api', key })),
  fc.tuple(secret, fc.option(fc.integer({ min: -1, max: 2 }))).map(([token, hours]) => ({
    type: 'token',
    token,
    ...(hours === null ? {} : { expires: Date.now() + hours * 3_600_000 }),
  })),
  fc
    .tuple(secret, secret)
    .map(([access, refresh]) => ({ type: 'oauth', access, refresh, expires: Date.now() + 3_600_000 })),
  secret.map((key) => ({ type: 'api_key', key })),
);
const authFile = fc.oneof(
  // Whole files: text that may not be JSON at all.
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', '{', '[]', 'null', '"x"', '{"openai":', '\u0000\u0001'),
  fc.json().map(String),
  // Objects of plausible and implausible entries.
  fc
    .tuple(
      fc.dictionary(
        fc.oneof(entryIdFor('openai'), entryIdFor('openrouter'), fc.string({ maxLength: 6 })),
        fc.oneof({ weight: 3, arbitrary: wellFormed }, { weight: 2, arbitrary: entry }),
        { maxKeys: 4 },
      ),
      fc.option(
        fc.dictionary(fc.constantFrom('openai', 'x'), fc.oneof(fc.array(fc.string(), { maxLength: 3 }), anyValue)),
      ),
    )
    .map(([entries, order]) => JSON.stringify(order === null ? entries : { ...entries, $order: order })),
);

const STORE_CODES = new Set(['STORE_CORRUPT', 'CREDENTIALS_NOT_FOUND', 'CREDENTIALS_EXPIRED', 'CREDENTIALS_REJECTED']);

function secretsIn(text: string): string[] {
  return [...text.matchAll(new RegExp(`${SECRET_PREFIX}[A-Za-z0-9]+`, 'g'))].map((m) => m[0]);
}

describe('auth.json (the credential store)', () => {
  it('any file: a usable credential with a non-empty string value, or a typed error; the file is never changed', async () => {
    const file = join(dir, 'auth.json');
    const seen = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(authFile, fc.constantFrom('openai', 'openrouter'), async (text, provider) => {
        writeFileSync(file, text, { mode: 0o600 });
        const creds = createCredentialHelper({ env: {}, cwd: dir, authFile: file });
        let outcome: unknown;
        try {
          outcome = await creds.provider(provider);
        } catch (error) {
          outcome = error;
        }
        if (isCredentialHelperError(outcome)) {
          seen.refused++;
          expect(STORE_CODES.has(outcome.code), outcome.code).toBe(true);
          for (const s of secretsIn(text)) {
            expect(outcome.message).not.toContain(s);
            expect(String(outcome.stack)).not.toContain(s);
          }
        } else {
          seen.accepted++;
          const credential = outcome as { value: unknown; source: string; provider: string };
          expect(typeof credential.value).toBe('string');
          expect((credential.value as string).trim()).not.toBe('');
          expect(credential.provider).toBe(provider);
          expect(credential.source.startsWith(`store:${provider}`)).toBe(true);
        }
        expect(readFileSync(file, 'utf8')).toBe(text);
      }),
      { numRuns: RUNS },
    );
    // Both outcomes are exercised often (the generators are not all noise or all valid).
    expect(Math.min(seen.accepted, seen.refused)).toBeGreaterThan(RUNS / 50);
  }, 240_000);
});

describe('.env (the project file, parsed, never loaded)', () => {
  const line = fc.oneof(
    fc
      .tuple(
        fc.constantFrom('OPENAI_API_KEY', 'export OPENAI_API_KEY', 'OPENAI_API_KEY ', 'openai_api_key'),
        fc.constantFrom('=', ' = ', ':', '=  '),
        fc.oneof(
          secret,
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a .env value with ${...} syntax, which credhelper must not expand
          fc.constantFrom('', '""', "''", '" "', '#x', '${OPENAI_API_KEY}'),
          fc.string({ maxLength: 12 }),
        ),
      )
      .map(([k, eq, v]) => `${k}${eq}${v}`),
    fc.string({ maxLength: 30 }),
    fc.constantFrom('# comment', '', 'OPENAI_API_KEY="multi\nline"', "OPENAI_API_KEY='a b'"),
  );
  const dotenvText = fc
    .tuple(fc.array(line, { maxLength: 6 }), fc.constantFrom('\n', '\r\n'))
    .map(([lines, eol]) => lines.join(eol));

  it('any .env: the key dotenv reads (non-empty), or CREDENTIALS_NOT_FOUND; process.env untouched', async () => {
    const project = join(dir, 'project');
    mkdirSync(project, { recursive: true });
    const before = JSON.stringify(process.env);
    const { parse } = await import('dotenv');
    const seen = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(dotenvText, async (text) => {
        writeFileSync(join(project, '.env'), text);
        const creds = createCredentialHelper({ env: {}, cwd: project, authFile: false });
        let outcome: unknown;
        try {
          outcome = await creds.provider('openai');
        } catch (error) {
          outcome = error;
        }
        const expected = parse(text).OPENAI_API_KEY?.trim();
        if (isCredentialHelperError(outcome)) {
          seen.refused++;
          expect(outcome.code).toBe('CREDENTIALS_NOT_FOUND');
          expect(expected === undefined || expected === '').toBe(true);
          for (const s of secretsIn(text)) expect(outcome.message).not.toContain(s);
        } else {
          seen.accepted++;
          const credential = outcome as { value: unknown; source: string };
          expect(typeof credential.value).toBe('string');
          expect(credential.value).not.toBe('');
          expect(credential.value).toBe(expected);
          expect(credential.source).toBe('dotenv:OPENAI_API_KEY');
        }
      }),
      { numRuns: RUNS },
    );
    expect(JSON.stringify(process.env)).toBe(before);
    expect(Math.min(seen.accepted, seen.refused)).toBeGreaterThan(RUNS / 50);
  }, 240_000);
});

describe('CLI arguments', () => {
  const COMMANDS = [
    'status',
    'get',
    'explain',
    'aws-credential-process',
    'exec',
    'trust',
    'cache',
    'login',
    'paste-token',
    'list',
    'ls',
    'logout',
    'auth',
    'import',
  ];
  const OPTIONS = [
    '--json',
    '--check',
    '--expiring-within',
    '--refresh',
    '--profile',
    '--target',
    '--revoke',
    '--provider',
    '--stdin',
    '--expires-in',
    '--overwrite',
    '--settings',
    '--claude',
    '--',
    '-x',
    '--no-json',
    '--profile=',
    '--expires-in=30d',
  ];
  const VALUES = [
    'anthropic',
    'bedrock',
    'vertex',
    'openai',
    'order',
    'get',
    'set',
    'clear',
    'clear',
    '30d',
    '0',
    '-1',
    '24h',
    '1e9',
    '99999999999999999999d',
    'NaN',
    '',
    ' ',
    '../x',
    'a:b',
    'Anthropic',
  ];
  const token = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...COMMANDS) },
    { weight: 3, arbitrary: fc.constantFrom(...OPTIONS) },
    { weight: 3, arbitrary: fc.constantFrom(...VALUES) },
    { weight: 1, arbitrary: secret.map((s) => `sk-ant-${s}`) },
    { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
  );

  it('any argv: a command to run or a usage message, never an exception; keys pasted as arguments are redacted', () => {
    const seen = { run: 0, usage: 0 };
    fc.assert(
      fc.property(fc.array(token, { maxLength: 7 }), (argv) => {
        const parsed = parseCommandLine(argv);
        if (parsed.kind === 'run' || parsed.kind === 'usage') seen[parsed.kind]++;
        expect(['version', 'help', 'noCommand', 'usage', 'run']).toContain(parsed.kind);
        if (parsed.kind === 'usage') {
          expect(typeof parsed.message).toBe('string');
          expect(parsed.message.length).toBeGreaterThan(0);
          for (const s of secretsIn(argv.join(' '))) expect(parsed.message).not.toContain(s);
        }
        if (parsed.kind === 'run') expect(typeof parsed.task).toBe('function');
      }),
      // --help makes cac print the help: kept out, it is tested in test/cli.
      {
        numRuns: RUNS,
        examples: [[['get']], [['paste-token', '--expires-in', '0']], [['sk-ant-test-canary-secret-x']]],
      },
    );
  });
});

describe("settings files (credhelper's own and Claude Code's, as text on disk)", () => {
  const command = fc.oneof(
    secret.map((s) => `echo ${s}`),
    fc.constantFrom('', ' ', '\n', 'cat ~/key', '  ./vend.sh  '),
    anyValue,
  );
  const providerIds = fc.oneof(
    fc.array(fc.constantFrom('openai', 'groq', 'x.y-z', 'OpenAI', '', ' openai', '-a'), { maxLength: 3 }),
    anyValue,
  );
  const oauth = fc.oneof(
    fc.dictionary(
      fc.constantFrom('openai', 'anthropic', 'Bad Id', ''),
      fc.oneof(
        fc.record(
          {
            tokenUrl: fc.oneof(
              fc.constantFrom('http://127.0.0.1:9/token', 'https://auth.example/token', 'ftp://x/y', 'not a url'),
              secret,
              anyValue,
            ),
            clientId: fc.oneof(fc.constantFrom('app', ''), secret, anyValue),
            body: fc.oneof(fc.constantFrom('form', 'json', 'xml'), anyValue),
          },
          { requiredKeys: ['tokenUrl'] },
        ),
        anyValue,
      ),
      { maxKeys: 2 },
    ),
    anyValue,
  );
  const settingsObject = fc.record(
    {
      apiKeyHelper: command,
      awsAuthRefresh: command,
      awsCredentialExport: command,
      gcpAuthRefresh: command,
      env: fc.oneof(
        fc.dictionary(
          fc.constantFrom('ANTHROPIC_API_KEY', 'AWS_REGION', 'X'),
          fc.oneof(secret, fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom('', 'us-east-1')),
          { maxKeys: 3 },
        ),
        anyValue,
      ),
      claude: fc.oneof(fc.boolean(), anyValue),
      enabledProviders: providerIds,
      disabledProviders: providerIds,
      oauth,
      model: fc.string({ maxLength: 6 }),
    },
    { requiredKeys: [] },
  );
  const settingsText = fc.oneof(
    { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 40 }), fc.json().map(String)) },
    { weight: 1, arbitrary: fc.constantFrom('', '{', '[]', 'null', '{"apiKeyHelper":', '\uFEFF{}') },
    // Hand-edited files gone wrong around a key: V8's SyntaxError would quote the text near the error.
    {
      weight: 1,
      arbitrary: secret.chain((s) =>
        fc.constantFrom(
          s,
          `{"apiKeyHelper": "echo ${s}",}`,
          `{"env": {"ANTHROPIC_API_KEY": ${s}}}`,
          `{"env": {"ANTHROPIC_API_KEY": "${s}"\n"AWS_REGION": "us-east-1"}}`,
          `{"apiKeyHelper": 'echo ${s}'}`,
        ),
      ),
    },
    { weight: 6, arbitrary: settingsObject.map((object) => JSON.stringify(object)) },
  );

  it('any file: settings with non-empty string commands and string env values, or SETTINGS_INVALID naming the file', async () => {
    const { loadSettings } = await import('../../src/settings/load-settings.js');
    const home = join(dir, 'settings-home');
    const project = join(dir, 'settings-project');
    mkdirSync(home, { recursive: true });
    mkdirSync(join(project, '.claude'), { recursive: true });
    const own = join(dir, 'explicit-settings.json');
    const claude = join(project, '.claude', 'settings.json');
    const env = { HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
    const seen = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(settingsText, fc.boolean(), async (text, claudeFile) => {
        const file = claudeFile ? claude : own;
        writeFileSync(file, text);
        let outcome: unknown;
        try {
          outcome = await (claudeFile
            ? loadSettings({ cwd: project, env, claude: true })
            : loadSettings({ cwd: project, env, settingsFile: own }));
        } catch (error) {
          outcome = error;
        } finally {
          // Only one of the two files exists at a time.
          writeFileSync(file, '{}');
        }
        if (outcome instanceof Error) {
          seen.refused++;
          expect(isCredentialHelperError(outcome) && outcome.code).toBe('SETTINGS_INVALID');
          expect(outcome.message).toContain(file);
          // Not even a part of a secret: V8's SyntaxError quotes ~10 characters around the error.
          const shown = `${outcome.message}\n${String(outcome)}\n${String(outcome.stack)}`;
          for (const s of secretsIn(text)) {
            for (let i = 0; i + 8 <= s.length; i++) expect(shown).not.toContain(s.slice(i, i + 8));
          }
          return;
        }
        seen.accepted++;
        const loaded = outcome as Awaited<ReturnType<typeof loadSettings>>;
        for (const value of Object.values(loaded.settings)) {
          expect(typeof value).toBe('string');
          expect(value).toBe(value?.trim());
          expect(value).not.toBe('');
        }
        for (const value of Object.values(loaded.env)) expect(typeof value).toBe('string');
        for (const list of [loaded.providers.enabled, loaded.providers.disabled]) {
          for (const id of list ?? []) expect(id).toMatch(/^[a-z0-9][a-z0-9._-]*$/);
        }
        for (const endpoint of Object.values(loaded.providers.oauth)) {
          expect(new URL(endpoint.tokenUrl).protocol).toMatch(/^https?:$/);
        }
      }),
      { numRuns: RUNS },
    );
    expect(Math.min(seen.accepted, seen.refused)).toBeGreaterThan(RUNS / 50);
  }, 240_000);
});
