import { z } from 'zod';

/** One failed background refresh, as recorded for `credhelper status`. Never holds a secret. */
export const refreshFailureSchema = z.object({
  /** The source, e.g. `helper:awsCredentialExport`, `aws:default-chain`, `gcp:adc`. */
  source: z.string().min(1).max(200),
  code: z.string().min(1).max(100),
  /** The error's message, redacted with every secret the failing process had seen. */
  message: z.string().max(4000),
  /** When it failed, ms since the epoch. */
  at: z.number().finite(),
  /** Until when the current value is still handed out (fix the cause before then), ms since the epoch. */
  usableUntil: z.number().finite().optional(),
});

/** The file `refresh-failures.json` of the shared cache directory: the latest failure per source. */
export const refreshFailuresFileSchema = z.object({
  version: z.literal(1),
  failures: z.record(z.string(), refreshFailureSchema),
});

/** A recorded failed background refresh. */
export type RefreshFailure = z.infer<typeof refreshFailureSchema>;
