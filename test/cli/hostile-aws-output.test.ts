import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CLI, cli, cliAsync, cliHome, userSettings } from '../support/cli.js';
import { fixture, runCount, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { containerCredentialsServer, type FakeAwsCredentials, imdsServer } from '../support/local-servers.js';

// `eval "$(credhelper get bedrock)"` (the README's advice) against hostile credential output: an
// awsCredentialExport helper, a container credentials endpoint, instance metadata, ~/.aws/config,
// AWS_REGION and a planted shared-cache entry. Nothing they send ever runs, and what is refused is
// OUTPUT_INVALID naming the field and the source, never the value.

const { track } = isolateTests();
// Each test starts Node processes; on a loaded 2-core machine that takes a while.
vi.setConfig({ testTimeout: 60_000 });

const ID = 'ASIATESTHOSTILE00001';
const SECRET = 'test/hostile+secret=0000000000000000000001';
const TOKEN = 'IQoJb3JpZ2luX2VjEHostileTest+token/abc==';
const inOneHour = () => new Date(Date.now() + 3_600_000).toISOString();

/** A CLI home whose awsCredentialExport prints `credentials` as `{ Credentials: … }`. */
function helperHome(credentials: Record<string, unknown>, extra: Record<string, string> = {}) {
  const { home, env } = cliHome({ STS_JSON: JSON.stringify({ Credentials: credentials }), ...extra });
  userSettings(home, { awsCredentialExport: fixture('print-json-env.sh') });
  return { home, env };
}

/** Evaluates `output` as `eval "$(credhelper get bedrock)"` would, in `shell`, in `cwd`. */
function evalIn(shell: 'sh' | 'bash', output: string, cwd: string): void {
  const result = spawnSync(shell, ['-c', 'eval "$CREDHELPER_OUTPUT"'], {
    cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', CREDHELPER_OUTPUT: output },
    encoding: 'utf8',
  });
  expect(result.error).toBeUndefined();
}

/** Runs `get bedrock`, evals whatever it printed in sh and bash; asserts a refusal that names `mentions`. */
function expectRefused(
  result: { code: number | null; stdout: string; stderr: string },
  mentions: string[],
  hostile: string[],
  canaryDir: string,
): void {
  for (const shell of ['sh', 'bash'] as const) evalIn(shell, result.stdout, canaryDir);
  expect(readdirSync(canaryDir)).toEqual([]); // no `touch pwned` ever ran
  expect(result.code).toBe(1); // a typed refusal, never exit 70 (an unexpected error)
  expect(result.stdout).toBe('');
  expect(result.stderr).not.toContain('unexpected error');
  for (const mention of mentions) expect(result.stderr).toContain(mention);
  for (const value of hostile) expect(result.stderr).not.toContain(value);
  expect(result.stderr).not.toContain('touch');
}

describe('get bedrock: hostile awsCredentialExport output is refused, never run', () => {
  const base = () => ({ AccessKeyId: ID, SecretAccessKey: SECRET, SessionToken: TOKEN, Expiration: inOneHour() });
  it.each([
    ['AccessKeyId', 'AKIATEST;touch pwned;'],
    ['AccessKeyId', 'AKIATEST\ntouch pwned'],
    ['SecretAccessKey', 'secret`touch pwned`'],
    ['SecretAccessKey', "secret'$(touch pwned)'"],
    ['SessionToken', 'token$(touch pwned)'],
    ['SessionToken', 'token touch pwned'],
    ['Expiration', '2026-11-23T13:00:00+99:99'],
    ['Expiration', '2099-13-45T00:00:00Z'],
    ['Expiration', '2099-01-01T00:00:00+24:00'],
  ])('%s %j → OUTPUT_INVALID naming the field', (field, value) => {
    const canaryDir = scratchDir();
    const { env } = helperHome({ ...base(), [field]: value });
    const result = cli(['get', 'bedrock'], { env });
    expectRefused(result, ['awsCredentialExport', `Credentials.${field}`], [value, SECRET, TOKEN], canaryDir);
  });
});

describe('get bedrock: hostile answers of the AWS default chain', () => {
  const good = (): FakeAwsCredentials => ({
    AccessKeyId: ID,
    SecretAccessKey: SECRET,
    Token: TOKEN,
    Expiration: inOneHour(),
  });

  it('a container credentials endpoint whose token holds $(…) → OUTPUT_INVALID naming aws:container', async () => {
    const canaryDir = scratchDir();
    const hostile = 'token$(touch pwned)';
    const server = track(await containerCredentialsServer({ ...good(), Token: hostile }, 'test-container-auth'));
    const { env } = cliHome({
      AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server.url}/creds`,
      AWS_CONTAINER_AUTHORIZATION_TOKEN: 'test-container-auth',
    });
    const result = await cliAsync(['get', 'bedrock'], { env });
    expectRefused(result, ['aws:container', 'SessionToken'], [hostile, SECRET], canaryDir);
  });

  it.each(['2099-11-23T13:00:00+99:99', '2099-13-01T00:00:00Z'])(
    'a container endpoint whose Expiration is %s → OUTPUT_INVALID naming Expiration',
    async (expiration) => {
      const canaryDir = scratchDir();
      const server = track(
        await containerCredentialsServer({ ...good(), Expiration: expiration }, 'test-container-auth'),
      );
      const { env } = cliHome({
        AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server.url}/creds`,
        AWS_CONTAINER_AUTHORIZATION_TOKEN: 'test-container-auth',
      });
      const result = await cliAsync(['get', 'bedrock'], { env });
      expectRefused(result, ['Expiration is not a real date-time'], [SECRET, TOKEN], canaryDir);
      expect(result.stderr).not.toContain('AWS_PROFILE');
    },
  );

  it('instance metadata with an unparsable Expiration → OUTPUT_INVALID, not a RangeError (exit 70)', async () => {
    const canaryDir = scratchDir();
    const server = track(await imdsServer({ ...good(), Expiration: 'next tuesday' }));
    const { env } = cliHome({ AWS_EC2_METADATA_SERVICE_ENDPOINT: server.url });
    delete env.AWS_EC2_METADATA_DISABLED;
    const result = await cliAsync(['get', 'bedrock'], { env });
    expectRefused(result, ['aws:imds', 'Expiration'], [SECRET, TOKEN], canaryDir);
  });
});

