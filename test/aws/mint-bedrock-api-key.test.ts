import { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { createCredentialHelper, isCredentialHelperError } from 'credhelper';
import { describe, expect, it } from 'vitest';
import { MAX_BEDROCK_API_KEY_LIFETIME_MS, mintBedrockApiKey } from '../../src/aws/mint-bedrock-api-key.js';
import { useAwsEnv } from '../support/clean-env.js';
import { isolateTests } from '../support/isolation.js';
import { json, listen, messageReply } from '../support/local-servers.js';

// Issue 20: short-term Bedrock API keys minted locally from whatever the AWS chain resolves.

const { track } = isolateTests();
const KEY_ID = 'ASIATESTMINT00000001';
const SECRET = 'test-mint-secret-000000000000000000000001';
const SESSION = 'test-mint-session-token+/=0001';
const REGION = 'us-west-2';

/**
 * What a Bedrock endpoint checks of a short-term key: the format, and the presigned query's
 * signature recomputed with the known secret at its X-Amz-Date. `undefined` when valid, else why not.
 */
async function verifyKey(token: string, secret: string, now = Date.now()): Promise<string | undefined> {
  if (!token.startsWith('bedrock-api-key-')) return 'prefix';
  const url = Buffer.from(token.slice('bedrock-api-key-'.length), 'base64').toString('utf8');
  if (!url.startsWith('bedrock.amazonaws.com/?') || !url.endsWith('&Version=1')) return 'shape';
  const query = new URLSearchParams(url.slice('bedrock.amazonaws.com/?'.length, -'&Version=1'.length));
  const params = Object.fromEntries(query);
  const { 'X-Amz-Signature': signature, 'X-Amz-Date': date = '', 'X-Amz-Expires': expires = '0' } = params;
  const [keyId, , region, service] = (params['X-Amz-Credential'] ?? '').split('/');
  if (service !== 'bedrock' || params.Action !== 'CallWithBearerToken') return 'action';
  const signedAt = Date.parse(date.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
  if (signedAt + Number(expires) * 1000 < now) return 'expired';
  const signer = new SignatureV4({
    service: 'bedrock',
    region: region ?? '',
    credentials: { accessKeyId: keyId ?? '', secretAccessKey: secret, sessionToken: params['X-Amz-Security-Token'] },
    sha256: Hash.bind(null, 'sha256'),
  });
  const request = new HttpRequest({
    method: 'POST',
    protocol: 'https:',
    hostname: 'bedrock.amazonaws.com',
    headers: { host: 'bedrock.amazonaws.com' },
    path: '/',
    query: { Action: 'CallWithBearerToken' },
  });
  const again = await signer.presign(request, { expiresIn: Number(expires), signingDate: new Date(signedAt) });
  return again.query?.['X-Amz-Signature'] === signature ? undefined : 'signature';
}

function keyParams(token: string): Record<string, string> {
  const url = Buffer.from(token.slice('bedrock-api-key-'.length), 'base64').toString('utf8');
  return Object.fromEntries(new URLSearchParams(url.split('?')[1]?.replace(/&Version=1$/, '')));
}

const credentials = (expiresInMs?: number) => ({
  accessKeyId: KEY_ID,
  secretAccessKey: SECRET,
  sessionToken: SESSION,
  ...(expiresInMs === undefined ? {} : { expiration: new Date(Date.now() + expiresInMs) }),
});

describe('mintBedrockApiKey', () => {
  it('a presigned CallWithBearerToken URL that verifies against the secret (and fails against another)', async () => {
    const { token } = await mintBedrockApiKey(credentials(60 * 60_000), REGION, Date.now(), 'aws:env');
    expect(await verifyKey(token, SECRET)).toBeUndefined();
    expect(await verifyKey(token, 'test-wrong-secret-00000000000000000000001')).toBe('signature');
    expect(keyParams(token)['X-Amz-Credential']).toContain(`/${REGION}/bedrock/aws4_request`);
    expect(keyParams(token)['X-Amz-Security-Token']).toBe(SESSION); // it embeds the session token: a secret
  });

  it('lifetime: the earlier of 12 h and the credentials’ expiry', async () => {
    const now = Date.now();
    const short = await mintBedrockApiKey(credentials(10 * 60_000), REGION, now, 'aws:sso');
    expect(keyParams(short.token)['X-Amz-Expires']).toBe('600');
    expect(short.expiresAt.getTime()).toBeLessThanOrEqual(now + 10 * 60_000);
    const long = await mintBedrockApiKey(credentials(48 * 60 * 60_000), REGION, now, 'aws:sso');
    expect(keyParams(long.token)['X-Amz-Expires']).toBe('43200');
    const noExpiry = await mintBedrockApiKey(credentials(), REGION, now, 'aws:profile');
    expect(noExpiry.expiresAt.getTime()).toBe(now + MAX_BEDROCK_API_KEY_LIFETIME_MS);
  });

  it('expired credentials are refused, with no secret in the message', async () => {
    const error = await mintBedrockApiKey(credentials(-1000), REGION, Date.now(), 'aws:env').catch((e: unknown) => e);
    expect(isCredentialHelperError(error) && error.code).toBe('CREDENTIALS_EXPIRED');
    expect(String(error)).not.toContain(SECRET);
  });
});

describe('bedrock: { mintBearerToken: true }', () => {
  function envKeys(expiresInMs: number) {
    return useAwsEnv({
      AWS_ACCESS_KEY_ID: KEY_ID,
      AWS_SECRET_ACCESS_KEY: SECRET,
      AWS_SESSION_TOKEN: SESSION,
      AWS_CREDENTIAL_EXPIRATION: new Date(Date.now() + expiresInMs).toISOString(),
      AWS_REGION: REGION,
    });
  }

  it('resolves the SigV4 source to a minted bearer key, clamped to the credentials, sent as Bearer by AnthropicBedrock', async () => {
    const env = envKeys(20 * 60_000);
    const creds = createCredentialHelper({ env, bedrock: { mintBearerToken: true } });
    const credential = await creds.bedrock();
    expect(credential.type).toBe('bearer');
    if (credential.type !== 'bearer') return;
    expect(credential.source).toBe('minted:aws:env');
    expect(credential.region).toBe(REGION);
    expect(credential.expiresAt?.getTime()).toBeLessThanOrEqual(Date.now() + 20 * 60_000);
    expect(await creds.bedrock()).toBe(credential); // cached

    const seen: (string | undefined)[] = [];
    const server = track(
      await listen(async (request, response) => {
        const auth = String(request.headers.authorization ?? '');
        const problem = auth.startsWith('Bearer ') ? await verifyKey(auth.slice(7), SECRET) : 'no bearer';
        seen.push(problem);
        if (problem !== undefined) return json(response, 403, { message: 'invalid key' });
        json(response, 200, messageReply('ok'));
      }),
    );
    const client = new AnthropicBedrock({
      awsRegion: credential.region,
      baseURL: server.url,
      apiKey: credential.token,
      maxRetries: 0,
    });
    await client.messages.create({
      model: 'anthropic.claude-test-v1:0',
      max_tokens: 8,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(seen).toEqual([undefined]);
  });

  it('explain shows the SigV4 source it is minted from; no output carries the key', async () => {
    const env = envKeys(60 * 60_000);
    const creds = createCredentialHelper({ env, bedrock: { mintBearerToken: true } });
    const credential = await creds.bedrock();
    const explanation = await creds.explain('bedrock');
    expect(explanation.winnerDetail).toBe('minted:aws:env');
    expect(JSON.stringify(explanation)).not.toContain(credential.type === 'bearer' ? credential.token : '?');
    expect(JSON.stringify(explanation)).not.toContain(SECRET);
  });

  it('rejects a non-boolean option at construction', () => {
    expect(() =>
      createCredentialHelper({ env: envKeys(60_000), bedrock: { mintBearerToken: 'yes' as unknown as boolean } }),
    ).toThrow(/bedrock.mintBearerToken/);
  });
});
