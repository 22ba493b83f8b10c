import * as z from 'zod/mini';
import './zod-english.js';

/**
 * One file of the shared cache: a value (encoded by the cache that owns it) and the times that
 * govern it, all ms since the epoch. Anything else in the file makes it a miss.
 */
export const sharedCacheEntrySchema = z.object({
  version: z.literal(1),
  value: z.unknown(),
  loadedAt: z.number(),
  usableUntil: z.number(),
  refreshAt: z.optional(z.number()),
  expiresAt: z.optional(z.number()),
});

/** A shared cache file after validation. */
export type SharedCacheEntry = z.output<typeof sharedCacheEntrySchema>;
