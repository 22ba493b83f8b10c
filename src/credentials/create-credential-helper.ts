import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { AuthClient } from 'google-auth-library';
import type { AnthropicCredential } from '../anthropic/anthropic-credential.js';
import { anthropicSources } from '../anthropic/anthropic-sources.js';
import type { BedrockRequest } from '../aws/sign-bedrock-request.js';
import type { BedrockCredential } from '../bedrock/bedrock-credential.js';
import type { BedrockResolver } from '../bedrock/create-bedrock-resolver.js';
import { CredentialCache } from '../cache/credential-cache.js';
import { sharedBinding } from '../cache/shared-binding.js';
import { SharedStore, sharedCacheScope } from '../cache/shared-store.js';
import type { CredentialSource } from '../chain/credential-source.js';
import { type Explanation, explainChain } from '../chain/explain-chain.js';
import { MemoizedResolver } from '../chain/memoized-resolver.js';
import { resolveChain } from '../chain/resolve-chain.js';
import type { SourceContext } from '../chain/source-context.js';
import { CredentialHelperError } from '../errors.js';
import { SecretRegistry } from '../redact.js';
import type { VertexRequest, VertexResolver } from '../vertex/create-vertex-resolver.js';
import type { VertexCredential } from '../vertex/vertex-credential.js';
import { type CredentialHelperOptions, resolveOptions } from './credential-helper-options.js';
import { type FetchLike, fetchWithCredentials } from './fetch-with-credentials.js';
import { lazyInstance } from './lazy-instance.js';

/** A target credhelper resolves credentials for. */
export type CredentialTarget = 'anthropic' | 'bedrock' | 'vertex';

const TARGETS: readonly string[] = ['anthropic', 'bedrock', 'vertex'] satisfies CredentialTarget[];

/** What `createCredentialHelper` returns. */
export interface CredentialHelper {
  /**
   * The Anthropic API credential, by the precedence in `anthropicSources` (README table). Warm
   * calls return the memoized credential; concurrent cold calls share one resolution.
   */
  anthropic(): Promise<AnthropicCredential>;
  /**
   * The Amazon Bedrock credential, by the precedence in `bedrockSources` (README table): a bearer
   * token (Bedrock API key) or SigV4 credentials, with the region. Runs `awsAuthRefresh` once when
   * the SigV4 sources have nothing valid, then tries them again.
   */
  bedrock(): Promise<BedrockCredential>;
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
   * network failure), then tries again. Pass `{ model }` to apply its `VERTEX_REGION_<MODEL>`.
   */
  vertex(request?: VertexRequest): Promise<VertexCredential>;
  /**
   * A google-auth-library `AuthClient` backed by `vertex()` (same cache, same refresh rule), for
   * `new AnthropicVertex({ authClient: await creds.vertexAuthClient() })`. Creating it reads no
   * credentials, so the Vertex SDK cannot crash at construction when ADC is absent.
   */
  vertexAuthClient(): Promise<AuthClient>;
  /**
   * `fetch` with `target`'s auth headers that, on a 401 (or a 403 saying the credential is expired
   * or invalid), invalidates the credential, resolves again and retries once with the same body.
   * `baseFetch` defaults to `globalThis.fetch`.
   */
  fetch(target: CredentialTarget, baseFetch?: FetchLike): FetchLike;
  /** Drops cached credentials (after a 401/403): the next call resolves again and re-runs helpers. */
  invalidate(target?: CredentialTarget | 'all'): void;
  /** Every candidate source of `target`, which one won and which are shadowed; never a secret. */
  explain(target: CredentialTarget): Promise<Explanation>;
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
    now: resolved.now,
    secrets: new SecretRegistry(),
  };
  if (resolved.sharedCacheDir !== undefined) {
    context.sharedStore = new SharedStore(resolved.sharedCacheDir, sharedCacheScope(resolved.env));
  }
  const helperCache = new CredentialCache<string>({
    now: resolved.now,
    shared: sharedBinding<string>(context, resolved.helperTimeoutMs, {
      encode: (key) => key,
      decode: (json) => {
        if (typeof json !== 'string' || json === '') return undefined;
        context.secrets.add(json);
        return json;
      },
    }),
  });
  const anthropic: CredentialSource<AnthropicCredential>[] = anthropicSources(context, {
    apiKeyHelper: resolved.settings.apiKeyHelper,
    apiKeyHelperTtlMs: resolved.apiKeyHelperTtlMs,
    helperTimeoutMs: resolved.helperTimeoutMs,
    helperCache,
  });
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
    anthropic: () => anthropicMemo.get(),
    bedrock: () => bedrock.current?.bedrock() ?? bedrock.get().then((resolver) => resolver.bedrock()),
    awsCredentialProvider: () => awsProvider,
    signBedrockRequest: async (request) => (await bedrock.get()).signBedrockRequest(request),
    vertex: (request) => vertex.current?.vertex(request) ?? vertex.get().then((resolver) => resolver.vertex(request)),
    vertexAuthClient: async () => (await vertex.get()).vertexAuthClient(),
    fetch(target, baseFetch) {
      checkTarget(target, false);
      return fetchWithCredentials(helper, target, baseFetch);
    },
    invalidate(target = 'all') {
      checkTarget(target, true);
      if (target === 'anthropic' || target === 'all') {
        anthropicMemo.invalidate();
        helperCache.invalidate();
      }
      // Not created yet means nothing cached yet.
      if (target === 'bedrock' || target === 'all') bedrock.current?.invalidate();
      if (target === 'vertex' || target === 'all') vertex.current?.invalidate();
    },
    async explain(target) {
      checkTarget(target, false);
      if (target === 'bedrock') return (await bedrock.get()).explain();
      if (target === 'vertex') return (await vertex.get()).explain();
      return explainChain('anthropic', anthropic, (credential) => credential.value);
    },
  };
  return helper;
}
