import type { AnthropicCredential } from '../anthropic/anthropic-credential.js';
import { anthropicSources } from '../anthropic/anthropic-sources.js';
import { CredentialCache } from '../cache/credential-cache.js';
import type { CredentialSource } from '../chain/credential-source.js';
import { type Explanation, explainChain } from '../chain/explain-chain.js';
import { MemoizedResolver } from '../chain/memoized-resolver.js';
import { resolveChain } from '../chain/resolve-chain.js';
import type { SourceContext } from '../chain/source-context.js';
import { CredentialHelperError } from '../errors.js';
import { SecretRegistry } from '../redact.js';
import { type CredentialHelperOptions, resolveOptions } from './credential-helper-options.js';

/** A target credhelper resolves credentials for. */
export type CredentialTarget = 'anthropic';

/** What `createCredentialHelper` returns. */
export interface CredentialHelper {
  /**
   * The Anthropic API credential, by the precedence in `anthropicSources` (README table). Warm
   * calls return the memoized credential; concurrent cold calls share one resolution.
   */
  anthropic(): Promise<AnthropicCredential>;
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
  const helperCache = new CredentialCache<string>({ now: resolved.now });
  const anthropic: CredentialSource<AnthropicCredential>[] = anthropicSources(context, {
    apiKeyHelper: resolved.settings.apiKeyHelper,
    apiKeyHelperTtlMs: resolved.apiKeyHelperTtlMs,
    helperTimeoutMs: resolved.helperTimeoutMs,
    helperCache,
  });
  const anthropicMemo = new MemoizedResolver(() => resolveChain('anthropic', anthropic), resolved.now);

  function checkTarget(target: unknown, allowAll: boolean): void {
    if (target === 'anthropic' || (allowAll && (target === 'all' || target === undefined))) return;
    throw new CredentialHelperError('INVALID_OPTION', `unknown target ${JSON.stringify(target)}; expected 'anthropic'`);
  }

  return {
    anthropic: () => anthropicMemo.get(),
    invalidate(target = 'all') {
      checkTarget(target, true);
      anthropicMemo.invalidate();
      helperCache.invalidate();
    },
    async explain(target) {
      checkTarget(target, false);
      return explainChain('anthropic', anthropic, (credential) => credential.value);
    },
  };
}
