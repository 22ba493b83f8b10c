import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { createCredentialHelper, isCredentialHelperError, vertexRegionVariables } from 'credhelper/internal';
import { gcpMetadata } from 'google-auth-library';
import { beforeEach, describe, expect, it } from 'vitest';
import { useGcpEnv } from '../support/clean-env.js';
import { everyRendering, fixture, runCount, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { externalAccountJson, gceMetadataServer, googleStsServer } from '../support/local-servers.js';

// Vertex credentials through the real google-auth-library: a GCE metadata server and Google's STS
// token exchange (workload identity federation) on 127.0.0.1.

const ACCESS_TOKEN = 'ya29.test-vertex-access-token-0001';
const SUBJECT_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.test-subject-token';
const { track } = isolateTests();
beforeEach(() => gcpMetadata.resetIsAvailableCache());

async function sts(accessToken = ACCESS_TOKEN) {
  const server = await googleStsServer({ acceptSubjectToken: SUBJECT_TOKEN, accessToken });
  track(server);
  return server;
}

/** An external_account ADC file plus its subject token file, in a scratch directory. */
function externalAccount(tokenUrl: string, subjectToken = SUBJECT_TOKEN) {
  const dir = scratchDir();
  const subjectTokenFile = join(dir, 'subject-token');
  writeFileSync(subjectTokenFile, subjectToken);
  const adcFile = join(dir, 'adc.json');
  writeFileSync(adcFile, externalAccountJson(tokenUrl, subjectTokenFile));
  return { adcFile, subjectTokenFile };
}

describe('vertex(): Application Default Credentials', () => {
  it('the GCE metadata server → gcp:metadata, with the project from the metadata server', async () => {
    const metadata = await gceMetadataServer({
      accessToken: ACCESS_TOKEN,
      expiresInS: 1800,
      projectId: 'meta-project',
    });
    track(metadata);
    const env = useGcpEnv({ GCE_METADATA_HOST: `127.0.0.1:${metadata.port}`, METADATA_SERVER_DETECTION: 'ping-only' });
    const credential = await createCredentialHelper({ env }).vertex();
    expect(credential).toMatchObject({
      accessToken: ACCESS_TOKEN,
      source: 'gcp:metadata',
      projectId: 'meta-project',
      region: 'global',
      headers: { authorization: `Bearer ${ACCESS_TOKEN}` },
    });
    expect(credential.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 25 * 60_000);
    expect(credential.expiresAt?.getTime()).toBeLessThanOrEqual(Date.now() + 30 * 60_000);
  });

  it('GOOGLE_APPLICATION_CREDENTIALS → external_account with a local STS token_url → gcp:external-account', async () => {
    const server = await sts();
    const { adcFile } = externalAccount(server.tokenUrl);
    const env = useGcpEnv({ GOOGLE_APPLICATION_CREDENTIALS: adcFile, ANTHROPIC_VERTEX_PROJECT_ID: 'agents-prod' });
    const creds = createCredentialHelper({ env });
    const credentials = await Promise.all(Array.from({ length: 50 }, () => creds.vertex()));
    expect(credentials[0]).toMatchObject({
      accessToken: ACCESS_TOKEN,
      source: 'gcp:external-account',
      projectId: 'agents-prod',
    });
    expect(server.requests).toBe(1);
    creds.invalidate('vertex');
    await creds.vertex();
    expect(server.requests).toBe(2);
    creds.invalidate('bedrock');
    await creds.vertex();
    expect(server.requests).toBe(2);
  });

  it('the token is reused until 5 minutes before its expiry, then re-minted in the background', async () => {
    const server = track(
      await googleStsServer({ acceptSubjectToken: SUBJECT_TOKEN, accessToken: ACCESS_TOKEN, expiresInS: 3600 }),
    );
    const { adcFile } = externalAccount(server.tokenUrl);
    let now = Date.now();
    const creds = createCredentialHelper({
      env: useGcpEnv({ GOOGLE_APPLICATION_CREDENTIALS: adcFile, GOOGLE_CLOUD_PROJECT: 'p' }),
      now: () => now,
    });
    await creds.vertex();
    now += 54 * 60_000;
    await creds.vertex();
    expect(server.requests).toBe(1);
    now += 2 * 60_000; // 4 minutes left: inside the refresh window
    expect((await creds.vertex()).accessToken).toBe(ACCESS_TOKEN); // the current token, at once
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.requests).toBe(2);
  });

  it('explain("vertex") names the ADC location, what it shadows, the project and the region; no token', async () => {
    const server = await sts();
    const { adcFile } = externalAccount(server.tokenUrl);
    const env = useGcpEnv({
      GOOGLE_APPLICATION_CREDENTIALS: adcFile,
      GOOGLE_CLOUD_PROJECT: 'p-from-env',
      CLOUD_ML_REGION: 'us-east5',
    });
    const wellKnown = join(env.HOME as string, '.config/gcloud/application_default_credentials.json');
    mkdirSync(join(env.HOME as string, '.config/gcloud'), { recursive: true });
    writeFileSync(wellKnown, externalAccountJson(server.tokenUrl, '/nonexistent'));
    const explanation = await createCredentialHelper({ env }).explain('vertex');
    expect(explanation.winner).toBe('gcp:env-file');
    expect(explanation.winnerDetail).toBe('gcp:external-account');
    expect(explanation.candidates.map((c) => [c.source, c.status])).toEqual([
      ['gcp:env-file', 'won'],
      ['gcp:well-known-file', 'shadowed'],
      ['gcp:metadata', 'shadowed'],
    ]);
    expect(explanation.resolved).toEqual({
      projectId: { value: 'p-from-env', from: 'env:GOOGLE_CLOUD_PROJECT' },
      region: { value: 'us-east5', from: 'env:CLOUD_ML_REGION' },
    });
    expect(explanation.candidates[0]?.fingerprint).toMatch(/^sha256:/);
    expect(JSON.stringify(explanation)).not.toContain(ACCESS_TOKEN);
  });
});