describe('get bedrock: hostile regions', () => {
  it('a region with $(…) in ~/.aws/config → OUTPUT_INVALID naming the profile and the file', () => {
    const canaryDir = scratchDir();
    const { home, env } = helperHome({ AccessKeyId: ID, SecretAccessKey: SECRET, Expiration: inOneHour() });
    mkdirSync(join(home, '.aws'));
    writeFileSync(join(home, '.aws', 'config'), '[default]\nregion = us-east-1$(touch pwned)\n');
    const result = cli(['get', 'bedrock'], { env });
    expectRefused(result, ['`region` of profile "default"', '.aws/config'], [SECRET], canaryDir);
  });

  it('AWS_REGION with `;` → OUTPUT_INVALID naming AWS_REGION', () => {
    const canaryDir = scratchDir();
    const { env } = helperHome(
      { AccessKeyId: ID, SecretAccessKey: SECRET, Expiration: inOneHour() },
      { AWS_REGION: 'us-east-1;touch pwned' },
    );
    const result = cli(['get', 'bedrock'], { env });
    expectRefused(result, ['AWS_REGION is not an AWS region name'], [SECRET], canaryDir);
  });
});

describe('get bedrock: real-looking values survive eval byte for byte', () => {
  it('sh and bash set exactly the printed variables to exactly the values (+ / = included)', () => {
    const expiration = inOneHour();
    const { env } = helperHome(
      { AccessKeyId: ID, SecretAccessKey: SECRET, SessionToken: TOKEN, Expiration: expiration },
      { AWS_REGION: 'eu-west-3' },
    );
    const result = cli(['get', 'bedrock'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`export AWS_SECRET_ACCESS_KEY='${SECRET}'\n`);
    const names = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_CREDENTIAL_EXPIRATION'];
    const print = [...names, 'AWS_REGION'].map((name) => `printf '%s\\n' "$${name}"`).join('; ');
    for (const shell of ['sh', 'bash']) {
      const evaluated = spawnSync(shell, ['-c', `eval "$(${process.execPath} ${CLI} get bedrock)"; ${print}`], {
        env,
        encoding: 'utf8',
      });
      expect(evaluated.stdout).toBe(
        `${[ID, SECRET, TOKEN, new Date(expiration).toISOString(), 'eu-west-3'].join('\n')}\n`,
      );
    }
  });
});

describe('get bedrock: a planted shared-cache entry', () => {
  it('an entry whose session token holds $(…) is a miss: the helper runs again and its value is served', () => {
    const canaryDir = scratchDir();
    const count = join(scratchDir(), 'count');
    const { home, env } = helperHome(
      { AccessKeyId: ID, SecretAccessKey: SECRET, SessionToken: TOKEN, Expiration: inOneHour() },
      { COUNT_FILE: count },
    );
    expect(cli(['get', 'bedrock'], { env }).code).toBe(0);
    const cacheDir = join(home, '.cache', 'credhelper');
    const planted = readdirSync(cacheDir).filter((name) => readFileSync(join(cacheDir, name), 'utf8').includes(TOKEN));
    expect(planted).toHaveLength(1);
    const file = join(cacheDir, planted[0] ?? '');
    const entry = JSON.parse(readFileSync(file, 'utf8')) as { value: Record<string, unknown> };
    entry.value.sessionToken = 'token$(touch pwned)';
    writeFileSync(file, JSON.stringify(entry));

    const result = cli(['get', 'bedrock'], { env });
    evalIn('sh', result.stdout, canaryDir);
    expect(existsSync(join(canaryDir, 'pwned'))).toBe(false);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`export AWS_SESSION_TOKEN='${TOKEN}'\n`);
    expect(runCount(count)).toBe(2);
  });
});

