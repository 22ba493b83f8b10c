import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Dispatcher } from 'undici';
import { combineHeaders } from '../credentials/combine-headers.js';
import { credentialFailureResponse } from '../credentials/credential-failure-response.js';
import type { CredentialTarget } from '../credentials/credential-target.js';
import { isCredentialHelperError } from '../errors.js';
import type { ReadonlyEnv } from '../read-env.js';
import { forwardedRequestHeaders, forwardedResponseHeaders } from './forwarded-headers.js';
import { formatLogLine, loggedPath, type ProxyLogEntry, type ProxyLogSink } from './proxy-log.js';
import { isBasePath, matchRoute } from './proxy-routes.js';
import { presentedTokens } from './proxy-token.js';
import type { UpstreamTable } from './proxy-upstreams.js';
import { guardRequest } from './request-guard.js';
import type { ProxyCredentials } from './upstream-credential.js';
import { exchange } from './upstream-exchange.js';

/** Everything the request handler works with, fixed when the proxy starts. */
export interface ProxyHandlerConfig {
  creds: ProxyCredentials;
  targets: readonly CredentialTarget[];
  /** The port the server listens on (for the `Host` check). */
  port: () => number;
  checkToken: (candidate: string | undefined) => boolean;
  upstreams: UpstreamTable;
  env: ReadonlyEnv;
  direct: Dispatcher;
  maxBodyBytes: number;
  log?: ProxyLogSink;
  /** Vertex: the only project the agent's requests may name (the one resolved at start). */
  vertexProjectId?: string;
  /** Headers added to every upstream request (`ANTHROPIC_CUSTOM_HEADERS` of the proxy's environment). */
  customHeaders?: Readonly<Record<string, string>>;
}

const ERROR_TYPES: Record<number, string> = {
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  502: 'api_error',
};

/** An answer credhelper gives itself, in the Anthropic API's error shape, which no SDK retries. */
function refuse(response: ServerResponse, status: number, message: string, close: boolean): void {
  const body = JSON.stringify({
    type: 'error',
    error: { type: ERROR_TYPES[status] ?? 'api_error', message: `[credhelper proxy] ${message}` },
  });
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-should-retry': 'false',
    ...(close ? { connection: 'close' } : {}),
  });
  response.end(body);
}

/** The request body, or `undefined` when it is longer than `max` bytes (then reading stops). */
async function bufferedBody(request: IncomingMessage, max: number): Promise<Buffer | undefined> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > max) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > max) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size);
}

/**
 * The proxy's request handler. In order: `Origin` or a non-loopback `Host` → 403; `HEAD` of the
 * root or a target's base URL → 200, answered here without a token (Claude Code's connectivity
 * probe); no valid token → 401; a
 * Vertex path naming another project than the resolved one → 403; a path outside the allow-list → 404; a body over the limit → 413;
 * no credential → the resolver's error as a 401 (`x-credhelper-error-code`); an upstream that does
 * not answer → 502. Nothing is sent upstream in any of these cases. Otherwise the request goes to
 * its pinned upstream with the real credential and the answer streams back chunk by chunk.
 */
