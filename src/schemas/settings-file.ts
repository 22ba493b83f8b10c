import * as z from 'zod/mini';
import './zod-english.js';
import { isRecord } from '../is-record.js';
import { tokenUrlProblem } from '../token-url.js';
import { helperCommandSchema } from './settings.js';

const providerIdList = () =>
  z.array(z.string().check(z.regex(/^[a-z0-9][a-z0-9._-]*$/, { error: 'expected a provider id such as "openai"' })), {
    error: 'expected an array of provider ids',
  });

/** A token endpoint for stored OAuth entries of one provider. */
const oauthEndpointSchema = () =>
  z.strictObject({
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
 * The keys of a credhelper settings file (`~/.config/credhelper/settings.json`,
 * `.credhelper/settings.json`, `--settings FILE`), each one's schema made by a function: the helper
 * commands, an `env` object, and `claude: true` to also read Claude Code's settings files. Unknown
 * keys are let through here; `loadSettings` refuses them with a suggestion (see
 * `unknownSettingsKeys`), so that a misspelt key is never silently ignored.
 */
const SETTINGS_FILE_FIELDS = {
  apiKeyHelper: () => z.optional(helperCommandSchema),
  awsAuthRefresh: () => z.optional(helperCommandSchema),
  awsCredentialExport: () => z.optional(helperCommandSchema),
  gcpAuthRefresh: () => z.optional(helperCommandSchema),
  /** Variables a settings file adds to the environment credentials are resolved from. */
  env: () => z.optional(z.record(z.string(), z.string({ error: 'expected a string value' }))),
  claude: () => z.optional(z.boolean({ error: 'expected true or false' })),
  /** Only these providers (`credhelper login` lists, `provider(id)` serves). */
  enabledProviders: () => z.optional(providerIdList()),
  /** Never these providers. */
  disabledProviders: () => z.optional(providerIdList()),
  /** Token endpoints for stored OAuth entries, by provider id (a project's need `credhelper trust`). */
  oauth: () => z.optional(z.record(z.string().check(z.regex(/^[a-z0-9][a-z0-9._-]*$/)), oauthEndpointSchema())),
  /** `apiKeyHelper` writing to stderr is an error (`HELPER_STDERR`), the documented contract. Default false. */
  strictHelperStderr: () => z.optional(z.boolean({ error: 'expected true or false' })),
  /** Where `login` and `import` put secrets: `auto` (the OS keychain when one answers, else auth.json), `keychain`, `file`. */
  store: () => z.optional(z.enum(['auto', 'keychain', 'file'], { error: 'expected "auto", "keychain" or "file"' })),
  /** After `awsAuthRefresh` / `gcpAuthRefresh` ran, no other run for this many ms (default 30 000; 0 = off). */
  refreshCooldownMs: () =>
    z.optional(
      z
        .number({ error: 'expected a whole number of milliseconds' })
        .check(
          z.int({ error: 'expected a whole number of milliseconds' }),
          z.gte(0, { error: 'expected 0 or more milliseconds' }),
          z.lte(2_147_483_647, { error: 'expected at most 2147483647 ms' }),
        ),
    ),
};

/**
 * The keys of a Claude Code settings file (`~/.claude/settings.json`, `.claude/settings.json`,
 * `.claude/settings.local.json`) that credhelper reads: only the helper commands and `env`; every
 * other key is Claude Code's business and ignored. `env` values that are numbers or booleans are
 * taken as text.
 */
const CLAUDE_SETTINGS_FILE_FIELDS = {
  apiKeyHelper: () => z.optional(helperCommandSchema),
  awsAuthRefresh: () => z.optional(helperCommandSchema),
  awsCredentialExport: () => z.optional(helperCommandSchema),
  gcpAuthRefresh: () => z.optional(helperCommandSchema),
  env: () =>
    z.optional(
      z.record(
        z.string(),
        z.pipe(
          z.union([z.string(), z.number(), z.boolean()]),
          z.transform((value) => String(value)),
        ),
      ),
    ),
};

type Fields = Record<string, () => z.ZodMiniType>;
type ShapeOf<F extends Fields> = { [K in keyof F]: ReturnType<F[K]> };
type LooseSchemaOf<F extends Fields> = z.ZodMiniObject<ShapeOf<F>, z.core.$loose>;

/**
 * The schema of `fields` for `json`: a loose object of the fields `json` has (every field is
 * optional, so the ones it lacks would pass anyway). Each field's schema is built once, when a file
 * first has it: building every field of both kinds of file cost ~2.5 ms of each run, where a file
 * usually sets two keys (issue #21). The same field schemas in the same order: the same result,
 * issues and messages as the object of every field (test/schemas/settings-file-fields.property.test.ts).
 */
function schemaFor<F extends Fields>(fields: F, built: Map<string, z.ZodMiniType>, json: unknown): LooseSchemaOf<F> {
  const shape: Record<string, z.ZodMiniType> = {};
  if (isRecord(json)) {
    for (const [key, make] of Object.entries(fields)) {
      if (!Object.hasOwn(json, key)) continue;
      let field = built.get(key);
      if (field === undefined) {
        field = make();
        built.set(key, field);
      }
      shape[key] = field;
    }
  }
  return z.looseObject(shape) as unknown as LooseSchemaOf<F>;
}

const builtSettingsFields = new Map<string, z.ZodMiniType>();
const builtClaudeFields = new Map<string, z.ZodMiniType>();

/** The schema that validates `json` as a credhelper settings file (see {@link SETTINGS_FILE_FIELDS}). */
export function settingsFileSchemaFor(json: unknown): LooseSchemaOf<typeof SETTINGS_FILE_FIELDS> {
  return schemaFor(SETTINGS_FILE_FIELDS, builtSettingsFields, json);
}

/** The schema that validates `json` as a Claude Code settings file (see {@link CLAUDE_SETTINGS_FILE_FIELDS}). */
export function claudeSettingsFileSchemaFor(json: unknown): LooseSchemaOf<typeof CLAUDE_SETTINGS_FILE_FIELDS> {
  return schemaFor(CLAUDE_SETTINGS_FILE_FIELDS, builtClaudeFields, json);
}

/** A settings file after validation. */
export type SettingsFile = z.output<LooseSchemaOf<typeof SETTINGS_FILE_FIELDS>>;
