import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CredentialHelper, type CredentialHelperOptions, createCredentialHelper } from 'credhelper';
import { gcpMetadata } from 'google-auth-library';
import { beforeEach, describe, expect, it } from 'vitest';
import { useAwsEnv, useGcpEnv } from '../support/clean-env.js';
import { cleanEnv, fixture, runCount, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { externalAccountJson, googleStsServer } from '../support/local-servers.js';

// Issue 22, Major 1: whatever a cached source reads (settings, variables, files) is its cache
// identity. Each row: two "processes" (credential helpers over one shared cache directory) with
// the same inputs share one entry; then one input changes, and the next one must not use it.

const { track } = isolateTests();
beforeEach(() => gcpMetadata.resetIsAvailableCache());

const SUBJECT_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.test-subject-token';

interface World {
  /** The options of one more process. */
  options(): CredentialHelperOptions;
  /** Resolves through the source under test. */
  resolve(creds: CredentialHelper): Promise<unknown>;
  /** How often the source really ran (helper runs, token requests). */
  loads(): number;
  /** Each changes one input of the source. */
  inputs: Record<string, () => void>;
}

function awsKeyInputs(set: (name: string, value: string) => void): Record<string, () => void> {
  return {
    AWS_ACCESS_KEY_ID: () => set('AWS_ACCESS_KEY_ID', 'AKIATESTOTHERKEY0001'),
    AWS_SECRET_ACCESS_KEY: () => set('AWS_SECRET_ACCESS_KEY', 'aws-test-other-secret-0001'),
    AWS_SESSION_TOKEN: () => set('AWS_SESSION_TOKEN', 'aws-test-other-session-token'),
  };
}

function apiKeyHelperWorld(): World {
  const shared = scratchDir();
  const count = join(scratchDir(), 'count');
  const env: Record<string, string> = cleanEnv({
    COUNT_FILE: count,
    AWS_ACCESS_KEY_ID: 'AKIATESTBASEKEY00001',
    AWS_SECRET_ACCESS_KEY: 'aws-test-base-secret-0001',
  });
  const state = { command: fixture('count-runs.sh'), cwd: scratchDir() };
  return {
    options: () => ({
      env: { ...env },
      cwd: state.cwd,
      settings: { apiKeyHelper: state.command },
      sharedCache: shared,
      authFile: false,
    }),
    resolve: async (creds) => (await creds.anthropic()).value,
    loads: () => runCount(count),
    inputs: {
      'the command': () => {
        state.command = `${state.command} --other`;
      },
      cwd: () => {
        state.cwd = scratchDir();
      },
      'a variable (TENANT)': () => {
        env.TENANT = 'other';
      },
      HOME: () => {
        env.HOME = scratchDir();
      },
      ...awsKeyInputs((name, value) => {
        env[name] = value;
      }),
    },
  };
}

function awsCredentialExportWorld(): World {
  const shared = scratchDir();
  const count = join(scratchDir(), 'count');
  const env = useAwsEnv({ COUNT_FILE: count });
  const state = { command: fixture('print-sts-json.sh'), cwd: scratchDir() };
  return {
    options: () => ({
      env,
      cwd: state.cwd,
      settings: { awsCredentialExport: state.command },
      sharedCache: shared,
      authFile: false,
    }),
    resolve: async (creds) => creds.bedrock(),
    loads: () => runCount(count),
    inputs: {
      'the command': () => {
        state.command = `${state.command} --other`;
      },
      cwd: () => {
        state.cwd = scratchDir();
      },
      'a variable (KEY_ID)': () => {
        env.KEY_ID = 'ASIATESTOTHER0000001';
      },
      AWS_PROFILE: () => {
        env.AWS_PROFILE = 'other';
      },
      ...awsKeyInputs((name, value) => {
        env[name] = value;
      }),
    },
  };
}

/** The default chain with a `credential_process` profile; `env` is a copy of `process.env`. */
function awsDefaultChainWorld(): World {
  const shared = scratchDir();
  const count = join(scratchDir(), 'count');
  const processEnv = useAwsEnv({ AWS_PROFILE: 'agents', COUNT_FILE: count });
  const config = processEnv.AWS_CONFIG_FILE as string;
  const profiles = `[profile agents]\ncredential_process = ${fixture('credential-process.sh')}\n[profile other]\ncredential_process = ${fixture('credential-process.sh')} --other\n`;
  writeFileSync(config, profiles);
  const env: Record<string, string | undefined> = { ...processEnv };
  const set = (name: string, value: string) => {
    env[name] = value;
    processEnv[name] = value;
  };
  return {
    options: () => ({ env: { ...env }, sharedCache: shared, authFile: false }),
    resolve: async (creds) => creds.bedrock(),
    loads: () => runCount(count),
    inputs: {
      AWS_PROFILE: () => set('AWS_PROFILE', 'other'),
      'the content of AWS_CONFIG_FILE': () => writeFileSync(config, `${profiles}region = eu-north-1\n`),
      'the content of AWS_SHARED_CREDENTIALS_FILE': () =>
        writeFileSync(processEnv.AWS_SHARED_CREDENTIALS_FILE as string, '[unused]\n'),
      'the path AWS_CONFIG_FILE': () => {
        const moved = join(scratchDir(), 'config');
        copyFileSync(config, moved);
        set('AWS_CONFIG_FILE', moved);
      },
      'a variable of process.env only (AWS_ROLE_SESSION_NAME)': () => {
        processEnv.AWS_ROLE_SESSION_NAME = 'other';
      },
      ...awsKeyInputs(set),
    },
  };
}

async function applicationDefaultWorld(): Promise<World> {
  const shared = scratchDir();
  const server = track(await googleStsServer({ acceptSubjectToken: SUBJECT_TOKEN, accessToken: 'ya29.test-identity' }));
  const dir = scratchDir();
  const subjectTokenFile = join(dir, 'subject-token');
  writeFileSync(subjectTokenFile, SUBJECT_TOKEN);
  const adcFile = join(dir, 'adc.json');
  writeFileSync(adcFile, externalAccountJson(server.tokenUrl, subjectTokenFile));
  const env = useGcpEnv({ GOOGLE_APPLICATION_CREDENTIALS: adcFile, ANTHROPIC_VERTEX_PROJECT_ID: 'agents-prod' });
  return {
    options: () => ({ env, sharedCache: shared, authFile: false }),
    resolve: async (creds) => creds.vertex(),
    loads: () => server.requests,
    inputs: {
      'the content of GOOGLE_APPLICATION_CREDENTIALS': () =>
        writeFileSync(adcFile, externalAccountJson(server.tokenUrl, subjectTokenFile)),
      'the project': () => {
        env.ANTHROPIC_VERTEX_PROJECT_ID = 'agents-test';
      },
      'a variable (GCE_METADATA_HOST)': () => {
        env.GCE_METADATA_HOST = '127.0.0.1:9';
      },
      ...awsKeyInputs((name, value) => {
        env[name] = value;
      }),
    },
  };
}

const WORLDS: Record<string, () => World | Promise<World>> = {
  'helper:apiKeyHelper': apiKeyHelperWorld,
  'helper:awsCredentialExport': awsCredentialExportWorld,
  'aws:default-chain': awsDefaultChainWorld,
  'gcp:adc': applicationDefaultWorld,
};

// The input names come from throwaway worlds: the table lists every input each source declares.
const ROWS = [
  ...Object.keys(apiKeyHelperWorld().inputs).map((input) => ['helper:apiKeyHelper', input]),
  ...Object.keys(awsCredentialExportWorld().inputs).map((input) => ['helper:awsCredentialExport', input]),
  ...Object.keys(awsDefaultChainWorld().inputs).map((input) => ['aws:default-chain', input]),
  ...[
    'the content of GOOGLE_APPLICATION_CREDENTIALS',
    'the project',
    'a variable (GCE_METADATA_HOST)',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
  ].map((input) => ['gcp:adc', input]),
] as const;

describe('every input a cached source reads is part of its shared-cache identity', () => {
  it.each(ROWS)('%s: changing %s uses another entry', async (source, input) => {
    const world = await (WORLDS[source] as () => World | Promise<World>)();
    const change = world.inputs[input];
    expect(change).toBeDefined();
    await world.resolve(createCredentialHelper(world.options()));
    expect(world.loads()).toBe(1);
    await world.resolve(createCredentialHelper(world.options())); // same inputs: the shared entry
    expect(world.loads()).toBe(1);
    change?.();
    await world.resolve(createCredentialHelper(world.options())).catch(() => undefined);
    expect(world.loads()).toBe(2);
  });

  it('inputs that change no output (the TTL and timeout settings, PWD, SHLVL, the nesting marker) keep the entry', async () => {
    const world = apiKeyHelperWorld();
    const first = await world.resolve(createCredentialHelper(world.options()));
    const options = world.options();
    // CREDHELPER_NESTED is each CLI process's own pid: in the identity, no two processes would share.
    const env = {
      ...options.env,
      CREDHELPER_HELPER_TIMEOUT_MS: '20000',
      PWD: '/elsewhere',
      SHLVL: '7',
      CREDHELPER_NESTED: '4242',
    };
    expect(await world.resolve(createCredentialHelper({ ...options, env }))).toBe(first);
    expect(world.loads()).toBe(1);
  });
});

describe('CREDHELPER_CACHE_IGNORE_VARIABLES', () => {
  it('processes that differ only in listed variables (a per-agent id) share the entry; others still do not', async () => {
    const world = apiKeyHelperWorld();
    const withAgent = (agent: string, extra: Record<string, string> = {}) => {
      const options = world.options();
      return {
        ...options,
        env: { ...options.env, AGENT_ID: agent, CREDHELPER_CACHE_IGNORE_VARIABLES: 'AGENT_ID, SESSION', ...extra },
      };
    };
    const first = await world.resolve(createCredentialHelper(withAgent('1')));
    expect(await world.resolve(createCredentialHelper(withAgent('2')))).toBe(first);
    expect(await world.resolve(createCredentialHelper(withAgent('3', { SESSION: 'x' })))).toBe(first);
    expect(world.loads()).toBe(1);
    await world.resolve(createCredentialHelper(withAgent('4', { TENANT: 'other' })));
    expect(world.loads()).toBe(2);
  });
});
