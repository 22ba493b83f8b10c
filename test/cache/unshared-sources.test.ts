import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CredentialHelper, type CredentialHelperOptions, createCredentialHelper } from 'credhelper';
import { describe, expect, it } from 'vitest';
import { IDENTITY_KEY_FILE } from '../../src/cache/cache-identity-key.js';
import { hoursFromNow, writeAuthFile } from '../support/auth-file.js';
import { useAwsEnv } from '../support/clean-env.js';
import { cleanEnv, fixture, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

// Issue 22 review, the other half of "whatever a source reads is its cache identity or makes it
// unshareable": the sources that are not in the shared cache (variables, auth.json entries (a
// keychain entry is read the same way), a minted Bedrock key) write nothing there, so another process can never
// be handed their value; each process reads its own inputs. One row per source.

isolateTests();

interface Row {
  options(): CredentialHelperOptions;
  resolve(creds: CredentialHelper): Promise<string>;
  /** Files of the shared cache directory besides the identity key that this row may leave (none). */
  sharedEntries?: number;
}

const ROWS: Record<string, Row> = {
  'env:ANTHROPIC_API_KEY': {
    options: () => ({ env: cleanEnv({ ANTHROPIC_API_KEY: 'sk-ant-test-unshared-api-0001' }), authFile: false }),
    resolve: async (creds) => (await creds.anthropic()).value,
  },
  'env:ANTHROPIC_AUTH_TOKEN': {
    options: () => ({ env: cleanEnv({ ANTHROPIC_AUTH_TOKEN: 'sk-ant-test-unshared-token-0001' }), authFile: false }),
    resolve: async (creds) => (await creds.anthropic()).value,
  },
  'env:CLAUDE_CODE_OAUTH_TOKEN': {
    options: () => ({ env: cleanEnv({ CLAUDE_CODE_OAUTH_TOKEN: 'sk-ant-oat-test-unshared-0001' }), authFile: false }),
    resolve: async (creds) => (await creds.anthropic()).value,
  },
  'store:anthropic (a stored token in auth.json)': {
    options: () => ({
      env: cleanEnv(),
      authFile: writeAuthFile({
        anthropic: { type: 'token', token: 'sk-ant-oat-test-unshared-stored-0001', expires: hoursFromNow(2) },
      }),
    }),
    resolve: async (creds) => (await creds.anthropic()).value,
  },
  'store:openai (a stored key, provider())': {
    options: () => ({
      env: cleanEnv(),
      authFile: writeAuthFile({ openai: { type: 'api', key: 'sk-test-unshared-0001' } }),
    }),
    resolve: async (creds) => (await creds.provider('openai')).value,
  },
  'env:OPENAI_API_KEY (provider())': {
    options: () => ({ env: cleanEnv({ OPENAI_API_KEY: 'sk-test-unshared-env-0001' }), authFile: false }),
    resolve: async (creds) => (await creds.provider('openai')).value,
  },
  'env:AWS_BEARER_TOKEN_BEDROCK': {
    options: () => ({
      env: useAwsEnv({ AWS_BEARER_TOKEN_BEDROCK: 'bedrock-api-key-test-unshared-0001' }),
      authFile: false,
    }),
    resolve: async (creds) => {
      const credential = await creds.bedrock();
      return credential.type === 'bearer' ? credential.token : '';
    },
  },
  'store:amazon-bedrock (a stored Bedrock API key)': {
    options: () => ({
      env: useAwsEnv(),
      authFile: writeAuthFile({ 'amazon-bedrock': { type: 'api', key: 'bedrock-api-key-test-unshared-stored-0001' } }),
    }),
    resolve: async (creds) => {
      const credential = await creds.bedrock();
      return credential.type === 'bearer' ? credential.token : '';
    },
  },
  'minted: (bedrock.mintBearerToken over awsCredentialExport)': {
    options: () => ({
      env: useAwsEnv(),
      settings: { awsCredentialExport: fixture('print-sts-json.sh') },
      bedrock: { mintBearerToken: true },
      authFile: false,
    }),
    resolve: async (creds) => {
      const credential = await creds.bedrock();
      return credential.type === 'bearer' ? credential.token : '';
    },
    sharedEntries: 1, // the STS credentials it was minted from (their own identity); never the minted key
  },
};

describe('sources outside the shared cache leave nothing in it', () => {
  it.each(Object.keys(ROWS))('%s', async (name) => {
    const row = ROWS[name] as Row;
    const shared = scratchDir();
    const secret = await row.resolve(createCredentialHelper({ ...row.options(), sharedCache: shared }));
    expect(secret).not.toBe('');
    const entries = readdirSync(shared).filter((file) => file !== IDENTITY_KEY_FILE);
    expect(entries).toHaveLength(row.sharedEntries ?? 0);
    for (const file of entries) expect(readFileSync(join(shared, file), 'utf8')).not.toContain(secret);
  });
});
