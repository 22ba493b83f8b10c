import type { BedrockCredential } from '../bedrock/bedrock-credential.js';
import { CredentialHelperError } from '../errors.js';

/** A request to the Bedrock runtime, as an agent would pass it to `fetch`. */
export interface BedrockRequest {
  method: string;
  /** The full URL, e.g. `https://bedrock-runtime.us-east-1.amazonaws.com/model/…/invoke`. */
  url: string | URL;
  headers?: Record<string, string>;
  /** The exact bytes that will be sent; SigV4 signs their hash. */
  body?: string | Uint8Array;
}

/** The SigV4 signing name of the Bedrock runtime. */
export const BEDROCK_SIGNING_NAME = 'bedrock';

/**
 * The headers to send with `request`: its own headers plus `Authorization: Bearer …` for a bearer
 * credential, or the SigV4 headers (`authorization`, `x-amz-date`, `x-amz-security-token`) signed
 * with `@smithy/signature-v4` for the credential's region. `host` is left out: `fetch` sets it
 * from the URL, to the same value that was signed.
 */
export async function signBedrockRequest(
  credential: BedrockCredential,
  request: BedrockRequest,
): Promise<Record<string, string>> {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.headers ?? {})) headers[key.toLowerCase()] = value;
  if (credential.type === 'bearer') {
    return { ...headers, authorization: `Bearer ${credential.token}` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new CredentialHelperError('INVALID_OPTION', `expected an http(s) URL to sign, got ${url.protocol}`);
  }
  const [{ SignatureV4 }, { HttpRequest }, { Hash }] = await Promise.all([
    import('@smithy/signature-v4'),
    import('@smithy/protocol-http'),
    import('@smithy/hash-node'),
  ]);
  // No prototype: a parameter named `constructor` or `__proto__` is a parameter like any other.
  const query: Record<string, string | string[]> = Object.create(null);
  for (const [key, value] of url.searchParams) {
    const previous = query[key];
    query[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  const signer = new SignatureV4({
    credentials: credential.credentials,
    region: credential.region,
    service: BEDROCK_SIGNING_NAME,
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: request.method.toUpperCase(),
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port === '' ? {} : { port: Number(url.port) }),
      path: url.pathname,
      query,
      headers: { ...headers, host: url.host },
      body: request.body,
    }),
  );
  const { host: _host, ...out } = signed.headers;
  return out;
}
