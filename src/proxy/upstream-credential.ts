import type { AnthropicCredential } from '../anthropic/anthropic-credential.js';
import type { BedrockCredential } from '../bedrock/bedrock-credential.js';
import { combineHeaders } from '../credentials/combine-headers.js';
import type { CredentialTarget } from '../credentials/credential-target.js';
import type { VertexCredential } from '../vertex/vertex-credential.js';

/** What the proxy uses of a credential helper (a structural part of `CredentialHelper`). */
export interface ProxyCredentials {
  anthropic(): Promise<AnthropicCredential>;
  bedrock(): Promise<BedrockCredential>;
  vertex(): Promise<VertexCredential>;
  invalidate(target: CredentialTarget): void;
}

/** A request on its way upstream, before its credential is added. */
export interface OutgoingRequest {
  method: string;
  /** The full upstream URL. */
  url: URL;
  /** Forwarded headers (lower-case names), `content-length` included when there is a body. */
  headers: Record<string, string>;
  body: Buffer | undefined;
}

/**
 * `request`'s headers with the real credential of `target` added by the existing resolvers:
 * Anthropic's headers (`x-api-key`, or `authorization` with the OAuth `anthropic-beta` flag joined
 * to the agent's flags); for Bedrock `Authorization: Bearer` for a Bedrock API key, else SigV4
 * (service `bedrock`, the credential's region) over the exact body bytes and every forwarded
 * header; Vertex's ADC bearer token. Throws the resolver's `CredentialHelperError` when there is no
 * credential.
 */
export async function withUpstreamCredential(
  creds: ProxyCredentials,
  target: CredentialTarget,
  request: OutgoingRequest,
  bedrockCredential?: BedrockCredential,
): Promise<Record<string, string>> {
  if (target === 'anthropic') return combineHeaders(request.headers, (await creds.anthropic()).headers);
  if (target === 'vertex') return { ...request.headers, ...(await creds.vertex()).headers };
  const credential = bedrockCredential ?? (await creds.bedrock());
  const { signBedrockRequest } = await import('../aws/sign-bedrock-request.js');
  return signBedrockRequest(credential, {
    method: request.method,
    url: request.url,
    headers: request.headers,
    ...(request.body === undefined
      ? {}
      : { body: new Uint8Array(request.body.buffer, request.body.byteOffset, request.body.byteLength) }),
  });
}
