import { CredentialHelperError } from '../errors.js';
import type { ReadonlyEnv } from '../read-env.js';
import { sanitizedCause } from '../redact.js';
import { isProxyAuthRequired, proxyAuthRequiredError, proxySecrets } from './proxy-auth-error.js';
import { withProxy } from './proxy-dispatcher.js';
import { proxyForUrl, proxyLabel } from './proxy-for-url.js';

/**
 * `globalThis.fetch` that honours the proxy variables of `env` (Node 20's `fetch` ignores them):
 * each call gets the dispatcher `proxyDispatcher` picks for its URL. The default `baseFetch` of
 * `creds.fetch()`. A request that fails at or through the proxy throws a `PROVIDER_FAILED` error
 * naming the proxy (its host and port, never a password); a proxy's 407 is `PROXY_AUTH_REQUIRED`.
 */
export function proxiedFetch(
  env: ReadonlyEnv,
): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  return async (input, init = {}) => {
    const url = input instanceof Request ? input.url : input;
    const proxy = proxyForUrl(url, env);
    try {
      return await globalThis.fetch(input, await withProxy(url, init, env));
    } catch (error) {
      if (proxy === undefined || (error as Error).name === 'AbortError' || (error as Error).name === 'TimeoutError') {
        throw error;
      }
      const host = new URL(String(url)).host.slice(0, 260);
      if (isProxyAuthRequired(error)) throw proxyAuthRequiredError(proxy, host, error);
      throw new CredentialHelperError(
        'PROVIDER_FAILED',
        `the request to ${host} failed through the proxy ${proxyLabel(proxy)} (HTTPS_PROXY / HTTP_PROXY). ` +
          'Fix: check that the proxy lets this host through, or list it in NO_PROXY to reach it directly.',
        // The cause can quote the proxy URL (undici's `input`): keep a redacted stand-in only.
        { cause: sanitizedCause(error, proxySecrets(proxy)) },
      );
    }
  };
}
