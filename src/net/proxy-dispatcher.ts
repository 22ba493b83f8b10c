import type { Dispatcher } from 'undici';
import type { ReadonlyEnv } from '../read-env.js';
import { proxyConfigured, proxyForUrl } from './proxy-for-url.js';

const agents = new Map<string, Dispatcher>();

/**
 * The undici `dispatcher` that a `fetch` of `url` must be given so that it honours the proxy
 * variables of `env` (see `proxyForUrl`), or `undefined` for a direct request. Passed per call,
 * never installed globally (a library must not change its host's `fetch`). undici loads only when
 * a proxy variable is set; one `ProxyAgent` per proxy URL is kept for the life of the process.
 */
export async function proxyDispatcher(url: string | URL, env: ReadonlyEnv): Promise<Dispatcher | undefined> {
  if (!proxyConfigured(env)) return undefined;
  const proxy = proxyForUrl(url, env);
  if (proxy === undefined) return undefined;
  let agent = agents.get(proxy);
  if (agent === undefined) {
    const { ProxyAgent } = await import('undici');
    agent = new ProxyAgent({ uri: proxy });
    agents.set(proxy, agent);
  }
  return agent;
}

/**
 * `init` with the proxy `dispatcher` for `url` added when one applies (Node's `fetch` takes the
 * undici option `dispatcher`, which `RequestInit` does not declare).
 */
export async function withProxy(url: string | URL, init: RequestInit, env: ReadonlyEnv): Promise<RequestInit> {
  const dispatcher = await proxyDispatcher(url, env);
  return dispatcher === undefined ? init : ({ ...init, dispatcher } as unknown as RequestInit);
}
