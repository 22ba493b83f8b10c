import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { AuthClient } from 'google-auth-library';
import type { AnthropicCredential } from '../anthropic/anthropic-credential.js';
import { anthropicSources } from '../anthropic/anthropic-sources.js';
import type { BedrockRequest } from '../aws/sign-bedrock-request.js';
import type { BedrockCredential } from '../bedrock/bedrock-credential.js';
import type { BedrockResolver } from '../bedrock/create-bedrock-resolver.js';
import { cacheIdentityKey } from '../cache/cache-identity-key.js';
import { CredentialCache, DEFAULT_TTL_REFRESH_AHEAD_MS } from '../cache/credential-cache.js';
import { RefreshFailureLog } from '../cache/refresh-failure-log.js';
import { sharedBinding } from '../cache/shared-binding.js';
import { SharedStore, sharedCacheScope } from '../cache/shared-store.js';
import { type CallOptions, callSignal } from '../chain/call-options.js';
import type { CredentialSource } from '../chain/credential-source.js';
import { type Explanation, explainChain } from '../chain/explain-chain.js';
import { MemoizedResolver } from '../chain/memoized-resolver.js';
import { resolveChain } from '../chain/resolve-chain.js';
import type { SourceContext } from '../chain/source-context.js';
import { CredentialHelperError } from '../errors.js';
import { proxiedFetch } from '../net/proxied-fetch.js';
import { type ProviderCredential, providerSources } from '../providers/provider-sources.js';
import { providerInfo } from '../providers/provider-table.js';
import type { CredentialProxy, ProxyOptions } from '../proxy/proxy-options.js';
import { SecretRegistry } from '../redact.js';
import { PROFILE_PATTERN, PROVIDER_ID_PATTERN } from '../store/auth-entries.js';
import { AuthStore } from '../store/auth-store.js';
import type { VertexRequest, VertexResolver } from '../vertex/create-vertex-resolver.js';
import type { VertexAuthClientOptions } from '../vertex/vertex-auth-client.js';
import type { VertexCredential } from '../vertex/vertex-credential.js';
import { backgroundRefreshRecovery, backgroundRefreshReporter } from './credential-diagnostic.js';
import { type CredentialHelperOptions, resolveOptions } from './credential-helper-options.js';
import type { CredentialTarget } from './credential-target.js';
import { ensureValidFor, type ValidFor } from './ensure-valid-for.js';
import { type FetchLike, fetchWithCredentials } from './fetch-with-credentials.js';
import { lazyInstance } from './lazy-instance.js';

export type { CallOptions } from '../chain/call-options.js';
export type { CredentialTarget } from './credential-target.js';

const TARGETS: readonly string[] = ['anthropic', 'bedrock', 'vertex'] satisfies CredentialTarget[];

/** Options of `provider(id, options)`. */
export interface ProviderRequest extends CallOptions {
  /** Use only this stored profile (`auth.json` entry `<id>:<profile>`); skips variables and `.env`. */
  profile?: string;
}

