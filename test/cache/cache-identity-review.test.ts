import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CredentialHelperOptions, createCredentialHelper, isCredentialHelperError } from 'credhelper';
import { gcpMetadata } from 'google-auth-library';
import { beforeEach, describe, expect, it } from 'vitest';
import { useAwsEnv, useGcpEnv } from '../support/clean-env.js';
import { cleanEnv, fixture, runCount, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { externalAccountJson, googleStsServer } from '../support/local-servers.js';

// Issue 22 review, more inputs of the cached sources (see cache-identity.test.ts for the table):
// - apiKeyHelper reads the strictHelperStderr setting: a strict process reused the key a lenient
//   one had kept although the helper warned on stderr;
// - the AWS SDK and google-auth-library read their files from `process.env` (its HOME,
//   AWS_CONFIG_FILE, GOOGLE_APPLICATION_CREDENTIALS) when credhelper's `env` does not name them:
//   those files were not stamped, so a rewritten file kept the old entry.

const { track } = isolateTests();
beforeEach(() => gcpMetadata.resetIsAvailableCache());

const WARNING_HELPER = `${fixture('print-key-and-warn.sh')}`;

describe('more inputs of the cached sources change the shared entry used', () => {
  it('apiKeyHelper: a strictHelperStderr process does not reuse the key a lenient process kept despite a warning', async () => {
    const shared = scratchDir();
    const options = (strictHelperStderr: boolean): CredentialHelperOptions => ({
      env: cleanEnv(),
      settings: { apiKeyHelper: WARNING_HELPER },
      strictHelperStderr,
      sharedCache: shared,
      authFile: false,
      onDiagnostic: () => undefined,
    });
    const lenient = await createCredentialHelper(options(false)).anthropic();
    expect(lenient.value).toMatch(/^sk-ant-test/);
    const error = await createCredentialHelper(options(true))
      .anthropic()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isCredentialHelperError(error) && error.code).toBe('HELPER_STDERR');
    expect(String((error as Error).message)).not.toContain(lenient.value);
  });

  it('aws:default-chain: the config file the SDK reads from process.env (not named in env) is stamped', async () => {
    const shared = scratchDir();
    const count = join(scratchDir(), 'count');
    const processEnv = useAwsEnv({ AWS_PROFILE: 'agents', COUNT_FILE: count });
    const config = processEnv.AWS_CONFIG_FILE as string;
    const profile = (extra: string) =>
      writeFileSync(config, `[profile agents]\ncredential_process = ${fixture('credential-process.sh')}${extra}\n`);
    profile('');
    // credhelper's env names neither ini file and has another HOME: the SDK still reads process.env's.
    const { AWS_CONFIG_FILE: _config, AWS_SHARED_CREDENTIALS_FILE: _credentials, ...rest } = processEnv;
    const home = scratchDir();
    const options = (): CredentialHelperOptions => ({
      env: { ...rest, HOME: home },
      sharedCache: shared,
      authFile: false,
    });
    await createCredentialHelper(options()).bedrock();
    await createCredentialHelper(options()).bedrock();
    expect(runCount(count)).toBe(1);
    profile(' --other'); // the profile now runs another command: another identity
    await createCredentialHelper(options()).bedrock();
    expect(runCount(count)).toBe(2);
  });

  it('gcp:adc: the GOOGLE_APPLICATION_CREDENTIALS file the library takes from process.env is stamped', async () => {
    const shared = scratchDir();
    const subjectToken = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.test-subject-token';
    const server = track(await googleStsServer({ acceptSubjectToken: subjectToken, accessToken: 'ya29.test-review' }));
    const dir = scratchDir();
    const subjectTokenFile = join(dir, 'subject-token');
    writeFileSync(subjectTokenFile, subjectToken);
    const adcFile = join(dir, 'adc.json');
    writeFileSync(adcFile, externalAccountJson(server.tokenUrl, subjectTokenFile));
    const processEnv = useGcpEnv({
      GOOGLE_APPLICATION_CREDENTIALS: adcFile,
      ANTHROPIC_VERTEX_PROJECT_ID: 'agents-prod',
    });
    const { GOOGLE_APPLICATION_CREDENTIALS: _adc, ...rest } = processEnv;
    const options = (): CredentialHelperOptions => ({ env: { ...rest }, sharedCache: shared, authFile: false });
    await createCredentialHelper(options()).vertex();
    await createCredentialHelper(options()).vertex();
    expect(server.requests).toBe(1);
    writeFileSync(adcFile, externalAccountJson(server.tokenUrl, subjectTokenFile)); // rewritten: new stamp
    await createCredentialHelper(options()).vertex();
    expect(server.requests).toBe(2);
  });
});
