import { z } from 'zod';
import { helperCommandSchema } from './settings.js';

/** Variables a settings file adds to the environment credentials are resolved from. */
const envSchema = z.record(z.string(), z.string({ error: 'expected a string value' }));

/**
 * A credhelper settings file (`~/.config/credhelper/settings.json`, `.credhelper/settings.json`,
 * `--settings FILE`): the helper commands, an `env` object, and `claude: true` to also read
 * Claude Code's settings files. Unknown keys are allowed.
 */
export const settingsFileSchema = z.looseObject({
  apiKeyHelper: helperCommandSchema.optional(),
  awsAuthRefresh: helperCommandSchema.optional(),
  awsCredentialExport: helperCommandSchema.optional(),
  gcpAuthRefresh: helperCommandSchema.optional(),
  env: envSchema.optional(),
  claude: z.boolean({ error: 'expected true or false' }).optional(),
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
