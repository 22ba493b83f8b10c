/**
 * The largest distance from the epoch, in ms, that a JavaScript `Date` can hold (±100 000 000
 * days). A number beyond it makes an `Invalid Date`, whose `toISOString()` throws a `RangeError`.
 */
export const MAX_DATE_MS = 8_640_000_000_000_000;

/** True for a `Date` that holds a time (not `Invalid Date`), so `toISOString()` cannot throw. */
export function isValidDate(value: Date): boolean {
  return Number.isFinite(value.getTime());
}

/** True for ms since the epoch that make a valid `Date` (finite, within {@link MAX_DATE_MS}). */
export function isDateMs(ms: number): boolean {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS;
}
