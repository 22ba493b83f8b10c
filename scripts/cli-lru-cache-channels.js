// `node:diagnostics_channel` for lru-cache in the CLI bundle (scripts/bundle-cli.mjs): channels
// nobody subscribes to. lru-cache creates two channels as it loads and publishes only when one has
// subscribers; in a credhelper CLI process nothing subscribes (no code but credhelper's and the
// SDKs' runs there), so this changes nothing but the start: the built-in's load, ~0.3 ms of a
// shared-cache hit (issue #21). The library bundle keeps the real module (its host may subscribe).

/** A channel without subscribers. */
export const channel = () => ({ hasSubscribers: false, publish() {} });

/** A tracing channel without subscribers: traced work just runs. */
export const tracingChannel = () => ({
  hasSubscribers: false,
  tracePromise: (fn, _context, thisArg, ...args) => Reflect.apply(fn, thisArg, args),
  traceSync: (fn, _context, thisArg, ...args) => Reflect.apply(fn, thisArg, args),
});
