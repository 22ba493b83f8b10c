/** A clock in milliseconds since the epoch. Injected into caches so that tests never sleep. */
export type Clock = () => number;

/** The real clock. */
export const systemClock: Clock = () => Date.now();

/** A monotonic clock in ms (an arbitrary origin): it never moves back when the wall clock does. */
export const monotonicClock: Clock = () => performance.now();

/**
 * The clock that measures reuse periods (a TTL, the time until a refresh) next to `now`: the
 * monotonic clock when `now` is the system clock; an injected clock (a test's) measures them
 * itself unless a monotonic clock is injected too.
 */
export function periodClock(now: Clock, monotonic?: Clock): Clock {
  return monotonic ?? (now === systemClock ? monotonicClock : now);
}