/** What `createCredentialHelper` returns. */
export interface CredentialHelper {
  /**
   * The Anthropic API credential, by the precedence in `anthropicSources` (README table). Warm
   * calls return the memoized credential; concurrent cold calls share one resolution.
   * `call.signal` / `call.timeoutMs` stop waiting (`HELPER_ABORTED`) and stop the helper this call
   * started unless another caller still waits for it.
   */
  anthropic(call?: CallOptions): Promise<AnthropicCredential>;
  /**
   * The Amazon Bedrock credential, by the precedence in `bedrockSources` (README table): a bearer
   * token (Bedrock API key) or SigV4 credentials, with the region. Runs `awsAuthRefresh` once when
   * the SigV4 sources have nothing valid, then tries them again. `call` as for `anthropic()`.
   */
  bedrock(call?: CallOptions): Promise<BedrockCredential>;
  /**
   * An `AwsCredentialIdentityProvider` over the cached SigV4 sources (bearer tokens are not AWS
   * credentials and are skipped), for any AWS SDK client:
   * `new BedrockRuntimeClient({ credentials: creds.awsCredentialProvider() })`.
   */
  awsCredentialProvider(): AwsCredentialIdentityProvider;
  /**
   * The headers to send to the Bedrock runtime for `request`: `Authorization: Bearer …`, or SigV4
   * headers signed for the resolved region. For agents that call Bedrock with plain `fetch`.
   */
  signBedrockRequest(request: BedrockRequest): Promise<Record<string, string>>;
  /**
   * A Google access token for Vertex AI from Application Default Credentials, with the project and
   * region. Runs `gcpAuthRefresh` once when ADC is missing, unreadable or rejected (never for a
   * network failure), then tries again. Pass `{ model }` to apply its `VERTEX_REGION_<MODEL>`;
   * `signal` / `timeoutMs` as for `anthropic()`.
   */
  vertex(request?: VertexRequest): Promise<VertexCredential>;
  /**
   * A google-auth-library `AuthClient` backed by `vertex()` (same cache, same refresh rule), for
   * `new AnthropicVertex({ authClient: await creds.vertexAuthClient() })`. Creating it reads no
   * credentials, so the Vertex SDK cannot crash at construction when ADC is absent. With
   * `{ authenticate: false }` it adds no headers: the pattern for `creds.fetch('vertex')`
   * (`new AnthropicVertex({ region, authClient, fetch: creds.fetch('vertex') })`).
   */
  vertexAuthClient(options?: VertexAuthClientOptions): Promise<AuthClient>;
  /**
   * `fetch` with `target`'s auth headers that, on a 401 (or a 403 saying the credential is expired
   * or invalid), invalidates the credential, resolves again and retries once with the same body.
   * `baseFetch` defaults to `globalThis.fetch`.
   */
  fetch(target: CredentialTarget, baseFetch?: FetchLike): FetchLike;
  /**
   * The credential of a model provider of the table (`PROVIDERS`: `openai`, `google`,
   * `openrouter`…), by `providerSources`' precedence: its variables in the environment, then in
   * the project's `.env`, then its entries in `auth.json` (stored OAuth tokens refreshed first).
   * `provider('anthropic')` is `anthropic()` (its own precedence) unless a profile is pinned.
   * `signal` / `timeoutMs` as for `anthropic()`.
   */
  provider(id: string, request?: ProviderRequest): Promise<ProviderCredential>;
  /**
   * Drops cached credentials (after a 401/403): the next call resolves again and re-runs helpers;
   * a stored OAuth token that was handed out is refreshed. `target` may also be a provider id.
   */
  invalidate(target?: CredentialTarget | 'all' | (string & {})): void;
  /** Every candidate source of `target` (or of a provider id), which one won and which are shadowed; never a secret. */
  explain(target: CredentialTarget | (string & {})): Promise<Explanation>;
  /**
   * Before a long unattended run: makes sure no person will be needed for `target` within
   * `validForMs`. When its `humanActionBy` (an SSO session's end, a pasted token's expiry) falls
   * inside, runs the refresh command now (its prompts reach the person) and checks again; rejects
   * with `HUMAN_ACTION_NEEDED` naming the deadline when still inside or when there is none to run.
   */
  ensureValidFor(target: CredentialTarget, validForMs: number): Promise<ValidFor>;
  /**
   * Starts a local proxy for secretless agents: an HTTP server on 127.0.0.1 (a free port unless
   * `port` is given) with a random per-launch token. The agent gets `env` (base URLs and the token,
   * no credential); each request with the token is forwarded to its provider's pinned upstream with
   * the real credential of this helper added (SigV4 over the exact body for Bedrock), and the
   * answer streams back unbuffered; a rejected credential is invalidated and the request retried
   * once. Requests with an `Origin` or a non-loopback `Host` get 403, without the token 401,
   * outside the model paths 404, with a body over `maxBodyBytes` (default 32 MiB) 413. Each
   * target is resolved once first: one without a credential rejects, and nothing listens.
   */
  startProxy(options: ProxyOptions): Promise<CredentialProxy>;
}

const ANTHROPIC_TYPES = { apiKey: 'api', oauth: 'oauth', authToken: 'token' } as const;
const ANTHROPIC_VARIABLES = {
  apiKey: 'ANTHROPIC_API_KEY',
  oauth: 'CLAUDE_CODE_OAUTH_TOKEN',
  authToken: 'ANTHROPIC_AUTH_TOKEN',
} as const;

function anthropicAsProvider(credential: AnthropicCredential): ProviderCredential {
  const provider: ProviderCredential = {
    provider: 'anthropic',
    type: ANTHROPIC_TYPES[credential.type],
    value: credential.value,
    source: credential.source,
    env: { [ANTHROPIC_VARIABLES[credential.type]]: credential.value },
  };
  if (credential.expiresAt !== undefined) provider.expiresAt = credential.expiresAt;
  return provider;
}

/**
 * Creates a credential helper: validates the options now (throws `INVALID_OPTION`), resolves lazily.
 *
 * Resolved credentials are memoized until their source's value would change (a helper's TTL or
 * expiry; for variables, until `invalidate()`), so the environment is read when a resolution runs,
 * not on every call. Secrets are never written to `process.env`.
 *
 * @example
 * const creds = createCredentialHelper({ settings: { apiKeyHelper: '~/bin/vend-key' } });
 * const { headers } = await creds.anthropic();
 */
