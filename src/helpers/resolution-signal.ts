import { AsyncLocalStorage } from 'node:async_hooks';

const storage = new AsyncLocalStorage<AbortSignal>();

/**
 * Runs `resolve` with `signal` as the current resolution's signal: every helper or refresh command
 * that `runHelper` starts inside it (without a signal of its own) is stopped, with its process
 * group, when `signal` fires. Lets a memo cancel the commands of a shared run once no caller waits.
 */
export function runWithResolutionSignal<T>(signal: AbortSignal, resolve: () => Promise<T>): Promise<T> {
  // A resolution inside another (bedrock() resolving the SigV4 memo) stops with either.
  const outer = storage.getStore();
  return storage.run(outer === undefined ? signal : AbortSignal.any([outer, signal]), resolve);
}

/** The signal of the resolution running now (see {@link runWithResolutionSignal}), if any. */
export function resolutionSignal(): AbortSignal | undefined {
  return storage.getStore();
}
