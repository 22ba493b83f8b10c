import type { Readable } from 'node:stream';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import type { Dispatcher } from 'undici';
import type { BedrockCredential } from '../bedrock/bedrock-credential.js';
import type { CredentialTarget } from '../credentials/credential-target.js';
import { isProxyAuthRequired, proxyAuthRequiredError } from '../net/proxy-auth-error.js';
import { proxyDispatcher } from '../net/proxy-dispatcher.js';
import { proxyForUrl } from '../net/proxy-for-url.js';
import type { ReadonlyEnv } from '../read-env.js';
import { type OutgoingRequest, type ProxyCredentials, withUpstreamCredential } from './upstream-credential.js';

/**
 * How long the upstream may take to send its headers, and to send the next body bytes: 15 minutes,
 * above the SDKs' own 10-minute request timeout (a long non-streaming answer sends nothing until it
 * is done). A client that gives up earlier closes its connection, which aborts the upstream request.
 */
export const UPSTREAM_TIMEOUT_MS = 15 * 60_000;

/** The most of a 403 body read to tell a rejected credential from a missing permission. */
const MAX_403_BODY_BYTES = 64 * 1024;

/** A 403 body that says the credential itself is bad (the rule of `creds.fetch`). */
const REJECTED_CREDENTIAL_403 = /expired|invalid|signature|security token|UnrecognizedClient|credential/i;

/** The upstream's answer: its body still streaming, or read (a 403 that had to be looked at). */
export interface UpstreamAnswer {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable | Buffer;
  /** Whether this is the answer to the retry after a rejected credential. */
  retried: boolean;
}

/** What one exchange needs besides the request. */
export interface ExchangeContext {
  creds: ProxyCredentials;
  /** The proxy's own environment: `HTTPS_PROXY` / `NO_PROXY` for the upstream leg. */
  env: ReadonlyEnv;
  /** The keep-alive pool for direct upstream connections. */
  direct: Dispatcher;
  signal: AbortSignal;
  /**
   * When each target's credential was last invalidated after a rejection (monotonic ms): within
   * {@link REINVALIDATE_AFTER_MS} a retry uses the credential resolved then instead of running the
   * helper again, so an agent whose requests keep failing cannot make the proxy run a helper per
   * request (and concurrent 401s of one expiry re-resolve once).
   */
  reresolved?: Map<CredentialTarget, number>;
}

/** How long after a re-resolution a rejected credential is retried as it is (not resolved again). */
export const REINVALIDATE_AFTER_MS = 10_000;

async function readCapped(body: Readable, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    if (size < max) chunks.push(buffer);
    size += buffer.length;
  }
  return Buffer.concat(chunks).subarray(0, max);
}

function decoded(body: Buffer, encoding: unknown): string {
  try {
    if (encoding === 'gzip' || encoding === 'x-gzip') return gunzipSync(body).toString('utf8');
    if (encoding === 'br') return brotliDecompressSync(body).toString('utf8');
    if (encoding === 'deflate') return inflateSync(body).toString('utf8');
  } catch {
    return '';
  }
  return body.toString('utf8');
}

/**
 * Sends `request` upstream with `target`'s credential and, when the answer rejects the credential
 * (401, or a 403 whose body says it is expired, invalid or mis-signed), invalidates it, resolves
 * again and sends the same body once more. The second answer is returned as it is. A
 * `CredentialHelperError` from the resolver is thrown (nothing was sent).
 */
export async function exchange(
  context: ExchangeContext,
  target: CredentialTarget,
  request: Omit<OutgoingRequest, 'url'> & { url: (bedrock: BedrockCredential | undefined) => URL },
): Promise<UpstreamAnswer> {
  const send = async (retried: boolean): Promise<UpstreamAnswer> => {
    const bedrock = target === 'bedrock' ? await context.creds.bedrock() : undefined;
    const url = request.url(bedrock);
    const headers = await withUpstreamCredential(context.creds, target, { ...request, url }, bedrock);
    const dispatcher = (await proxyDispatcher(url, context.env)) ?? context.direct;
    const answer = await dispatcher
      .request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: request.method as Dispatcher.HttpMethod,
        headers,
        body: request.body ?? null,
        signal: context.signal,
        headersTimeout: UPSTREAM_TIMEOUT_MS,
        bodyTimeout: UPSTREAM_TIMEOUT_MS,
      })
      .catch((error: unknown) => {
        // The forward proxy (HTTPS_PROXY) wants a user name and password: say so, not "no answer".
        const proxy = proxyForUrl(url, context.env);
        throw proxy !== undefined && isProxyAuthRequired(error)
          ? proxyAuthRequiredError(proxy, url.host, error)
          : error;
      });
    return { statusCode: answer.statusCode, headers: answer.headers, body: answer.body, retried };
  };
  const first = await send(false);
  if (first.statusCode === 401) {
    await (first.body as Readable & { dump?: () => Promise<void> }).dump?.();
  } else if (first.statusCode === 403) {
    const text = await readCapped(first.body as Readable, MAX_403_BODY_BYTES);
    if (!REJECTED_CREDENTIAL_403.test(decoded(text, first.headers['content-encoding']))) {
      const { 'content-length': _length, ...headers } = first.headers;
      return { ...first, headers: { ...headers, 'content-length': String(text.length) }, body: text };
    }
  } else {
    return first;
  }
  const now = performance.now();
  const last = context.reresolved?.get(target);
  if (last === undefined || now - last >= REINVALIDATE_AFTER_MS) {
    context.reresolved?.set(target, now);
    context.creds.invalidate(target);
  }
  return send(true);
}
