import * as z from 'zod/mini';
import './zod-english.js';

/** A date string that parses (`2026-12-01T10:00:00Z`, `2026-12-01T10:00:00UTC` as the AWS CLI v2 writes). */
const cacheDate = z.pipe(
  z.string(),
  z
    .transform((text: string) => new Date(text.replace(/UTC$/, 'Z')))
    .check(z.refine((date) => !Number.isNaN(date.getTime()))),
);

/**
 * The times in a file of `~/.aws/sso/cache` (written by `aws sso login`): `expiresAt`, when the
 * access token expires (for a legacy profile, the end of the login); `registrationExpiresAt`, when
 * the OIDC client registration of an `sso-session` expires (its refresh token cannot outlive it).
 * The tokens themselves are never read here.
 */
export const awsSsoCacheTimesSchema = z.object({
  expiresAt: z.optional(cacheDate),
  registrationExpiresAt: z.optional(cacheDate),
});

/** What {@link awsSsoCacheTimesSchema} gives. */
export type AwsSsoCacheTimes = z.infer<typeof awsSsoCacheTimesSchema>;
