import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCredentialHelper, isCredentialHelperError } from 'credhelper';
import { afterEach, describe, expect, it } from 'vitest';
import { writeAuthFile } from '../support/auth-file.js';
import { restoreProcessEnv, useAwsEnv } from '../support/clean-env.js';
import { everyRendering, fixture, removeScratchDirs, runCount, scratchDir } from '../support/fixtures.js';

afterEach(() => {
  restoreProcessEnv();
  removeScratchDirs();
});

const ENV_KEY_ID = 'AKIATESTENVKEY000001';
const ENV_SECRET = 'test-env-secret-000000000000000000000001';
const BEARER_ENV = 'test-bedrock-bearer-env-0001';
const BEARER_OPTION = 'test-bedrock-bearer-option-0001';
const envKeys = { AWS_ACCESS_KEY_ID: ENV_KEY_ID, AWS_SECRET_ACCESS_KEY: ENV_SECRET };

// One row per precedence rule of `bedrockSources` (README table).
const rules: Array<{
  rule: string;
  env: Record<string, string>;
  bearerOption?: string;
  exportSet: boolean;
  expected: { type: 'bearer' | 'sigv4'; source: string; secret: string };
}> = [
  {
    rule: '1. the bedrock.bearerToken option wins over everything',
    env: { AWS_BEARER_TOKEN_BEDROCK: BEARER_ENV, ...envKeys },
    bearerOption: BEARER_OPTION,
    exportSet: true,
    expected: { type: 'bearer', source: 'option:bedrock.bearerToken', secret: BEARER_OPTION },
  },
  {
    rule: '2. AWS_BEARER_TOKEN_BEDROCK wins over awsCredentialExport and the AWS chain',
    env: { AWS_BEARER_TOKEN_BEDROCK: BEARER_ENV, ...envKeys },
    exportSet: true,
    expected: { type: 'bearer', source: 'env:AWS_BEARER_TOKEN_BEDROCK', secret: BEARER_ENV },
  },
  {
    rule: '2. an empty AWS_BEARER_TOKEN_BEDROCK counts as unset',
    env: { AWS_BEARER_TOKEN_BEDROCK: '  ', ...envKeys },
    exportSet: true,
    expected: {
      type: 'sigv4',
      source: 'helper:awsCredentialExport',
      secret: 'test-export-secret-0000000000000000000001',
    },
  },
  {
    rule: '4. awsCredentialExport wins over the AWS default chain',
    env: envKeys,
    exportSet: true,
    expected: {
      type: 'sigv4',
      source: 'helper:awsCredentialExport',
      secret: 'test-export-secret-0000000000000000000001',
    },
  },
  {
    rule: '5. the AWS default chain (env keys) when nothing else is set',
    env: envKeys,
    exportSet: false,
    expected: { type: 'sigv4', source: 'aws:env', secret: ENV_SECRET },
  },
];

