/** A clock in milliseconds since the epoch. Injected into caches so that tests never sleep. */
export type Clock = () => number;

/** The real clock. */
export const systemClock: Clock = () => Date.now();
