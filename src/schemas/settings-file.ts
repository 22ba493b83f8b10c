import { z } from 'zod';
import { tokenUrlProblem } from '../token-url.js';
import { helperCommandSchema } from './settings.js';

/** Variables a settings file adds to the environment credentials are resolved from. */
const envSchema = z.record(z.string(), z.string({ error: 'expected a string value' }));

const providerIdList = z.array(
  z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, { error: 'expected a provider id such as "openai"' }),
  { error: 'expected an array of provider ids' },
);

/** A token endpoint for stored OAuth entries of one provider. */
const oauthEndpointSchema = z.strictObject({
  tokenUrl: z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
    .refine((url) => tokenUrlProblem(url) === undefined, {
      error:
        'expected an https URL (plain http only to a loopback address: 127.0.0.1, [::1], localhost). Fix: use https',
    }),
  clientId: z.string().min(1).optional(),
  body: z.enum(['form', 'json']).optional(),
});

/**
 * A credhelper settings file (`~/.config/credhelper/settings.json`, `.credhelper/settings.json`,
 * `--settings FILE`): the helper commands, an `env` object, and `claude: true` to also read
 * Claude Code's settings files. The schema lets unknown keys through; `loadSettings` refuses them
 * with a suggestion (see `unknownSettingsKeys`), so that a misspelt key is never silently ignored.
 */
export const settingsFileSchema = z.looseObject({
  apiKeyHelper: helperCommandSchema.optional(),
  awsAuthRefresh: helperCommandSchema.optional(),
  awsCredentialExport: helperCommandSchema.optional(),
  gcpAuthRefresh: helperCommandSchema.optional(),
  env: envSchema.optional(),
  claude: z.boolean({ error: 'expected true or false' }).optional(),
  /** Only these providers (`credhelper login` lists, `provider(id)` serves). */
  enabledProviders: providerIdList.optional(),
  /** Never these providers. */
  disabledProviders: providerIdList.optional(),
  /** Token endpoints for stored OAuth entries, by provider id (a project's need `credhelper trust`). */
  oauth: z.record(z.string().regex(/^[a-z0-9][a-z0-9._-]*$/), oauthEndpointSchema).optional(),
  /** `apiKeyHelper` writing to stderr is an error (`HELPER_STDERR`), the documented contract. Default false. */
  strictHelperStderr: z.boolean({ error: 'expected true or false' }).optional(),
  /** Where `login` and `import` put secrets: `auto` (the OS keychain when one answers, else auth.json), `keychain`, `file`. */
  store: z.enum(['auto', 'keychain', 'file'], { error: 'expected "auto", "keychain" or "file"' }).optional(),
  /** After `awsAuthRefresh` / `gcpAuthRefresh` ran, no other run for this many ms (default 30 000; 0 = off). */
  refreshCooldownMs: z
    .number({ error: 'expected a whole number of milliseconds' })
    .int({ error: 'expected a whole number of milliseconds' })
    .min(0, { error: 'expected 0 or more milliseconds' })
    .max(2_147_483_647, { error: 'expected at most 2147483647 ms' })
    .optional(),
});

/**
 * A Claude Code settings file (`~/.claude/settings.json`, `.claude/settings.json`,
 * `.claude/settings.local.json`): only the helper commands and `env` are read; every other key is
 * Claude Code's business and ignored. `env` values that are numbers or booleans are taken as text.
 */
export const claudeSettingsFileSchema = z.looseObject({
  apiKeyHelper: helperCommandSchema.optional(),
  awsAuthRefresh: helperCommandSchema.optional(),
  awsCredentialExport: helperCommandSchema.optional(),
  gcpAuthRefresh: helperCommandSchema.optional(),
  env: z
    .record(
      z.string(),
      z.union([z.string(), z.number(), z.boolean()]).transform((value) => String(value)),
    )
    .optional(),
});

/** A settings file after validation. */
export type SettingsFile = z.output<typeof settingsFileSchema>;
