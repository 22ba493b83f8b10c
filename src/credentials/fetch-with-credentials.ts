import type { BedrockRequest } from '../aws/sign-bedrock-request.js';
import { isCredentialHelperError } from '../errors.js';
import { combineHeaders } from './combine-headers.js';
import { credentialFailureResponse } from './credential-failure-response.js';
import type { CredentialTarget } from './credential-target.js';

/**
 * What {@link fetchWithCredentials} uses of a credential helper: a structural part of
 * `CredentialHelper` (declared here so that the two modules do not import each other).
 */
export interface FetchCredentials {
  anthropic(): Promise<{ headers: Record<string, string> }>;
  vertex(): Promise<{ headers: Record<string, string> }>;
  signBedrockRequest(request: BedrockRequest): Promise<Record<string, string>>;
  invalidate(target: CredentialTarget): void;
}

/** A `fetch`-compatible function. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * A 403 body that says the credential itself is bad (expired, revoked, mis-signed), as opposed to
 * a permission the credential simply lacks, which no new credential fixes.
 */
const REJECTED_CREDENTIAL_403 = /expired|invalid|signature|security token|UnrecognizedClient|credential/i;

async function bufferedBody(body: RequestInit['body'] | null | undefined): Promise<string | Uint8Array | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return body;
  return new Uint8Array(await new Response(body).arrayBuffer());
}

/** Whether a response says that the credential was rejected (see the README's 401/403 rule). */
export async function credentialRejected(response: Response): Promise<boolean> {
  if (response.status === 401) return true;
  if (response.status !== 403) return false;
  const text = await response
    .clone()
    .text()
    .catch(() => '');
  return REJECTED_CREDENTIAL_403.test(text);
}

/** Headers that carry authentication: `creds.fetch` removes the caller's before adding its own. */
const AUTH_HEADERS: Readonly<Record<CredentialTarget, readonly string[]>> = {
  anthropic: ['authorization', 'x-api-key'],
  vertex: ['authorization', 'x-api-key'],
  bedrock: ['authorization', 'x-api-key', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256'],
};

/** `headers` (lower-case names) without the authentication headers of `target`. */
export function withoutAuthHeaders(
  headers: Readonly<Record<string, string>>,
  target: CredentialTarget,
): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!AUTH_HEADERS[target].includes(name)) kept[name] = value;
  }
  return kept;
}

async function authHeaders(
  creds: FetchCredentials,
  target: CredentialTarget,
  request: { method: string; url: string; headers: Record<string, string>; body: string | Uint8Array | undefined },
): Promise<Record<string, string>> {
  if (target === 'anthropic') return combineHeaders(request.headers, (await creds.anthropic()).headers);
  if (target === 'vertex') return { ...request.headers, ...(await creds.vertex()).headers };
  return creds.signBedrockRequest(request);
}

/**
 * `fetch` with `target`'s credentials. It owns authentication: it removes the caller's
 * `authorization` and `x-api-key` (for Bedrock also `x-amz-date`, `x-amz-security-token`,
 * `x-amz-content-sha256`), adds its own (Anthropic headers, Bedrock bearer or SigV4, a Vertex
 * bearer token) and, when the response rejects the credential (401, or a 403 whose
 * body says it is expired or invalid), invalidates it, resolves again (re-running the helper or the
 * refresh command) and retries once with the same body bytes. A second rejection is returned as is.
 * When no credential can be obtained, nothing is sent and the answer is
 * {@link credentialFailureResponse} (a 401 with `x-should-retry: false`), which an SDK does not retry.
 */
export function fetchWithCredentials(
  creds: FetchCredentials,
  target: CredentialTarget,
  baseFetch: FetchLike = globalThis.fetch,
): FetchLike {
  return async (input, init = {}) => {
    const request = input instanceof Request ? input : undefined;
    const url = request?.url ?? String(input);
    const method = (init.method ?? request?.method ?? 'GET').toUpperCase();
    const headers: Record<string, string> = {};
    new Headers(init.headers ?? request?.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const callerHeaders = withoutAuthHeaders(headers, target);
    const body = await bufferedBody(init.body ?? (request?.body === null ? undefined : await request?.arrayBuffer()));
    let failed: Response | undefined;
    const send = async (): Promise<Response> => {
      let signed: Record<string, string>;
      try {
        signed = await authHeaders(creds, target, { method, url, headers: callerHeaders, body });
      } catch (error) {
        if (isCredentialHelperError(error)) {
          failed = credentialFailureResponse(error);
          return failed;
        }
        throw error;
      }
      const sendInit: RequestInit = { ...init, method, headers: signed };
      if (body !== undefined) sendInit.body = body;
      return baseFetch(url, sendInit);
    };
    const first = await send();
    if (first === failed || !(await credentialRejected(first))) return first;
    await first.body?.cancel().catch(() => undefined);
    creds.invalidate(target);
    return send();
  };
}
