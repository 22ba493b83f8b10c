// `vertex()` says which ADC file its token came from (`credentialsFile`), so that `exec` can hand a
// google-auth-library child the same file; the metadata server is no file.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCredentialHelper } from 'credhelper';
import { describe, expect, it } from 'vitest';
import { useGcpEnv } from '../support/clean-env.js';
import { scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { externalAccountJson, gceMetadataServer, googleStsServer } from '../support/local-servers.js';

const ACCESS_TOKEN = 'ya29.test-credentials-file-0001';
const SUBJECT_TOKEN = 'test-subject-token-credentials-file';
const { track } = isolateTests();

async function adcFile(path: string): Promise<string> {
  const sts = track(await googleStsServer({ acceptSubjectToken: SUBJECT_TOKEN, accessToken: ACCESS_TOKEN }));
  const subject = join(scratchDir(), 'subject');
  writeFileSync(subject, SUBJECT_TOKEN);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, externalAccountJson(sts.tokenUrl, subject));
  return path;
}

describe('VertexCredential.credentialsFile', () => {
  it('is the GOOGLE_APPLICATION_CREDENTIALS file the token was minted from', async () => {
    const file = await adcFile(join(scratchDir(), 'adc.json'));
    const creds = createCredentialHelper({
      env: useGcpEnv({ GOOGLE_APPLICATION_CREDENTIALS: file, GOOGLE_CLOUD_PROJECT: 'p' }),
    });
    const credential = await creds.vertex();
    expect(credential.source).toBe('gcp:external-account');
    expect(credential.credentialsFile).toBe(file);
  });

  it('is the well-known file when ADC came from there', async () => {
    const env = useGcpEnv({ GOOGLE_CLOUD_PROJECT: 'p' });
    const file = await adcFile(join(String(env.HOME), '.config', 'gcloud', 'application_default_credentials.json'));
    const credential = await createCredentialHelper({ env }).vertex();
    expect(credential.credentialsFile).toBe(file);
  });

  it('is absent for the metadata server', async () => {
    const metadata = track(await gceMetadataServer({ accessToken: ACCESS_TOKEN, projectId: 'p' }));
    const env = useGcpEnv({ GCE_METADATA_HOST: metadata.url.replace('http://', '') });
    delete env.METADATA_SERVER_DETECTION;
    const credential = await createCredentialHelper({ env }).vertex();
    expect(credential.source).toBe('gcp:metadata');
    expect(credential.credentialsFile).toBeUndefined();
  });
});
