import type { SourceContext } from '../chain/source-context.js';
import type { SharedCacheBinding } from './credential-cache.js';

/** Extra time a waiter allows the process that holds a key's lock, beyond its helper timeout. */
const LOCK_SLACK_MS = 5_000;

/**
 * The shared-store binding for a cache of `context`, or `undefined` when the shared cache is off.
 * `decode` must check the shape of what it reads (the file is outside input) and register the
 * secrets it finds, so that later messages redact them too. `ttlMs` is this process's reuse time
 * of values without an expiry (see `SharedCacheBinding.ttlMs`).
 */
export function sharedBinding<T>(
  context: SourceContext,
  helperTimeoutMs: number,
  codec: { encode(value: T): unknown; decode(json: unknown): T | undefined },
  ttlMs?: number,
): SharedCacheBinding<T> | undefined {
  if (context.sharedStore === undefined) return undefined;
  const binding: SharedCacheBinding<T> = {
    store: context.sharedStore,
    lockTimeoutMs: helperTimeoutMs + LOCK_SLACK_MS,
    ...codec,
  };
  if (ttlMs !== undefined) binding.ttlMs = ttlMs;
  return binding;
}
