import { z } from 'zod';

/** A duration in ms from an environment variable: digits only, no sign, no unit. */
export const envDurationMsSchema = z
  .string()
  .trim()
  .regex(/^\d{1,15}$/, { error: 'expected a whole number of milliseconds (digits only)' })
  .transform(Number);

/** A file descriptor number from an environment variable. */
export const envFileDescriptorSchema = z
  .string()
  .trim()
  .regex(/^\d{1,9}$/, { error: 'expected a file descriptor number' })
  .transform(Number);

/**
 * A credential as printed by a helper or read from a file descriptor: one line of printable ASCII
 * with no spaces, after trimming, so that it is always a valid HTTP header value.
 */
export const credentialTextSchema = z
  .string()
  .trim()
  .min(1, { error: 'expected a credential, got empty output' })
  .regex(/^[\x21-\x7e]+$/, {
    error: 'expected a single line of printable ASCII without spaces (only the credential)',
  });
