import type { Clock } from '../cache/clock.js';
import type { SourceValue } from './credential-source.js';

/**
 * Keeps the last resolved credential of a chain until its `reuseUntil`, so that a warm call costs a
 * clock read and a comparison (reading `process.env` alone costs several times that). Concurrent
 * cold callers share one resolution; failures are not kept.
 */
export class MemoizedResolver<C> {
  readonly #resolve: () => Promise<SourceValue<C>>;
  readonly #now: Clock;
  #promise: Promise<C> | undefined;
  #reuseUntil = 0;
  #inFlight: Promise<C> | undefined;
  #generation = 0;

  constructor(resolve: () => Promise<SourceValue<C>>, now: Clock) {
    this.#resolve = resolve;
    this.#now = now;
  }

  /** The memoized credential, or a fresh resolution when there is none or it is due. */
  get(): Promise<C> {
    if (this.#promise !== undefined && this.#now() < this.#reuseUntil) return this.#promise;
    this.#promise = undefined;
    if (this.#inFlight !== undefined) return this.#inFlight;
    const generation = this.#generation;
    const inFlight = this.#resolve().then(
      ({ credential, reuseUntil = Number.POSITIVE_INFINITY }) => {
        if (this.#inFlight === inFlight) this.#inFlight = undefined;
        if (generation === this.#generation && reuseUntil > this.#now()) {
          this.#promise = inFlight;
          this.#reuseUntil = reuseUntil;
        }
        return credential;
      },
      (error: unknown) => {
        if (this.#inFlight === inFlight) this.#inFlight = undefined;
        throw error;
      },
    );
    this.#inFlight = inFlight;
    return inFlight;
  }

  /** Forgets the credential: the next `get` resolves the chain again. */
  invalidate(): void {
    this.#generation++;
    this.#promise = undefined;
    this.#inFlight = undefined;
  }
}