describe('bedrock() precedence', () => {
  it.each(rules)('$rule', async ({ env, bearerOption, exportSet, expected }) => {
    const creds = createCredentialHelper({
      env: useAwsEnv(env),
      ...(bearerOption ? { bedrock: { bearerToken: bearerOption } } : {}),
      settings: exportSet ? { awsCredentialExport: fixture('print-sts-json.sh') } : {},
    });
    const credential = await creds.bedrock();
    expect(credential.type).toBe(expected.type);
    expect(credential.source).toBe(expected.source);
    expect(credential.type === 'bearer' ? credential.token : credential.credentials.secretAccessKey).toBe(
      expected.secret,
    );
    const explanation = await creds.explain('bedrock');
    expect(explanation.winner).toBe(expected.source.startsWith('aws:') ? 'aws:default-chain' : expected.source);
    expect(JSON.stringify(explanation)).not.toContain(expected.secret);
  });

  it('3. the stored Bedrock API key loses to the variable and wins over awsCredentialExport and the chain', async () => {
    const stored = 'test-bedrock-bearer-stored-0001';
    const file = writeAuthFile({ 'amazon-bedrock': { type: 'api', key: stored } });
    const withVariable = createCredentialHelper({
      env: useAwsEnv({ ...envKeys, AWS_BEARER_TOKEN_BEDROCK: BEARER_ENV, CREDHELPER_AUTH_FILE: file }),
    });
    expect(await withVariable.bedrock()).toMatchObject({ source: 'env:AWS_BEARER_TOKEN_BEDROCK' });
    const creds = createCredentialHelper({
      env: useAwsEnv({ ...envKeys, CREDHELPER_AUTH_FILE: file }),
      settings: { awsCredentialExport: fixture('print-sts-json.sh') },
    });
    expect(await creds.bedrock()).toMatchObject({ type: 'bearer', token: stored, source: 'store:amazon-bedrock' });
    const explanation = await creds.explain('bedrock');
    expect(explanation.candidates.map((c) => c.source)).toEqual([
      'option:bedrock.bearerToken',
      'env:AWS_BEARER_TOKEN_BEDROCK',
      'store:amazon-bedrock',
      'helper:awsCredentialExport',
      'aws:default-chain',
    ]);
    expect(explanation.candidates.map((c) => c.status)).toEqual(['absent', 'absent', 'won', 'shadowed', 'shadowed']);
    expect(JSON.stringify(explanation)).not.toContain(stored);
  });

  it('explain marks the sources a bearer token shadows, with fingerprints only', async () => {
    const creds = createCredentialHelper({
      env: useAwsEnv({ AWS_BEARER_TOKEN_BEDROCK: BEARER_ENV, ...envKeys }),
      settings: { awsCredentialExport: fixture('print-sts-json.sh') },
    });
    const explanation = await creds.explain('bedrock');
    const byName = Object.fromEntries(explanation.candidates.map((c) => [c.source, c]));
    expect(byName['env:AWS_BEARER_TOKEN_BEDROCK']?.status).toBe('won');
    expect(byName['env:AWS_BEARER_TOKEN_BEDROCK']?.fingerprint).toMatch(/^sha256:[0-9a-f]{12}$/);
    expect(byName['helper:awsCredentialExport']?.status).toBe('shadowed');
    expect(byName['aws:default-chain']?.status).toBe('shadowed');
  });

  it('nothing anywhere: CREDENTIALS_NOT_FOUND naming every source tried', async () => {
    const creds = createCredentialHelper({ env: useAwsEnv() });
    const error = await creds.bedrock().catch((e: unknown) => e);
    expect(isCredentialHelperError(error) && error.code).toBe('CREDENTIALS_NOT_FOUND');
    expect(String(error)).toContain('env:AWS_BEARER_TOKEN_BEDROCK');
    expect(String(error)).toContain('aws:default-chain');
  });

  it('refuses a blank bearerToken option and a malformed region at construction', () => {
    expect(() => createCredentialHelper({ bedrock: { bearerToken: ' ' } })).toThrow(/bedrock.bearerToken/);
    expect(() => createCredentialHelper({ bedrock: { region: 'US East' } })).toThrow(/bedrock.region/);
    expect(() => createCredentialHelper({ awsCredentialExportTtlMs: -1 })).toThrow(/awsCredentialExportTtlMs/);
  });
});

describe('bedrock() region', () => {
  const config = '[default]\nregion = eu-west-1\n[profile agents]\nregion = ap-southeast-2\n';
  const cases: Array<{ rule: string; env: Record<string, string>; option?: string; expected: string }> = [
    {
      rule: 'the region option first',
      env: { AWS_REGION: 'us-west-2' },
      option: 'eu-central-1',
      expected: 'eu-central-1',
    },
    {
      rule: 'then AWS_REGION',
      env: { AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'us-east-2' },
      expected: 'us-west-2',
    },
    { rule: 'then AWS_DEFAULT_REGION', env: { AWS_DEFAULT_REGION: 'us-east-2' }, expected: 'us-east-2' },
    { rule: "then the AWS_PROFILE's region", env: { AWS_PROFILE: 'agents' }, expected: 'ap-southeast-2' },
    { rule: "then the default profile's region", env: {}, expected: 'eu-west-1' },
  ];
  it.each(cases)('$rule', async ({ env, option, expected }) => {
    const processEnv = useAwsEnv({ AWS_BEARER_TOKEN_BEDROCK: BEARER_ENV, ...env });
    writeFileSync(processEnv.AWS_CONFIG_FILE as string, config);
    const creds = createCredentialHelper({ env: processEnv, ...(option ? { bedrock: { region: option } } : {}) });
    expect((await creds.bedrock()).region).toBe(expected);
  });

  it('us-east-1 when nothing names a region', async () => {
    const creds = createCredentialHelper({ env: useAwsEnv({ AWS_BEARER_TOKEN_BEDROCK: BEARER_ENV }) });
    expect((await creds.bedrock()).region).toBe('us-east-1');
  });
});

