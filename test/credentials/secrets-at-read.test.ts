import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCredentialHelper } from 'credhelper';
import { gcpMetadata } from 'google-auth-library';
import { beforeEach, describe, expect, it } from 'vitest';
import { adcSecrets } from '../../src/gcp/adc-secrets.js';
import { useAwsEnv, useGcpEnv } from '../support/clean-env.js';
import { everyRendering, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';
import { externalAccountJson, json, listen } from '../support/local-servers.js';

// Issue 15 §5: secrets are registered for redaction when credhelper (or the library it drives)
// reads them, not when they are first used, so an error on the way never shows them. Each
// endpoint here echoes the secret it was sent in its error, as some real ones do.

const { track } = isolateTests();
beforeEach(() => gcpMetadata.resetIsAvailableCache());

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('secrets registered when read', () => {
  it("an external_account's subject token, echoed by the STS endpoint, is redacted", async () => {
    const subjectToken = 'test-subject-token-echoed-0001';
    const sts = track(
      await listen((_request, response, body) => {
        const sent = new URLSearchParams(body.toString()).get('subject_token') ?? '';
        json(response, 400, { error: 'invalid_request', error_description: `cannot use subject token ${sent}` });
      }),
    );
    const dir = scratchDir();
    const tokenFile = join(dir, 'subject-token');
    writeFileSync(tokenFile, `${subjectToken}\n`);
    const adcFile = join(dir, 'adc.json');
    writeFileSync(adcFile, externalAccountJson(`${sts.url}/v1/token`, tokenFile));
    const env = useGcpEnv({ GOOGLE_APPLICATION_CREDENTIALS: adcFile, GOOGLE_CLOUD_PROJECT: 'agents-test' });
    const error = await caught(createCredentialHelper({ env }).vertex());
    expect(String(error)).toContain('[REDACTED]');
    expect(everyRendering(error)).not.toContain(subjectToken);
  });

  it("adcSecrets: an authorized_user's client secret and refresh token, an impersonation's source, a JSON subject token", () => {
    // google-auth-library does not honour an authorized_user's token_uri, so no local endpoint can echo these: the
    // reading is checked directly.
    const dir = scratchDir();
    const adc = (json: unknown) => {
      const file = join(dir, `adc-${Math.random()}.json`);
      writeFileSync(file, JSON.stringify(json));
      return file;
    };
    const user = {
      type: 'authorized_user',
      client_id: 'c',
      client_secret: 'test-cs-0001',
      refresh_token: 'test-rt-0001',
    };
    expect(adcSecrets(adc(user))).toEqual(['test-cs-0001', 'test-rt-0001']);
    expect(adcSecrets(adc({ type: 'impersonated_service_account', source_credentials: user }))).toEqual([
      'test-cs-0001',
      'test-rt-0001',
    ]);
    const tokenFile = join(dir, 'token.json');
    writeFileSync(tokenFile, JSON.stringify({ id_token: 'test-json-subject-0001' }));
    const source = { file: tokenFile, format: { type: 'json', subject_token_field_name: 'id_token' } };
    expect(adcSecrets(adc({ type: 'external_account', credential_source: source }))).toContain(
      'test-json-subject-0001',
    );
    expect(adcSecrets(join(dir, 'missing.json'))).toEqual([]);
  });

  it('an AWS web identity token, echoed by STS, is redacted', async () => {
    const webToken = 'test-web-identity-echoed-0001';
    const sts = track(
      await listen((_request, response, body) => {
        const sent = new URLSearchParams(body.toString()).get('WebIdentityToken') ?? '';
        response.writeHead(400, { 'content-type': 'text/xml' });
        response.end(
          `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidIdentityToken</Code><Message>bad token ${sent}</Message></Error><RequestId>1</RequestId></ErrorResponse>`,
        );
      }),
    );
    const tokenFile = join(scratchDir(), 'web-identity-token');
    writeFileSync(tokenFile, webToken);
    const env = useAwsEnv({
      AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile,
      AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/agent',
      AWS_ROLE_SESSION_NAME: 'test',
      AWS_ENDPOINT_URL_STS: sts.url,
      AWS_REGION: 'us-east-1',
    });
    const error = await caught(createCredentialHelper({ env }).bedrock());
    expect(everyRendering(error)).not.toContain(webToken);
  });
});