export function createCredentialHelper(options: CredentialHelperOptions = {}): CredentialHelper {
  const resolved = resolveOptions(options);
  const context: SourceContext = {
    env: resolved.env,
    cwd: resolved.cwd,
    helperCwd: resolved.helperCwd,
    now: resolved.now,
    secrets: new SecretRegistry(),
  };
  if (resolved.authFile !== undefined) context.authStore = new AuthStore(resolved.authFile);
  if (resolved.sharedCacheDir !== undefined) {
    // No private key, no sharing: entries are named by keyed hashes of what their source reads.
    const identityKey = cacheIdentityKey(resolved.sharedCacheDir);
    if (identityKey !== undefined) {
      context.identityKey = identityKey;
      context.sharedStore = new SharedStore(resolved.sharedCacheDir, sharedCacheScope(resolved.env));
      context.refreshFailures = new RefreshFailureLog(resolved.sharedCacheDir);
    }
  }
  const helperCache = new CredentialCache<string>({
    now: resolved.now,
    // A steady caller never waits for apiKeyHelper after its first run (refresh-ahead).
    ttlRefreshAheadMs: DEFAULT_TTL_REFRESH_AHEAD_MS,
    onBackgroundError: backgroundRefreshReporter(resolved.onDiagnostic, context.secrets, context.refreshFailures),
    onBackgroundRefreshed: backgroundRefreshRecovery(context.refreshFailures),
    shared: sharedBinding<string>(
      context,
      resolved.helperTimeoutMs,
      {
        encode: (key) => key,
        decode: (json) => {
          if (typeof json !== 'string' || json === '') return undefined;
          context.secrets.add(json);
          return json;
        },
      },
      resolved.apiKeyHelperTtlMs,
    ),
  });
  const anthropic: CredentialSource<AnthropicCredential>[] = anthropicSources(context, {
    apiKeyHelper: resolved.settings.apiKeyHelper,
    apiKeyHelperTtlMs: resolved.apiKeyHelperTtlMs,
    helperTimeoutMs: resolved.helperTimeoutMs,
    helperCache,
    strictHelperStderr: resolved.strictHelperStderr,
    onDiagnostic: resolved.onDiagnostic,
    store: { oauth: oauthOf('anthropic'), timeoutMs: resolved.helperTimeoutMs },
  });
  function oauthOf(id: string) {
    return (
      (Object.hasOwn(resolved.providers.oauth, id) ? resolved.providers.oauth[id] : undefined) ?? providerInfo(id).oauth
    );
  }
  const providers = new Map<
    string,
    { memo: MemoizedResolver<ProviderCredential>; sources: ReturnType<typeof providerSources> }
  >();
  function providerEntry(id: unknown, request: ProviderRequest = {}) {
    if (typeof id !== 'string' || !PROVIDER_ID_PATTERN.test(id)) {
      throw new CredentialHelperError(
        'INVALID_OPTION',
        `expected a provider id (e.g. 'openai'), got ${JSON.stringify(id)}`,
      );
    }
    const { enabled, disabled } = resolved.providers;
    if (disabled.includes(id) || (enabled !== undefined && !enabled.includes(id))) {
      throw new CredentialHelperError(
        'INVALID_OPTION',
        `provider ${id} is turned off by the ${disabled.includes(id) ? 'disabledProviders' : 'enabledProviders'} setting`,
      );
    }
    const profile = request.profile;
    if (profile !== undefined && (typeof profile !== 'string' || !PROFILE_PATTERN.test(profile))) {
      throw new CredentialHelperError(
        'INVALID_OPTION',
        `expected a profile name like 'work', got ${JSON.stringify(profile)}`,
      );
    }
    const key = profile === undefined ? id : `${id}:${profile}`;
    let entry = providers.get(key);
    if (entry === undefined) {
      const sources = providerSources(context, providerInfo(id), {
        ...(profile === undefined ? {} : { profile }),
        oauth: oauthOf(id),
        timeoutMs: resolved.helperTimeoutMs,
        verifyDotenv: resolved.dotenvVerify,
      });
      const memo = new MemoizedResolver(() => resolveChain(id, sources.sources), resolved.now);
      entry = { memo, sources };
      providers.set(key, entry);
    }
    return entry;
  }
  const anthropicMemo = new MemoizedResolver(() => resolveChain('anthropic', anthropic), resolved.now);
  // Bedrock's and Vertex's code is loaded on their first use (CLI start-up: `get anthropic`).
  const bedrock = lazyInstance<BedrockResolver>(async () =>
    (await import('../bedrock/create-bedrock-resolver.js')).createBedrockResolver(context, resolved),
  );
  const vertex = lazyInstance<VertexResolver>(async () =>
    (await import('../vertex/create-vertex-resolver.js')).createVertexResolver(context, resolved),
  );
  const awsProvider: AwsCredentialIdentityProvider = (properties) =>
    bedrock.current === undefined
      ? bedrock.get().then((resolver) => resolver.awsCredentialProvider()(properties))
      : bedrock.current.awsCredentialProvider()(properties);

  function checkTarget(target: unknown, allowAll: boolean): void {
    if (typeof target === 'string' && TARGETS.includes(target)) return;
    if (allowAll && (target === 'all' || target === undefined)) return;
    const expected = [...TARGETS, ...(allowAll ? ['all'] : [])].map((t) => `'${t}'`).join(', ');
    throw new CredentialHelperError('INVALID_OPTION', `unknown target ${JSON.stringify(target)}; expected ${expected}`);
  }

  const helper: CredentialHelper = {
    anthropic: (call) => anthropicMemo.get(callSignal(call, 'anthropic()'), 'anthropic()'),
    bedrock(call) {
      const signal = callSignal(call, 'bedrock()');
      return bedrock.current?.bedrock(signal) ?? bedrock.get().then((resolver) => resolver.bedrock(signal));
    },
    awsCredentialProvider: () => awsProvider,
    signBedrockRequest: async (request) => (await bedrock.get()).signBedrockRequest(request),
    vertex(request) {
      const signal = callSignal(request, 'vertex()');
      return (
        vertex.current?.vertex(request, signal) ?? vertex.get().then((resolver) => resolver.vertex(request, signal))
      );
    },
    vertexAuthClient: async (clientOptions) => (await vertex.get()).vertexAuthClient(clientOptions),
    fetch(target, baseFetch) {
      checkTarget(target, false);
      return fetchWithCredentials(helper, target, baseFetch ?? proxiedFetch(context.env));
    },
    provider(id, request) {
      if (id === 'anthropic' && request?.profile === undefined) {
        providerEntry(id); // the same checks (enabled / disabled)
        return anthropicMemo.get(callSignal(request, 'provider()'), "provider('anthropic')").then(anthropicAsProvider);
      }
      const signal = callSignal(request, 'provider()');
      return providerEntry(id, request).memo.get(signal, `provider('${id}')`);
    },
    invalidate(target = 'all') {
      if (
        target === 'all' ||
        typeof target !== 'string' ||
        !PROVIDER_ID_PATTERN.test(target) ||
        TARGETS.includes(target)
      ) {
        checkTarget(target, true);
      }
      for (const [key, entry] of providers) {
        if (target !== 'all' && key !== target && !key.startsWith(`${target}:`)) continue;
        entry.memo.invalidate();
        entry.sources.store.invalidate();
      }
      if (target === 'anthropic' || target === 'all') {
        anthropicMemo.invalidate();
        helperCache.invalidate();
        for (const source of anthropic) source.invalidate?.();
      }
      // Not created yet means nothing cached yet.
      if (target === 'bedrock' || target === 'all') bedrock.current?.invalidate();
      if (target === 'vertex' || target === 'all') vertex.current?.invalidate();
    },
    async ensureValidFor(target, validForMs) {
      checkTarget(target, false);
      return ensureValidFor(
        {
          resolve: async (t) => {
            if (t === 'anthropic') return { target: t, credential: await helper.anthropic() };
            if (t === 'bedrock') return { target: t, credential: await helper.bedrock() };
            return { target: t, credential: await helper.vertex() };
          },
          runRefresh: async (t, request) =>
            t === 'bedrock'
              ? (await bedrock.get()).runRefresh(request)
              : t === 'vertex'
                ? (await vertex.get()).runRefresh(request)
                : false,
          invalidate: (t) => helper.invalidate(t),
          env: context.env,
          now: resolved.now,
        },
        target,
        validForMs,
      );
    },
    startProxy: async (proxyOptions) =>
      (await import('../proxy/start-proxy.js')).startProxy(helper, context.env, proxyOptions),
    async explain(target) {
      if (typeof target === 'string' && !TARGETS.includes(target) && PROVIDER_ID_PATTERN.test(target)) {
        return explainChain(
          target,
          providerEntry(target).sources.sources,
          (c) => c.value,
          (c) => c.source,
        );
      }
      checkTarget(target, false);
      if (target === 'bedrock') return (await bedrock.get()).explain();
      if (target === 'vertex') return (await vertex.get()).explain();
      return explainChain(
        'anthropic',
        anthropic,
        (credential) => credential.value,
        (credential) => credential.source,
      );
    },
  };
  return helper;
}
