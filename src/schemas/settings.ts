import * as z from 'zod/mini';
import './zod-english.js';

/** A helper setting: a shell command line. Blank is refused rather than silently ignored. */
export const helperCommandSchema = z
  .string({ error: 'expected a shell command string' })
  .check(z.trim(), z.minLength(1, { error: 'expected a non-empty shell command' }));

/**
 * The helper settings credhelper understands (the same keys as Claude Code's settings.json).
 * Unknown keys are allowed so that a whole Claude Code settings object can be passed in.
 */
export const settingsSchema = z.looseObject({
  /** Prints an Anthropic API key on stdout. */
  apiKeyHelper: z.optional(helperCommandSchema),
  /** Refreshes AWS credentials (e.g. `aws sso login`) when they are missing or expired. */
  awsAuthRefresh: z.optional(helperCommandSchema),
  /** Prints AWS STS credentials JSON. */
  awsCredentialExport: z.optional(helperCommandSchema),
  /** Refreshes Google Application Default Credentials when they cannot mint a token. */
  gcpAuthRefresh: z.optional(helperCommandSchema),
});

/** Helper settings, as accepted by `createCredentialHelper({ settings })`. */
export type Settings = z.input<typeof settingsSchema>;
/** Helper settings after validation (commands trimmed). */
export type ValidatedSettings = z.output<typeof settingsSchema>;