export function proxyHandler(config: ProxyHandlerConfig): (request: IncomingMessage, response: ServerResponse) => void {
  const reresolved = new Map<CredentialTarget, number>();
  return (request, response) => {
    const started = performance.now();
    const url = request.url ?? '/';
    const entry: ProxyLogEntry = {
      method: request.method ?? '',
      path: loggedPath(url),
      status: 0,
      bytes: 0,
      durationMs: 0,
    };
    const aborted = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) aborted.abort();
      if (config.log === undefined) return;
      entry.status = response.statusCode;
      entry.durationMs = performance.now() - started;
      try {
        config.log.write(formatLogLine(entry, new Date()));
      } catch {
        // a broken log never breaks a request
      }
    });
    const refuseAs = (status: number, reason: string, message: string) => {
      entry.refused = reason;
      refuse(response, status, message, true);
      request.resume(); // discarded, never read into memory
    };
    const refusal = guardRequest(request.headers, config.port());
    if (refusal !== undefined) {
      refuseAs(
        403,
        refusal.reason,
        refusal.reason === 'origin'
          ? 'requests from a web page (with an Origin header) are refused'
          : "the Host header must be this proxy's loopback address",
      );
      return;
    }
    const pathname = url.split('?', 1)[0] ?? '/';
    if (request.method === 'HEAD' && isBasePath(pathname, config.targets)) {
      response.writeHead(200, { 'content-length': 0 }).end();
      request.resume();
      return;
    }
    if (!presentedTokens(request.headers).some(config.checkToken)) {
      refuseAs(
        401,
        'unauthorized',
        'missing or wrong proxy token (send the token credhelper printed, as a Bearer token or x-api-key)',
      );
      return;
    }
    const route = matchRoute(request.method ?? '', url, config.targets);
    if (route !== undefined && route.target === 'vertex' && route.project !== config.vertexProjectId) {
      // The ADC token reaches every project its principal can use: the agent gets the configured one.
      refuseAs(403, 'project', `this proxy forwards Vertex requests for project ${config.vertexProjectId ?? '?'} only`);
      return;
    }
    if (route === undefined) {
      refuseAs(404, 'not-found', `${request.method ?? ''} ${entry.path} is not a model path this proxy forwards`);
      return;
    }
    void forward(config, reresolved, request, response, route, entry, aborted.signal).catch(() => {
      if (!response.headersSent) refuse(response, 502, 'unexpected error', true);
      else response.destroy();
    });
  };
}

async function forward(
  config: ProxyHandlerConfig,
  reresolved: Map<CredentialTarget, number>,
  request: IncomingMessage,
  response: ServerResponse,
  route: NonNullable<ReturnType<typeof matchRoute>>,
  entry: ProxyLogEntry,
  signal: AbortSignal,
): Promise<void> {
  const body = await bufferedBody(request, config.maxBodyBytes);
  if (body === undefined) {
    entry.refused = 'too-large';
    refuse(response, 413, `the request body is over the proxy's limit of ${config.maxBodyBytes} bytes`, true);
    return;
  }
  const method = request.method ?? 'GET';
  const headers = combineHeaders(forwardedRequestHeaders(request.headers), config.customHeaders ?? {});
  const hasBody = body.length > 0 || (method !== 'GET' && method !== 'HEAD');
  if (hasBody) headers['content-length'] = String(body.length);
  let answer: Awaited<ReturnType<typeof exchange>>;
  try {
    const context = { creds: config.creds, env: config.env, direct: config.direct, signal, reresolved };
    answer = await exchange(context, route.target, {
      method,
      headers,
      body: hasBody ? body : undefined,
      url: (bedrock) =>
        new URL(`${config.upstreams.base(route.upstream, route.region ?? bedrock?.region ?? '')}${route.path}`),
    });
  } catch (error) {
    if (signal.aborted) return;
    if (isCredentialHelperError(error) && error.code === 'PROXY_AUTH_REQUIRED') {
      // Not the agent's credential: a 401 would send Claude Code to /login. Final, so not retried.
      entry.refused = 'upstream';
      refuse(response, 502, `${error.code}: ${error.message.replace(/^\[credhelper\] /, '')}`, false);
      return;
    }
    if (isCredentialHelperError(error)) {
      entry.refused = 'credential';
      const failure = credentialFailureResponse(error);
      const text = await failure.text();
      response.writeHead(failure.status, {
        ...Object.fromEntries(failure.headers),
        'content-length': Buffer.byteLength(text),
      });
      response.end(text);
      return;
    }
    entry.refused = 'upstream';
    const code = (error as { code?: unknown }).code;
    refuse(response, 502, `the upstream did not answer (${typeof code === 'string' ? code : 'network error'})`, false);
    return;
  }
  entry.retried = answer.retried;
  const answerHeaders = forwardedResponseHeaders(answer.headers);
  // Rejected again with a freshly resolved credential: final, so that the agent does not retry for minutes.
  if (answer.retried && (answer.statusCode === 401 || answer.statusCode === 403))
    answerHeaders['x-should-retry'] = 'false';
  response.writeHead(answer.statusCode, answerHeaders);
  if (Buffer.isBuffer(answer.body)) {
    entry.bytes = answer.body.length;
    response.end(answer.body);
    return;
  }
  answer.body.on('data', (chunk: Buffer) => {
    entry.bytes += chunk.length;
  });
  await pipeline(answer.body, response).catch(() => undefined);
}