describe('get bedrock: a Bedrock API key (bearer token) is exported quoted, and a hostile one is refused', () => {
  const KEY = 'ABSKtestBearer+key/0000000000000000000000=';

  it('a real-looking key: eval sets exactly AWS_BEARER_TOKEN_BEDROCK and AWS_REGION', () => {
    const { env } = cliHome({ AWS_BEARER_TOKEN_BEDROCK: KEY, AWS_REGION: 'us-west-2' });
    const result = cli(['get', 'bedrock'], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`export AWS_BEARER_TOKEN_BEDROCK='${KEY}'\nexport AWS_REGION='us-west-2'\n`);
    for (const shell of ['sh', 'bash']) {
      const print = `printf '%s\\n' "$AWS_BEARER_TOKEN_BEDROCK" "$AWS_REGION"`;
      const evaluated = spawnSync(shell, ['-c', `eval "$(${process.execPath} ${CLI} get bedrock)"; ${print}`], {
        env,
        encoding: 'utf8',
      });
      expect(evaluated.stdout).toBe(`${KEY}\nus-west-2\n`);
    }
  });

  it.each([
    ['AWS_BEARER_TOKEN_BEDROCK', 'x;touch pwned'],
    ['AWS_BEARER_TOKEN_BEDROCK', 'x$(touch pwned)'],
    ['AWS_BEARER_TOKEN_BEDROCK', "x'`touch pwned`'"],
  ])('%s %j → OUTPUT_INVALID naming the source, never run', (name, value) => {
    const canaryDir = scratchDir();
    const { env } = cliHome({ [name]: value, AWS_REGION: 'us-east-1' });
    const result = cli(['get', 'bedrock'], { env });
    expectRefused(result, ['env:AWS_BEARER_TOKEN_BEDROCK', 'is not a Bedrock API key'], [value], canaryDir);
  });

  it('an imported store entry with shell characters is refused, never run', () => {
    const canaryDir = scratchDir();
    const { home, env } = cliHome({ AWS_REGION: 'us-east-1' });
    const imported = join(home, 'import.json');
    // No space: import's key rule lets it in, so that the Bedrock rule is what refuses it.
    const hostile = 'ABSKtest;touch;pwned';
    writeFileSync(imported, JSON.stringify({ 'amazon-bedrock': { type: 'api', key: hostile } }));
    cli(['import', imported], { env });
    const result = cli(['get', 'bedrock'], { env });
    expectRefused(result, ['store:amazon-bedrock', 'is not a Bedrock API key'], [hostile], canaryDir);
  });
});
