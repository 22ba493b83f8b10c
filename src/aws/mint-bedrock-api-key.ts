import { CredentialHelperError } from '../errors.js';
import type { AwsCredentials } from './parse-aws-credential-export.js';

/** The longest a short-term Bedrock API key lives (Bedrock's own limit): 12 hours. */
export const MAX_BEDROCK_API_KEY_LIFETIME_MS = 12 * 60 * 60_000;

/** The host and action whose presigned URL a short-term Bedrock API key is. */
const HOST = 'bedrock.amazonaws.com';
const PREFIX = 'bedrock-api-key-';
const VERSION = '&Version=1';

/** RFC 3986 escaping as SigV4 signs it (`encodeURIComponent` leaves `!'()*` alone). */
function uriEscape(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A minted key and the instant it stops working. */
export interface MintedBedrockApiKey {
  token: string;
  expiresAt: Date;
}

/**
 * Mints a short-term Bedrock API key locally (no network call) from AWS credentials: the SigV4
 * presign of `POST https://bedrock.amazonaws.com/?Action=CallWithBearerToken` for `region`, without
 * its `https://`, with `&Version=1` appended, base64-encoded, prefixed `bedrock-api-key-` (the
 * format of AWS's `@aws/bedrock-token-generator`). It lives until the earlier of 12 hours and the
 * credentials' expiry (the generator does not clamp: credentials ending in 10 minutes gave a 12-hour
 * key). The key embeds the session token: it is a secret. Expired credentials are refused.
 */
export async function mintBedrockApiKey(
  credentials: AwsCredentials,
  region: string,
  now: number,
  source: string,
): Promise<MintedBedrockApiKey> {
  const limit = credentials.expiration?.getTime() ?? Number.POSITIVE_INFINITY;
  const lifetimeS = Math.floor(Math.min(MAX_BEDROCK_API_KEY_LIFETIME_MS, limit - now) / 1000);
  if (lifetimeS < 1) {
    throw new CredentialHelperError(
      'CREDENTIALS_EXPIRED',
      `cannot mint a Bedrock API key: the AWS credentials from ${source} have expired. Fix: renew them (e.g. \`aws sso login\`).`,
      { setting: source },
    );
  }
  // The signer loads on first mint (~40 ms of CommonJS), not with every Bedrock resolution.
  const [{ SignatureV4 }, { HttpRequest }, { Hash }] = await Promise.all([
    import('@smithy/signature-v4'),
    import('@smithy/protocol-http'),
    import('@smithy/hash-node'),
  ]);
  const signer = new SignatureV4({ service: 'bedrock', region, credentials, sha256: Hash.bind(null, 'sha256') });
  const request = new HttpRequest({
    method: 'POST',
    protocol: 'https:',
    hostname: HOST,
    headers: { host: HOST },
    path: '/',
    query: { Action: 'CallWithBearerToken' },
  });
  const presigned = await signer.presign(request, { expiresIn: lifetimeS, signingDate: new Date(now) });
  const query = Object.entries(presigned.query ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${uriEscape(key)}=${uriEscape(String(value))}`)
    .join('&');
  const url = `${HOST}/?${query}${VERSION}`;
  return {
    token: `${PREFIX}${Buffer.from(url, 'utf8').toString('base64')}`,
    expiresAt: new Date(now + lifetimeS * 1000),
  };
}
