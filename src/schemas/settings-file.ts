import * as z from 'zod/mini';
import './zod-english.js';
import { tokenUrlProblem } from '../token-url.js';
import { helperCommandSchema } from './settings.js';

/** Variables a settings file adds to the environment credentials are resolved from. */
const envSchema = z.record(z.string(), z.string({ error: 'expected a string value' }));

const providerIdList = z.array(
  z.string().check(z.regex(/^[a-z0-9][a-z0-9._-]*$/, { error: 'expected a provider id such as "openai"' })),
  { error: 'expected an array of provider ids' },
);

/** A token endpoint for stored OAuth entries of one provider. */
const oauthEndpointSchema = z.strictObject({
  tokenUrl: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).check(
    z.refine((url) => tokenUrlProblem(url) === undefined, {
      error:
        'expected an https URL (plain http only to a loopback address: 127.0.0.1, [::1], localhost). Fix: use https',
    }),
  ),
  clientId: z.optional(z.string().check(z.minLength(1))),
  body: z.optional(z.enum(['form', 'json'])),
});

/**
 * A credhelper settings file (`~/.config/credhelper/settings.json`, `.credhelper/settings.json`,
 * `--settings FILE`): the helper commands, an `env` object, and `claude: true` to also read
 * Claude Code's settings files. The schema lets unknown keys through; `loadSettings` refuses them
 * with a suggestion (see `unknownSettingsKeys`), so that a misspelt key is never silently ignored.
 */
export const settingsFileSchema = z.looseObject({
  apiKeyHelper: z.optional(helperCommandSchema),
  awsAuthRefresh: z.optional(helperCommandSchema),
  awsCredentialExport: z.optional(helperCommandSchema),
  gcpAuthRefresh: z.optional(helperCommandSchema),
  env: z.optional(envSchema),
  claude: z.optional(z.boolean({ error: 'expected true or false' })),
  /** Only these providers (`credhelper login` lists, `provider(id)` serves). */
  enabledProviders: z.optional(providerIdList),
  /** Never these providers. */
  disabledProviders: z.optional(providerIdList),
  /** Token endpoints for stored OAuth entries, by provider id (a project's need `credhelper trust`). */
  oauth: z.optional(z.record(z.string().check(z.regex(/^[a-z0-9][a-z0-9._-]*$/)), oauthEndpointSchema)),
  /** `apiKeyHelper` writing to stderr is an error (`HELPER_STDERR`), the documented contract. Default false. */
  strictHelperStderr: z.optional(z.boolean({ error: 'expected true or false' })),
  /** Where `login` and `import` put secrets: `auto` (the OS keychain when one answers, else auth.json), `keychain`, `file`. */
  store: z.optional(z.enum(['auto', 'keychain', 'file'], { error: 'expected "auto", "keychain" or "file"' })),
  /** After `awsAuthRefresh` / `gcpAuthRefresh` ran, no other run for this many ms (default 30 000; 0 = off). */
  refreshCooldownMs: z.optional(
    z
      .number({ error: 'expected a whole number of milliseconds' })
      .check(
        z.int({ error: 'expected a whole number of milliseconds' }),
        z.gte(0, { error: 'expected 0 or more milliseconds' }),
        z.lte(2_147_483_647, { error: 'expected at most 2147483647 ms' }),
      ),
  ),
});

/**
 * A Claude Code settings file (`~/.claude/settings.json`, `.claude/settings.json`,
 * `.claude/settings.local.json`): only the helper commands and `env` are read; every other key is
 * Claude Code's business and ignored. `env` values that are numbers or booleans are taken as text.
 */
export const claudeSettingsFileSchema = z.looseObject({
  apiKeyHelper: z.optional(helperCommandSchema),
  awsAuthRefresh: z.optional(helperCommandSchema),
  awsCredentialExport: z.optional(helperCommandSchema),
  gcpAuthRefresh: z.optional(helperCommandSchema),
  env: z.optional(
    z.record(
      z.string(),
      z.pipe(
        z.union([z.string(), z.number(), z.boolean()]),
        z.transform((value) => String(value)),
      ),
    ),
  ),
});

/** A settings file after validation. */
export type SettingsFile = z.output<typeof settingsFileSchema>;