describe('vertex() project and region', () => {
  const projectRules: Array<{
    rule: string;
    env: Record<string, string>;
    option?: string;
    expected: string;
    from: string;
  }> = [
    {
      rule: 'the vertex.projectId option first',
      env: { ANTHROPIC_VERTEX_PROJECT_ID: 'a' },
      option: 'opt',
      expected: 'opt',
      from: 'option',
    },
    {
      rule: 'then ANTHROPIC_VERTEX_PROJECT_ID',
      env: { ANTHROPIC_VERTEX_PROJECT_ID: 'a', GOOGLE_CLOUD_PROJECT: 'b' },
      expected: 'a',
      from: 'ANTHROPIC_VERTEX_PROJECT_ID',
    },
    {
      rule: 'then GOOGLE_CLOUD_PROJECT',
      env: { GOOGLE_CLOUD_PROJECT: 'b', GCLOUD_PROJECT: 'c' },
      expected: 'b',
      from: 'GOOGLE_CLOUD_PROJECT',
    },
    { rule: 'then GCLOUD_PROJECT', env: { GCLOUD_PROJECT: 'c' }, expected: 'c', from: 'GCLOUD_PROJECT' },
  ];
  it.each(projectRules)('project: $rule', async ({ env, option, expected }) => {
    const server = await sts();
    const { adcFile } = externalAccount(server.tokenUrl);
    const creds = createCredentialHelper({
      env: useGcpEnv({ GOOGLE_APPLICATION_CREDENTIALS: adcFile, ...env }),
      ...(option ? { vertex: { projectId: option } } : {}),
    });
    expect((await creds.vertex()).projectId).toBe(expected);
  });

  it('project: no project anywhere is a clear error that names the variables', async () => {
    const metadata = await gceMetadataServer({ accessToken: ACCESS_TOKEN });
    track(metadata);
    const env = useGcpEnv({ GCE_METADATA_HOST: `127.0.0.1:${metadata.port}`, METADATA_SERVER_DETECTION: 'ping-only' });
    const error = await createCredentialHelper({ env })
      .vertex()
      .catch((e: unknown) => e);
    expect(isCredentialHelperError(error) && error.code).toBe('CREDENTIALS_NOT_FOUND');
    expect(String(error)).toContain('ANTHROPIC_VERTEX_PROJECT_ID');
    expect(everyRendering(error)).not.toContain(ACCESS_TOKEN);
  });

  const regionRules: Array<{
    rule: string;
    env: Record<string, string>;
    option?: string;
    model?: string;
    expected: string;
  }> = [
    {
      rule: 'the vertex.region option first',
      env: { CLOUD_ML_REGION: 'us-east5', VERTEX_REGION_CLAUDE_3_5_HAIKU: 'x' },
      option: 'europe-west1',
      model: 'claude-3-5-haiku@20241022',
      expected: 'europe-west1',
    },
    {
      rule: "then the model's VERTEX_REGION_ variable",
      env: { CLOUD_ML_REGION: 'us-east5', VERTEX_REGION_CLAUDE_3_5_HAIKU: 'us-central1' },
      model: 'claude-3-5-haiku@20241022',
      expected: 'us-central1',
    },
    {
      rule: 'then CLOUD_ML_REGION',
      env: { CLOUD_ML_REGION: 'us-east5', VERTEX_REGION_CLAUDE_3_5_HAIKU: 'us-central1' },
      model: 'claude-sonnet-4@20250514',
      expected: 'us-east5',
    },
    { rule: 'then global', env: {}, expected: 'global' },
  ];
  it.each(regionRules)('region: $rule', async ({ env, option, model, expected }) => {
    const server = await sts();
    const { adcFile } = externalAccount(server.tokenUrl);
    const creds = createCredentialHelper({
      env: useGcpEnv({ GOOGLE_APPLICATION_CREDENTIALS: adcFile, GOOGLE_CLOUD_PROJECT: 'p', ...env }),
      ...(option ? { vertex: { region: option } } : {}),
    });
    expect((await creds.vertex(model ? { model } : {})).region).toBe(expected);
  });

  it.each([
    ['claude-3-5-haiku@20241022', 'VERTEX_REGION_CLAUDE_3_5_HAIKU'],
    ['claude-3-7-sonnet@20250219', 'VERTEX_REGION_CLAUDE_3_7_SONNET'],
    ['claude-sonnet-4@20250514', 'VERTEX_REGION_CLAUDE_4_0_SONNET'],
    ['claude-opus-4@20250514', 'VERTEX_REGION_CLAUDE_4_0_OPUS'],
    ['claude-opus-4-1@20250805', 'VERTEX_REGION_CLAUDE_4_1_OPUS'],
    ['claude-haiku-4-5@20251001', 'VERTEX_REGION_CLAUDE_4_5_HAIKU'],
  ])('VERTEX_REGION_ variable of %s is %s (Claude Code’s names)', (model, variable) => {
    expect(vertexRegionVariables(model)[0]).toBe(variable);
  });

  it('refuses a malformed project or region option at construction', () => {
    expect(() => createCredentialHelper({ vertex: { projectId: 'Bad Project' } })).toThrow(/vertex.projectId/);
    expect(() => createCredentialHelper({ vertex: { region: '' } })).toThrow(/vertex.region/);
  });
});

