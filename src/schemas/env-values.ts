import * as z from 'zod/mini';
import './zod-english.js';
import { credentialTextProblem } from '../credential-text-problem.js';

/** A duration in ms from an environment variable: digits only, no sign, no unit. */
export const envDurationMsSchema = z.pipe(
  z.string().check(z.trim(), z.regex(/^\d{1,15}$/, { error: 'expected a whole number of milliseconds (digits only)' })),
  z.transform(Number),
);

/** A file descriptor number from an environment variable. */
export const envFileDescriptorSchema = z.pipe(
  z.string().check(z.trim(), z.regex(/^\d{1,9}$/, { error: 'expected a file descriptor number' })),
  z.transform(Number),
);

/**
 * A credential as printed by a helper or read from a file descriptor: one line of printable ASCII
 * with no spaces, after trimming, so that it is always a valid HTTP header value; not JSON, not in
 * quotes (see {@link credentialTextProblem}, the one rule for every way a key enters).
 */
export const credentialTextSchema = z.string().check(
  z.trim(),
  z.superRefine((value, context) => {
    const problem = credentialTextProblem(value);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
  }),
);
