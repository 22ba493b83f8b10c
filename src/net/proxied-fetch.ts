import type { ReadonlyEnv } from '../read-env.js';
import { withProxy } from './proxy-dispatcher.js';

/**
 * `globalThis.fetch` that honours the proxy variables of `env` (Node 20's `fetch` ignores them):
 * each call gets the dispatcher `proxyDispatcher` picks for its URL. The default `baseFetch` of
 * `creds.fetch()`.
 */
export function proxiedFetch(
  env: ReadonlyEnv,
): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  return async (input, init = {}) => {
    const url = input instanceof Request ? input.url : input;
    return globalThis.fetch(input, await withProxy(url, init, env));
  };
}