describe('awsCredentialExport', () => {
  it('runs once for many callers, keeps Expiration, and runs again after invalidate', async () => {
    const count = join(scratchDir(), 'count');
    const creds = createCredentialHelper({
      env: useAwsEnv({ COUNT_FILE: count }),
      settings: { awsCredentialExport: fixture('print-sts-json.sh') },
    });
    const results = await Promise.all(Array.from({ length: 50 }, () => creds.bedrock()));
    await creds.bedrock();
    expect(runCount(count)).toBe(1);
    const first = results[0];
    expect(first?.type).toBe('sigv4');
    if (first?.type !== 'sigv4') return;
    expect(first.credentials.sessionToken).toBe('test-export-session-token-0001');
    expect(first.expiresAt).toBeInstanceOf(Date);
    expect(first.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    creds.invalidate('bedrock');
    await creds.bedrock();
    expect(runCount(count)).toBe(2);
    creds.invalidate('anthropic');
    await creds.bedrock();
    expect(runCount(count)).toBe(2);
  });

  it('without Expiration, reuses the credentials for awsCredentialExportTtlMs (default 1 h)', async () => {
    const count = join(scratchDir(), 'count');
    let now = Date.now();
    const creds = createCredentialHelper({
      env: useAwsEnv({ COUNT_FILE: count, NO_EXPIRATION: '1' }),
      settings: { awsCredentialExport: fixture('print-sts-json.sh') },
      now: () => now,
    });
    await creds.bedrock();
    now += 59 * 60_000;
    await creds.bedrock();
    expect(runCount(count)).toBe(1);
    now += 2 * 60_000;
    await creds.bedrock();
    expect(runCount(count)).toBe(2);
  });

  it('4-minute credentials: 1 000 calls inside one window run the helper once', async () => {
    const count = join(scratchDir(), 'count');
    const creds = createCredentialHelper({
      env: useAwsEnv({ COUNT_FILE: count, EXPIRES_IN_S: '240' }),
      settings: { awsCredentialExport: fixture('print-sts-json.sh') },
    });
    const provider = creds.awsCredentialProvider();
    for (let i = 0; i < 1000; i++) await provider();
    expect(runCount(count)).toBe(1);
  });

  it('invalid output is OUTPUT_INVALID naming the paths, never a value', async () => {
    const dir = scratchDir();
    const script = join(dir, 'bad.sh');
    writeFileSync(
      script,
      '#!/bin/sh\necho \'{"Credentials":{"AccessKeyId":"AKIATESTBAD000000001","SecretAccessKey":"","SessionToken":"sk-ant-test-leak"}}\'\n',
      { mode: 0o755 },
    );
    const creds = createCredentialHelper({ env: useAwsEnv(), settings: { awsCredentialExport: script } });
    const error = await creds.bedrock().catch((e: unknown) => e);
    expect(isCredentialHelperError(error) && error.code).toBe('OUTPUT_INVALID');
    expect(isCredentialHelperError(error) && error.details.issuePaths).toContain('Credentials.SecretAccessKey');
    expect(everyRendering(error)).not.toContain('sk-ant-test-leak');
    expect(everyRendering(error)).not.toContain('AKIATESTBAD000000001');
  });

  it('a failing export stops the resolution (no fall-through to the AWS chain) with its exit code', async () => {
    const creds = createCredentialHelper({
      env: useAwsEnv(envKeys),
      settings: { awsCredentialExport: fixture('exit-3.sh') },
    });
    const error = await creds.bedrock().catch((e: unknown) => e);
    expect(isCredentialHelperError(error) && error.code).toBe('HELPER_EXIT');
    expect(String(error)).toContain('awsCredentialExport');
  });
});
