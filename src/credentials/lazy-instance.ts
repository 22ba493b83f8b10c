/** A value created on first use by an async factory, then held; `current` is set once it exists. */
export interface LazyInstance<T> {
  readonly current: T | undefined;
  get(): Promise<T>;
}

/**
 * Defers `create` (which imports the module that builds the value) until first use, so that a
 * process that never asks for Bedrock or Vertex never loads their code. Concurrent first calls
 * share one creation; after that, `current` gives the value without a microtask.
 */
export function lazyInstance<T>(create: () => Promise<T>): LazyInstance<T> {
  let current: T | undefined;
  let pending: Promise<T> | undefined;
  return {
    get current() {
      return current;
    },
    get() {
      if (current !== undefined) return Promise.resolve(current);
      pending ??= create().then((value) => {
        current = value;
        return value;
      });
      return pending;
    },
  };
}
