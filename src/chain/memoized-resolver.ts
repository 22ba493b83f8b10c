import { type Clock, periodClock } from '../cache/clock.js';
import { runWithResolutionSignal } from '../helpers/resolution-signal.js';
import { abortedCall } from './call-options.js';
import type { SourceValue } from './credential-source.js';
import { FAILURE_WINDOW_MS, rememberedFailure } from './failure-window.js';

/**
 * Keeps the last resolved credential of a chain until its `reuseUntil`, so that a warm call costs a
 * clock read and a comparison (reading `process.env` alone costs several times that). Concurrent
 * cold callers share one resolution. A helper's failure is kept for {@link FAILURE_WINDOW_MS}
 * (monotonic clock), so that a retry in that window gets the same error without a new run; other
 * failures are not kept. The reuse period is also measured
 * with a monotonic clock (see `periodClock`): moving the wall clock back does not stretch it.
 */
export class MemoizedResolver<C> {
  readonly #resolve: () => Promise<SourceValue<C>>;
  readonly #now: Clock;
  readonly #monotonic: Clock;
  #promise: Promise<C> | undefined;
  #reuseUntil = 0;
  /** The same deadline on the monotonic clock. */
  #monoReuseUntil = 0;
  #inFlight: Promise<C> | undefined;
  /** Stops the commands of the in-flight resolution; `waiters` counts the callers still waiting for it. */
  #run: { controller: AbortController; waiters: number; pinned: boolean } | undefined;
  #generation = 0;
  /** The last remembered failure and when (monotonic) it stops being handed out. */
  #failure: { promise: Promise<C>; until: number } | undefined;

  constructor(resolve: () => Promise<SourceValue<C>>, now: Clock, monotonic?: Clock) {
    this.#resolve = resolve;
    this.#now = now;
    this.#monotonic = periodClock(now, monotonic);
  }

  /**
   * The memoized credential, or a fresh resolution when there is none or it is due. With `signal`,
   * this caller stops waiting when it fires (`HELPER_ABORTED`, naming `what`); when no caller waits
   * any more, the resolution's helper and refresh commands are stopped.
   */
  get(signal?: AbortSignal, what = 'the credential call'): Promise<C> {
    if (signal?.aborted) return Promise.reject(abortedCall(what, signal));
    const shared = this.#shared(signal !== undefined);
    const run = this.#run;
    if (shared.settled || run === undefined) return shared.promise;
    if (signal === undefined) {
      run.pinned = true; // a caller without a signal waits for good
      return shared.promise;
    }
    run.waiters++;
    return new Promise<C>((resolve, reject) => {
      const onAbort = (): void => {
        reject(abortedCall(what, signal));
        run.waiters--;
        if (run.waiters === 0 && !run.pinned && this.#run === run) {
          this.#run = undefined;
          this.#inFlight = undefined;
          run.controller.abort(signal.reason);
        }
      };
      signal.addEventListener('abort', onAbort, { once: true });
      shared.promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  /**
   * The memoized promise (`settled`), or the in-flight resolution, started when needed. A run
   * started by a caller that can cancel carries a resolution signal; one started by a caller
   * without a signal is pinned (never stopped), so it needs none (and no `AsyncLocalStorage`).
   */
  #shared(cancellable: boolean): { promise: Promise<C>; settled: boolean } {
    if (this.#promise !== undefined) {
      // A value with no deadline (a variable: kept until invalidate()) needs no clock at all.
      if (this.#reuseUntil === Number.POSITIVE_INFINITY) return { promise: this.#promise, settled: true };
      if (this.#now() < this.#reuseUntil && this.#monotonic() < this.#monoReuseUntil) {
        return { promise: this.#promise, settled: true };
      }
    }
    this.#promise = undefined;
    if (this.#inFlight !== undefined) return { promise: this.#inFlight, settled: false };
    if (this.#failure !== undefined) {
      if (this.#monotonic() < this.#failure.until) return { promise: this.#failure.promise, settled: true };
      this.#failure = undefined;
    }
    const generation = this.#generation;
    const run = { controller: new AbortController(), waiters: 0, pinned: false };
    const started = cancellable
      ? runWithResolutionSignal(run.controller.signal, () => this.#resolve())
      : this.#resolve();
    const inFlight = started.then(
      ({ credential, reuseUntil = Number.POSITIVE_INFINITY }) => {
        if (this.#run === run) this.#run = undefined;
        if (this.#inFlight === inFlight) this.#inFlight = undefined;
        const now = this.#now();
        if (generation === this.#generation && reuseUntil > now) {
          this.#promise = inFlight;
          this.#reuseUntil = reuseUntil;
          this.#monoReuseUntil = this.#monotonic() + (reuseUntil - now);
        }
        return credential;
      },
      (error: unknown) => {
        if (this.#run === run) this.#run = undefined;
        if (this.#inFlight === inFlight) this.#inFlight = undefined;
        if (generation === this.#generation && rememberedFailure(error)) {
          const promise = Promise.reject(error);
          promise.catch(() => undefined);
          this.#failure = { promise, until: this.#monotonic() + FAILURE_WINDOW_MS };
        }
        throw error;
      },
    );
    this.#inFlight = inFlight;
    this.#run = run;
    return { promise: inFlight, settled: false };
  }

  /** Forgets the credential and any remembered failure: the next `get` resolves the chain again. */
  invalidate(): void {
    this.#generation++;
    this.#failure = undefined;
    this.#promise = undefined;
    this.#inFlight = undefined;
  }
}
