import { CredentialHelperError } from '../errors.js';
import { sanitizedCause } from '../redact.js';
import { proxyLabel } from './proxy-for-url.js';

/** HTTP's "Proxy Authentication Required". */
const PROXY_AUTH_STATUS = 407;

function statusOf(error: object): unknown {
  const metadata = '$metadata' in error ? error.$metadata : undefined;
  if (typeof metadata === 'object' && metadata !== null && 'httpStatusCode' in metadata) return metadata.httpStatusCode;
  if ('statusCode' in error) return error.statusCode;
  return 'status' in error ? error.status : undefined;
}

/** When each proxy (its URL) last answered 407 to a request of this process's AWS clients. */
const last407At = new Map<string, number>();

/**
 * Notes that `proxy` answered 407 (called by the AWS clients' proxy request handler, which sees the
 * proxy's answer): the SDK's credential providers turn that answer into a bare
 * `Unknown: UnknownError`, without the status.
 */
export function noteProxyAuthRequired(proxy: string): void {
  last407At.set(proxy, Date.now());
}

/** Whether `proxy` answered 407 since `sinceMs` (see {@link noteProxyAuthRequired}). */
export function proxyAnswered407Since(proxy: string, sinceMs: number): boolean {
  return (last407At.get(proxy) ?? Number.NEGATIVE_INFINITY) >= sinceMs;
}

/**
 * Whether `error`, or one of its causes, says that the proxy answered 407: undici's tunnel error
 * (`Proxy response (407) !== 200 when HTTP Tunneling`), or an AWS SDK error whose
 * `$metadata.httpStatusCode` is 407 (https-proxy-agent hands the proxy's answer to the SDK).
 */
export function isProxyAuthRequired(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    if (statusOf(current) === PROXY_AUTH_STATUS) return true;
    const message = 'message' in current ? String(current.message) : '';
    if (/\bproxy response \(407\)|\b407 proxy authentication required/i.test(message)) return true;
    current = 'cause' in current ? current.cause : undefined;
  }
  return false;
}

/** The proxy URL and its user name and password (raw and decoded): to be redacted from a cause. */
export function proxySecrets(proxy: string): string[] {
  const secrets = [proxy];
  try {
    const { username, password } = new URL(proxy);
    for (const part of [username, password]) {
      if (part !== '') secrets.push(part, decodeURIComponent(part));
    }
  } catch {
    // an unparsable proxy URL: the whole string is redacted
  }
  return secrets;
}

function hasCredentials(proxy: string): boolean {
  try {
    const { username, password } = new URL(proxy);
    return username !== '' || password !== '';
  } catch {
    return false;
  }
}

/**
 * `PROXY_AUTH_REQUIRED`: the proxy `proxy` answered 407 to the request to `host`. Says whether the
 * proxy variable carried a user name and password (then the proxy refused them) and how to give
 * them (`HTTPS_PROXY=http://USER:PASSWORD@host:port`); the proxy is named by its scheme, host and
 * port only, and the cause is a redacted stand-in: the credentials are never echoed back.
 */
export function proxyAuthRequiredError(
  proxy: string,
  host: string,
  cause: unknown,
  secrets: Iterable<string> = [],
): CredentialHelperError {
  const label = proxyLabel(proxy);
  const why = hasCredentials(proxy)
    ? 'refused the user name and password in HTTPS_PROXY / HTTP_PROXY (407 Proxy Authentication Required). ' +
      'Fix: check them; characters such as @ : / % in them must be percent-encoded'
    : 'asks for authentication (407 Proxy Authentication Required). Fix: give the proxy user name and password in ' +
      'the variable, HTTPS_PROXY=http://USER:PASSWORD@host:port (percent-encode @ : / % in them), or list ' +
      `${host} in NO_PROXY if it is reachable directly`;
  return new CredentialHelperError('PROXY_AUTH_REQUIRED', `the proxy ${label}, on the way to ${host}, ${why}.`, {
    cause: sanitizedCause(cause, [...proxySecrets(proxy), ...secrets]),
  });
}
