import type { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Created on the first resolution a caller can cancel: on Node 20, an `AsyncLocalStorage` that
 * has run once makes every later `await` of the whole process ~3× slower (promise hooks), a cost
 * an embedding agent must not pay for calls that pass no `signal`/`timeoutMs`.
 */
let storage: AsyncLocalStorage<AbortSignal> | undefined;

/**
 * Runs `resolve` with `signal` as the current resolution's signal: every helper or refresh command
 * that `runHelper` starts inside it (without a signal of its own) is stopped, with its process
 * group, when `signal` fires. Lets a memo cancel the commands of a shared run once no caller waits.
 * Only for runs a caller can cancel (see `MemoizedResolver`).
 */
export async function runWithResolutionSignal<T>(signal: AbortSignal, resolve: () => Promise<T>): Promise<T> {
  if (storage === undefined) {
    const { AsyncLocalStorage } = await import('node:async_hooks');
    storage ??= new AsyncLocalStorage<AbortSignal>();
  }
  // A resolution inside another (bedrock() resolving the SigV4 memo) stops with either.
  const outer = storage.getStore();
  return storage.run(outer === undefined ? signal : AbortSignal.any([outer, signal]), resolve);
}

/** The signal of the resolution running now (see {@link runWithResolutionSignal}), if any. */
export function resolutionSignal(): AbortSignal | undefined {
  return storage?.getStore();
}