describe('vertex() failures and gcpAuthRefresh', () => {
  function login(extra: Record<string, string>) {
    const count = join(scratchDir(), 'refresh-count');
    return { count, env: { REFRESH_COUNT_FILE: count, ...extra } };
  }

  it('no ADC: runs gcpAuthRefresh once for 100 concurrent callers, streams its output, then succeeds', async () => {
    const server = await sts();
    const { adcFile } = externalAccount(server.tokenUrl);
    const go = join(scratchDir(), 'go');
    const probe = useGcpEnv();
    const target = join(probe.HOME as string, '.config/gcloud/application_default_credentials.json');
    const { count, env } = login({ ADC_SOURCE: adcFile, ADC_TARGET: target, GO_FILE: go, GOOGLE_CLOUD_PROJECT: 'p' });
    Object.assign(probe, env);
    const output: string[] = [];
    const creds = createCredentialHelper({
      env: probe,
      settings: { gcpAuthRefresh: fixture('gcp-login.sh') },
      onRefreshOutput: (chunk, setting) => {
        output.push(`${setting}: ${chunk}`);
        if (chunk.includes('Go to the following link')) writeFileSync(go, '');
      },
    });
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        i % 2 ? creds.vertex() : creds.vertex({ model: 'claude-sonnet-4@20250514' }),
      ),
    );
    expect(results.every((r) => r.accessToken === ACCESS_TOKEN && r.source === 'gcp:external-account')).toBe(true);
    expect(runCount(count)).toBe(1);
    expect(output.join('')).toContain('gcpAuthRefresh: Go to the following link');
    expect(output.join('')).toContain('Credentials saved to file');
    // Valid credentials: a later resolution does not log in again.
    creds.invalidate('vertex');
    await creds.vertex();
    expect(runCount(count)).toBe(1);
  });

  it('invalid_grant from the token endpoint: CREDENTIALS_REJECTED; with gcpAuthRefresh, one login and a retry', async () => {
    const server = await sts();
    const { adcFile, subjectTokenFile } = externalAccount(server.tokenUrl, 'eyJhbGciOiJSUzI1NiJ9.revoked.test');
    const env = useGcpEnv({ GOOGLE_APPLICATION_CREDENTIALS: adcFile, GOOGLE_CLOUD_PROJECT: 'p' });
    const error = await createCredentialHelper({ env })
      .vertex()
      .catch((e: unknown) => e);
    expect(isCredentialHelperError(error) && error.code).toBe('CREDENTIALS_REJECTED');
    expect(String(error)).toContain('invalid_grant');
    expect(everyRendering(error)).not.toContain('revoked');
    // The library's error holds the request (with the subject token in its body): not kept.
    expect(inspect(error, { depth: 20 })).not.toContain('revoked');

    const { count, env: extra } = login({ SUBJECT_TOKEN, SUBJECT_TOKEN_FILE: subjectTokenFile });
    Object.assign(env, extra);
    const creds = createCredentialHelper({
      env,
      settings: { gcpAuthRefresh: fixture('gcp-login.sh') },
      onRefreshOutput: () => {},
    });
    expect((await creds.vertex()).accessToken).toBe(ACCESS_TOKEN);
    expect(runCount(count)).toBe(1);
  });

  it('a network failure is PROVIDER_FAILED and does not start a login', async () => {
    const closed = await sts();
    await closed.close();
    const { adcFile } = externalAccount(closed.tokenUrl);
    const { count, env } = login({ GOOGLE_APPLICATION_CREDENTIALS: adcFile, GOOGLE_CLOUD_PROJECT: 'p' });
    const creds = createCredentialHelper({
      env: useGcpEnv(env),
      settings: { gcpAuthRefresh: fixture('gcp-login.sh') },
      onRefreshOutput: () => {},
    });
    const error = await creds.vertex().catch((e: unknown) => e);
    expect(isCredentialHelperError(error) && error.code).toBe('PROVIDER_FAILED');
    expect(runCount(count)).toBe(0);
  });

  it.each([
    ['a missing file', (dir: string) => join(dir, 'missing.json'), 'which does not exist'],
    [
      'a malformed file',
      (dir: string) => {
        writeFileSync(join(dir, 'bad.json'), '{"type": "external_account", ');
        return join(dir, 'bad.json');
      },
      'could not be used',
    ],
  ])(
    'GOOGLE_APPLICATION_CREDENTIALS naming %s: SOURCE_UNREADABLE, told to fix or unset the variable',
    async (_, make, says) => {
      const file = make(scratchDir());
      const env = useGcpEnv({ GOOGLE_APPLICATION_CREDENTIALS: file, GOOGLE_CLOUD_PROJECT: 'p' });
      const error = await createCredentialHelper({ env })
        .vertex()
        .catch((e: unknown) => e);
      expect(isCredentialHelperError(error) && error.code).toBe('SOURCE_UNREADABLE');
      expect(String(error)).toContain(file);
      expect(String(error)).toContain(says);
      expect(String(error)).toContain('point GOOGLE_APPLICATION_CREDENTIALS at your credentials file, or unset it');
      // A login writes another file, which the variable overrides: not the fix.
      expect(String(error)).not.toContain('Fix: run `gcloud auth application-default login`');
    },
  );

  it('nothing at all: CREDENTIALS_NOT_FOUND', async () => {
    const error = await createCredentialHelper({ env: useGcpEnv({ GOOGLE_CLOUD_PROJECT: 'p' }) })
      .vertex()
      .catch((e: unknown) => e);
    expect(isCredentialHelperError(error) && error.code).toBe('CREDENTIALS_NOT_FOUND');
  });
});
