import { type Clock, periodClock } from '../cache/clock.js';
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
  #generation = 0;
  /** The last remembered failure and when (monotonic) it stops being handed out. */
  #failure: { promise: Promise<C>; until: number } | undefined;

  constructor(resolve: () => Promise<SourceValue<C>>, now: Clock, monotonic?: Clock) {
    this.#resolve = resolve;
    this.#now = now;
    this.#monotonic = periodClock(now, monotonic);
  }

  /** The memoized credential, or a fresh resolution when there is none or it is due. */
  get(): Promise<C> {
    if (this.#promise !== undefined) {
      // A value with no deadline (a variable: kept until invalidate()) needs no clock at all.
      if (this.#reuseUntil === Number.POSITIVE_INFINITY) return this.#promise;
      if (this.#now() < this.#reuseUntil && this.#monotonic() < this.#monoReuseUntil) return this.#promise;
    }
    this.#promise = undefined;
    if (this.#inFlight !== undefined) return this.#inFlight;
    if (this.#failure !== undefined) {
      if (this.#monotonic() < this.#failure.until) return this.#failure.promise;
      this.#failure = undefined;
    }
    const generation = this.#generation;
    const inFlight = this.#resolve().then(
      ({ credential, reuseUntil = Number.POSITIVE_INFINITY }) => {
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
    return inFlight;
  }

  /** Forgets the credential and any remembered failure: the next `get` resolves the chain again. */
  invalidate(): void {
    this.#generation++;
    this.#failure = undefined;
    this.#promise = undefined;
    this.#inFlight = undefined;
  }
}
