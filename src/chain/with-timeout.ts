/**
 * Resolves or rejects as `promise` does, or rejects with `onTimeout()` after `timeoutMs`, whichever
 * comes first. For work credhelper cannot cancel (a cloud SDK's own requests or processes): it
 * stops waiting; the timer never outlives the race.
 */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
