import { Agent as HttpAgent, globalAgent as httpGlobalAgent } from 'node:http';
import { Agent as HttpsAgent, globalAgent as httpsGlobalAgent } from 'node:https';
import type { ReadonlyEnv } from '../read-env.js';
import { noteProxyAuthRequired } from './proxy-auth-error.js';
import { proxyConfigured, proxyForUrl } from './proxy-for-url.js';

/** `addRequest` is the entry point Node's `ClientRequest` calls on its agent (agent-base relies on it too). */
type AgentLike = { addRequest(request: unknown, options: unknown): void };

interface RequestOptions {
  host?: string | null;
  hostname?: string | null;
  port?: number | string | null;
}

async function proxyAgents(): Promise<{
  https: (proxy: string) => AgentLike;
  http: (proxy: string) => AgentLike;
}> {
  const [{ HttpsProxyAgent }, { HttpProxyAgent }] = await Promise.all([
    import('https-proxy-agent'),
    import('http-proxy-agent'),
  ]);
  return {
    https: (proxy) => new HttpsProxyAgent(proxy) as unknown as AgentLike,
    http: (proxy) => new HttpProxyAgent(proxy) as unknown as AgentLike,
  };
}

/**
 * A Node agent that sends each request through the proxy `proxyForUrl` picks for its host (a
 * CONNECT tunnel for https, an absolute-URL request for http), or directly (Node's global agent).
 */
function routingAgent(secure: boolean, env: ReadonlyEnv, make: Awaited<ReturnType<typeof proxyAgents>>): HttpAgent {
  const Base = secure ? HttpsAgent : HttpAgent;
  const direct = (secure ? httpsGlobalAgent : httpGlobalAgent) as unknown as AgentLike;
  const agents = new Map<string, AgentLike>();
  return new (class extends Base {
    addRequest(request: unknown, options: RequestOptions): void {
      const host = options.hostname ?? options.host ?? 'localhost';
      const port = options.port === undefined || options.port === null ? '' : `:${options.port}`;
      const url = `${secure ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}${port}/`;
      const proxy = proxyForUrl(url, env);
      if (proxy === undefined) {
        direct.addRequest(request, options);
        return;
      }
      let agent = agents.get(proxy);
      if (agent === undefined) {
        agent = secure ? make.https(proxy) : make.http(proxy);
        agents.set(proxy, agent);
      }
      // The SDK drops the status of a proxy's 407; noted here, where the answer is seen.
      (request as { once?: (event: 'response', listener: (response: { statusCode?: number }) => void) => void }).once?.(
        'response',
        (response) => {
          if (response.statusCode === 407) noteProxyAuthRequired(proxy);
        },
      );
      agent.addRequest(request, options);
    }
  })();
}

/**
 * A `requestHandler` for the AWS SDK clients the default chain builds (STS, SSO, SSO-OIDC) that
 * honours the proxy variables of `env`, or `undefined` when none is set (the SDK's own handler
 * then runs, and neither `@smithy/node-http-handler` nor the proxy agents load). Pass it as both
 * `clientConfig` and `parentClientConfig` of `fromNodeProviderChain`: the inner clients take one
 * or the other depending on the profile's form. Container credentials and IMDS do not use it
 * (and are loopback or link-local, never proxied, anyway).
 */
export async function proxyRequestHandler(env: ReadonlyEnv): Promise<Record<string, unknown> | undefined> {
  if (!proxyConfigured(env)) return undefined;
  const [{ NodeHttpHandler }, make] = await Promise.all([import('@smithy/node-http-handler'), proxyAgents()]);
  const handler = new NodeHttpHandler({
    httpAgent: routingAgent(false, env, make),
    httpsAgent: routingAgent(true, env, make) as HttpsAgent,
  });
  return handler as unknown as Record<string, unknown>;
}
