import { envValue, type ReadonlyEnv } from '../read-env.js';

/** The variable with extra request headers, one `Name: Value` a line (Claude Code's name for it). */
export const CUSTOM_HEADERS_VARIABLE = 'ANTHROPIC_CUSTOM_HEADERS';

/** A header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

/** Names that describe the connection or the body, which the proxy sets itself: never taken from the variable. */
const NOT_SETTABLE = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
]);

/**
 * The headers of {@link CUSTOM_HEADERS_VARIABLE} in the proxy's own environment (lower-case names),
 * which the proxy adds to every upstream request: a gateway's key often travels there, so the agent
 * behind the proxy does not get the variable, and its requests still carry the headers. A line that
 * is not `Name: Value` is skipped; so are the connection and framing headers.
 */
export function customHeaders(env: ReadonlyEnv): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of (envValue(env, CUSTOM_HEADERS_VARIABLE) ?? '').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (!HEADER_NAME.test(name) || NOT_SETTABLE.has(name) || /[\0\r\n]/.test(value)) continue;
    headers[name] = value;
  }
  return headers;
}
