import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCredentialHelper, isCredentialHelperError } from 'credhelper';
import { afterEach, describe, expect, it } from 'vitest';
import { restoreProcessEnv, useAwsEnv } from '../support/clean-env.js';
import { fixture, removeScratchDirs, runCount, scratchDir } from '../support/fixtures.js';

afterEach(() => {
  restoreProcessEnv();
  removeScratchDirs();
});

function setUp({ handshake = false } = {}) {
  const dir = scratchDir();
  const files = {
    log: join(dir, 'log'),
    marker: join(dir, 'logged-in'),
    go: join(dir, 'go'),
    count: join(dir, 'refresh-count'),
  };
  const env = useAwsEnv({
    LOG_FILE: files.log,
    MARKER: files.marker,
    REFRESH_COUNT_FILE: files.count,
    ...(handshake ? { GO_FILE: files.go } : {}),
  });
  const chunks: Array<{ chunk: string; setting: string }> = [];
  const creds = createCredentialHelper({
    env,
    settings: {
      awsCredentialExport: fixture('export-until-marker.sh'),
      awsAuthRefresh: fixture('refresh-creates-marker.sh'),
    },
    onRefreshOutput: (chunk, setting) => {
      chunks.push({ chunk, setting });
      if (chunk.includes('Attempting to open your browser')) writeFileSync(files.go, '');
    },
  });
  const log = () => readFileSync(files.log, 'utf8').trim().split('\n');
  return { creds, files, chunks, log };
}

describe('awsAuthRefresh', () => {
  it('runs when the export fails, streams its output as it arrives, then the export is tried again', async () => {
    // The refresh waits for GO_FILE, which onRefreshOutput creates on seeing the first line: it can
    // only succeed (and create the marker) if that line was streamed before the command ended.
    const { creds, files, chunks, log } = setUp({ handshake: true });
    const credential = await creds.bedrock();
    expect(credential.source).toBe('helper:awsCredentialExport');
    expect(log()).toEqual(['export-fail', 'refresh', 'export-ok']);
    const output = chunks.map((c) => c.chunk).join('');
    expect(output).toContain('Attempting to open your browser');
    expect(output).toContain('Successfully logged into Start URL');
    expect(new Set(chunks.map((c) => c.setting))).toEqual(new Set(['awsAuthRefresh']));
    expect(runCount(files.count)).toBe(1);
  });

  it('100 concurrent callers (bedrock() and awsCredentialProvider()) share one refresh', async () => {
    const { creds, files, log } = setUp();
    const provider = creds.awsCredentialProvider();
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? creds.bedrock() : provider())),
    );
    expect(results).toHaveLength(100);
    expect(runCount(files.count)).toBe(1);
    expect(log().filter((line) => line === 'refresh')).toHaveLength(1);
    expect(log().at(-1)).toBe('export-ok');
  });

  it('does not run while the credentials are valid', async () => {
    const { creds, files } = setUp();
    writeFileSync(files.marker, '');
    await creds.bedrock();
    creds.invalidate('bedrock');
    await creds.bedrock();
    expect(runCount(files.count)).toBe(0);
  });

  it('runs when the AWS default chain finds nothing, then the chain is read again', async () => {
    const dir = scratchDir();
    const env = useAwsEnv();
    const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE as string;
    const refresh = join(dir, 'refresh.sh');
    writeFileSync(
      refresh,
      `#!/bin/sh\necho writing credentials\nprintf '[default]\\naws_access_key_id = AKIATESTREFRESHED001\\naws_secret_access_key = test-refreshed-secret-0000000000000001\\n' > '${credentialsFile}'\n`,
      { mode: 0o755 },
    );
    const creds = createCredentialHelper({ env, settings: { awsAuthRefresh: refresh }, onRefreshOutput: () => {} });
    const credential = await creds.bedrock();
    expect(credential.source).toBe('aws:profile');
    expect(credential.type === 'sigv4' && credential.credentials.accessKeyId).toBe('AKIATESTREFRESHED001');
  });

  it('a failing refresh is reported with its own exit code and setting, and the bearer path never refreshes', async () => {
    const dir = scratchDir();
    const env = useAwsEnv({ LOG_FILE: join(dir, 'log'), MARKER: join(dir, 'never') });
    const creds = createCredentialHelper({
      env,
      settings: { awsCredentialExport: fixture('export-until-marker.sh'), awsAuthRefresh: fixture('exit-3.sh') },
      onRefreshOutput: () => {},
    });
    const error = await creds.bedrock().catch((e: unknown) => e);
    expect(isCredentialHelperError(error) && error.code).toBe('HELPER_EXIT');
    expect(isCredentialHelperError(error) && error.details.setting).toBe('awsAuthRefresh');
    expect(isCredentialHelperError(error) && error.details.exitCode).toBe(3);

    env.AWS_BEARER_TOKEN_BEDROCK = 'test-bedrock-bearer-0001';
    const withBearer = createCredentialHelper({
      env,
      settings: { awsCredentialExport: fixture('export-until-marker.sh'), awsAuthRefresh: fixture('exit-3.sh') },
    });
    expect((await withBearer.bedrock()).type).toBe('bearer');
  });
});
