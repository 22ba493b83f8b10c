import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/** Hop-by-hop headers (RFC 9110 §7.6.1) and others that describe one connection, not the message. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'http2-settings',
]);

/** What the agent may send that is its own authentication, or about this hop: never forwarded. */
const CLIENT_ONLY = new Set([
  ...HOP_BY_HOP,
  'host',
  'origin',
  'authorization',
  'x-api-key',
  'x-goog-api-key',
  // Google bills and checks quota against this project: the agent must not pick another one.
  'x-goog-user-project',
  'cookie',
  // The body is buffered: its length is recomputed, and no `100 Continue` is waited for upstream.
  'content-length',
  'expect',
]);

/** The names a `Connection` header lists: hop-by-hop for this message too. */
function connectionListed(headers: IncomingHttpHeaders): Set<string> {
  const listed = new Set<string>();
  const value = headers.connection;
  for (const name of (typeof value === 'string' ? value : '').split(',')) {
    const trimmed = name.trim().toLowerCase();
    if (trimmed !== '') listed.add(trimmed);
  }
  return listed;
}

/**
 * The agent's request headers fit to forward: without its authentication (`authorization`,
 * `x-api-key`, `x-goog-api-key`), `x-goog-user-project`, every `x-amz-*` header (SigV4 is redone here), cookies, `host`,
 * `origin`, `content-length`, `expect` and the hop-by-hop headers. Names are lower case.
 */
export function forwardedRequestHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const listed = connectionListed(headers);
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || CLIENT_ONLY.has(name) || listed.has(name) || name.startsWith('x-amz-')) continue;
    kept[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return kept;
}

/**
 * The upstream's response headers fit to send to the agent: without the hop-by-hop ones (Node's
 * server frames the body itself: `content-length` when upstream gave one, else chunked) and
 * without `set-cookie`. The body is passed as received, so `content-encoding` stays true.
 */
export function forwardedResponseHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): OutgoingHttpHeaders {
  const listed = new Set<string>();
  const connection = headers.connection;
  for (const name of (typeof connection === 'string' ? connection : '').split(',')) {
    if (name.trim() !== '') listed.add(name.trim().toLowerCase());
  }
  const kept: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || HOP_BY_HOP.has(lower) || listed.has(lower) || lower === 'set-cookie') continue;
    kept[lower] = value;
  }
  return kept;
}
