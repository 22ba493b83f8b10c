import * as z from 'zod/mini';
import './zod-english.js';

/** One failed background refresh, as recorded for `credhelper status`. Never holds a secret. */
export const refreshFailureSchema = z.object({
  /** The source, e.g. `helper:awsCredentialExport`, `aws:default-chain`, `gcp:adc`. */
  source: z.string().check(z.minLength(1), z.maxLength(200)),
  code: z.string().check(z.minLength(1), z.maxLength(100)),
  /** The error's message, redacted with every secret the failing process had seen. */
  message: z.string().check(z.maxLength(4000)),
  /** When it failed, ms since the epoch. */
  at: z.number(),
  /** Until when the current value is still handed out (fix the cause before then), ms since the epoch. */
  usableUntil: z.optional(z.number()),
});

/** The file `refresh-failures.json` of the shared cache directory: the latest failure per cache entry (keyed by its cache key; older files: by source). */
export const refreshFailuresFileSchema = z.object({
  version: z.literal(1),
  failures: z.record(z.string(), refreshFailureSchema),
});

/** A recorded failed background refresh. */
export type RefreshFailure = z.infer<typeof refreshFailureSchema>;
