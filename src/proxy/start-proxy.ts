import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CredentialHelperError } from '../errors.js';
import type { ReadonlyEnv } from '../read-env.js';
import { customHeaders } from './custom-headers.js';
import { proxyEnv, proxyUnset } from './proxy-env.js';
import { proxyHandler } from './proxy-handler.js';
import { type CredentialProxy, checkedProxyOptions, type ProxyOptions } from './proxy-options.js';
import { createProxyToken, tokenChecker } from './proxy-token.js';
import { upstreamTable } from './proxy-upstreams.js';
import type { ProxyCredentials } from './upstream-credential.js';

/** How long `close()` lets open streams finish before it ends their connections. */
const CLOSE_GRACE_MS = 2_000;

/**
 * Starts the local proxy of `creds` (see `CredentialHelper.startProxy`): resolves each target
 * once (a target without a credential rejects here, and nothing listens), then listens on
 * 127.0.0.1. `env` is the proxy's own environment (upstream overrides, `HTTPS_PROXY`).
 */
export async function startProxy(
  creds: ProxyCredentials,
  env: ReadonlyEnv,
  options: ProxyOptions,
): Promise<CredentialProxy> {
  const checked = checkedProxyOptions(options);
  const upstreams = upstreamTable(checked.upstreams ?? {}, env);
  // Fail before listening: the agent must not start against a proxy that cannot authenticate.
  let bedrockRegion: string | undefined;
  let vertex: { projectId: string; region: string } | undefined;
  for (const target of checked.targets) {
    if (target === 'anthropic') await creds.anthropic();
    if (target === 'bedrock') bedrockRegion = (await creds.bedrock()).region;
    if (target === 'vertex') {
      const { projectId, region } = await creds.vertex();
      vertex = { projectId, region };
    }
  }
  const { Agent } = await import('undici');
  const direct = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 300_000 });
  const token = createProxyToken();
  let port = 0;
  const server = createServer(
    proxyHandler({
      creds,
      targets: checked.targets,
      port: () => port,
      checkToken: tokenChecker(token),
      upstreams,
      env,
      direct,
      maxBodyBytes: checked.maxBodyBytes,
      customHeaders: customHeaders(env),
      ...(vertex === undefined ? {} : { vertexProjectId: vertex.projectId }),
      ...(checked.log === undefined ? {} : { log: checked.log }),
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      void direct.close();
      reject(
        new CredentialHelperError(
          'INVALID_OPTION',
          `the proxy cannot listen on 127.0.0.1:${checked.port} (${error.code ?? 'error'}). Fix: choose another port, or 0 for a free one.`,
          { cause: error },
        ),
      );
    });
    server.listen(checked.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const childVariables = proxyEnv({
    url,
    token,
    targets: checked.targets,
    primary: checked.primary,
    ...(bedrockRegion === undefined ? {} : { bedrockRegion }),
    ...(vertex === undefined ? {} : { vertex }),
  });
  const unset = proxyUnset();
  let closing: Promise<void> | undefined;
  return {
    url,
    token,
    env: childVariables,
    unset,
    childEnv(base = process.env) {
      const child: Record<string, string> = {};
      for (const [name, value] of Object.entries(base)) {
        if (value !== undefined && !unset.includes(name)) child[name] = value;
      }
      return Object.assign(child, childVariables);
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
      }).then(() => direct.close());
      return closing;
    },
  };
}
