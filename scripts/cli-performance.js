// Injected by scripts/bundle-cli.mjs: the global `performance` in the CLI bundle is this object.
// Reading the global loads perf_hooks and its ten internal modules (~1 ms of a ~40 ms shared-cache
// hit, issue #21), and lru-cache reads it as it loads. The bundle uses only `performance.now()`, for
// durations and a monotonic clock: process.hrtime gives the same, a monotonic time in milliseconds
// (another origin, which no caller depends on), with nothing to load.
export const performance = { now: () => Number(process.hrtime.bigint()) / 1e6 };
