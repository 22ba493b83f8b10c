import { DEFAULT_AWS_CREDENTIAL_EXPORT_TTL_MS } from '../aws/aws-defaults.js';
import { type Clock, systemClock } from '../cache/clock.js';
import { sharedCacheDir } from '../cache/shared-store.js';
import type { ReadonlyEnv } from '../chain/source-context.js';
import { didYouMean } from '../did-you-mean.js';
import { CredentialHelperError } from '../errors.js';
import type { RefreshStdin } from '../helpers/refresh-command.js';
import { DEFAULT_HELPER_TIMEOUT_MS, MAX_TIMEOUT_MS } from '../helpers/run-helper-options.js';
import type { OAuthEndpoint } from '../providers/provider-table.js';
import { AWS_REGION_PATTERN } from '../schemas/aws-credential-fields.js';
import type { ValidatedSettings } from '../schemas/settings.js';
import { PROVIDER_ID_PATTERN } from '../store/auth-entries.js';
import { authFilePath } from '../store/data-dir.js';
import { tokenUrlProblem } from '../token-url.js';
import type { DiagnosticListener } from './credential-diagnostic.js';

/** Default reuse time of a key printed by `apiKeyHelper` (Claude Code's: 5 minutes). */
export const DEFAULT_API_KEY_HELPER_TTL_MS = 5 * 60_000;
/** Default timeout of `awsAuthRefresh` / `gcpAuthRefresh`: a person may be finishing a browser login. */
export const DEFAULT_REFRESH_TIMEOUT_MS = 5 * 60_000;
/** Default cooldown after a refresh command ran (Claude Code's: at most one refresh per 30 s). */
export const DEFAULT_REFRESH_COOLDOWN_MS = 30_000;
/** Variables read, in order, for the `apiKeyHelper` TTL when the option is not given. */
export const API_KEY_HELPER_TTL_VARIABLES = [
  'CREDHELPER_API_KEY_HELPER_TTL_MS',
  'CLAUDE_CODE_API_KEY_HELPER_TTL_MS',
] as const;

/** The helper settings `createCredentialHelper` reads; other keys (a whole Claude Code settings object) pass through. */
const HELPER_SETTING_NAMES = ['apiKeyHelper', 'awsAuthRefresh', 'awsCredentialExport', 'gcpAuthRefresh'] as const;
/** One of the helper settings. */
export type HelperSettingName = (typeof HELPER_SETTING_NAMES)[number];

/**
 * The `settings` option: Claude Code's helper setting names, each a shell command. The type is
 * exact, so that a misspelt key in an object literal does not compile; at run time a key one typo
 * away from a helper setting (`apiKeyHelpr`) is refused with `INVALID_OPTION`, while other keys
 * of a whole Claude Code settings object (`permissions`, `env`…) pass through unread.
 */
export interface HelperSettings {
  /** Prints an Anthropic API key on stdout. */
  apiKeyHelper?: string;
  /** Refreshes AWS credentials (e.g. `aws sso login`) when they are missing or expired. */
  awsAuthRefresh?: string;
  /** Prints AWS STS credentials JSON. */
  awsCredentialExport?: string;
  /** Refreshes Google Application Default Credentials when they cannot mint a token. */
  gcpAuthRefresh?: string;
}

/** Bedrock options of `createCredentialHelper`. */
export interface BedrockOptions {
  /** A Bedrock API key: wins over `AWS_BEARER_TOKEN_BEDROCK` and every SigV4 source. */
  bearerToken?: string;
  /** The AWS region; default `AWS_REGION` → `AWS_DEFAULT_REGION` → the profile's → `us-east-1`. */
  region?: string;
  /**
   * Resolve SigV4 credentials (any AWS login) to a short-term Bedrock API key minted from them
   * locally (`type: 'bearer'`, source `minted:<their source>`), for tools that accept only
   * `AWS_BEARER_TOKEN_BEDROCK`. It lives until the earlier of 12 h and the credentials' expiry.
   */
  mintBearerToken?: boolean;
}

/** Vertex options of `createCredentialHelper`. */
export interface VertexOptions {
  /** The Google Cloud project; default `ANTHROPIC_VERTEX_PROJECT_ID` → `GOOGLE_CLOUD_PROJECT` → `GCLOUD_PROJECT` → the credentials' own. */
  projectId?: string;
  /** The Vertex region; default `VERTEX_REGION_<MODEL>` → `CLOUD_ML_REGION` → `global`. */
  region?: string;
}

/** Which providers `provider()` serves, and their OAuth token endpoints. */
export interface ProvidersOptions {
  /** Only these provider ids (the `enabledProviders` setting). */
  enabled?: string[];
  /** Never these provider ids (the `disabledProviders` setting); wins over `enabled`. */
  disabled?: string[];
  /** Token endpoints for stored OAuth entries, by provider id (replaces the table's; the `oauth` setting). */
  oauth?: Record<string, OAuthEndpoint>;
}

/** How `provider(id)` treats the `.env` file in `cwd`. */
export interface DotenvOptions {
  /**
   * Called with the file's path and text before a key (and its endpoint variables) from it is
   * used; throw to refuse it (the CLI throws `PROJECT_UNTRUSTED` for a project that is not trusted).
   * The error stops the resolution: a refused `.env` is never skipped in silence.
   */
  verify?: (file: { path: string; text: string }) => void | Promise<void>;
}

/** Options of `createCredentialHelper`. All optional. */
export interface CredentialHelperOptions {
  /** Helper commands (Claude Code's setting names). */
  settings?: HelperSettings;
  /** The environment to resolve from. Default `process.env`. Read, never written. */
  env?: ReadonlyEnv;
  /** Where helpers run. Default `process.cwd()`. */
  cwd?: string;
  /**
   * Where some helpers run instead of `cwd`, by setting name (e.g. the CLI runs a project file's
   * helpers in the project's root folder). Settings not named here run in `cwd`.
   */
  helperCwd?: Partial<Record<HelperSettingName, string>>;
  /** The project's `.env` (read by `provider(id)`): see {@link DotenvOptions}. */
  dotenv?: DotenvOptions;
  /**
   * How long a key from `apiKeyHelper` is reused. Default: `CREDHELPER_API_KEY_HELPER_TTL_MS`, else
   * `CLAUDE_CODE_API_KEY_HELPER_TTL_MS` from `env`, else {@link DEFAULT_API_KEY_HELPER_TTL_MS}.
   * `0` runs the helper on every resolution (concurrent callers still share one run). A key another
   * process put in the shared cache is reused only while younger than this, whatever its TTL was.
   */
  apiKeyHelperTtlMs?: number;
  /** Bedrock: an explicit API key and region. */
  bedrock?: BedrockOptions;
  /** Vertex: an explicit project and region. */
  vertex?: VertexOptions;
  /**
   * How long credentials printed by `awsCredentialExport` without an `Expiration` (and static keys
   * from the AWS default chain) are reused. Default {@link DEFAULT_AWS_CREDENTIAL_EXPORT_TTL_MS} (1 h).
   * Applied to the age of such credentials another process put in the shared cache, too.
   */
  awsCredentialExportTtlMs?: number;
  /**
   * Timeout of `apiKeyHelper`, `awsCredentialExport` and the AWS default chain. Default
   * `CREDHELPER_HELPER_TIMEOUT_MS` from `env`, else 30 000.
   */
  helperTimeoutMs?: number;
  /**
   * Timeout of `awsAuthRefresh` and `gcpAuthRefresh`. Default `CREDHELPER_REFRESH_TIMEOUT_MS` from
   * `env`, else {@link DEFAULT_REFRESH_TIMEOUT_MS}.
   */
  refreshTimeoutMs?: number;
  /** Receives refresh commands' output as it arrives. Default: written to `process.stderr`. */
  onRefreshOutput?: (chunk: string, setting: string) => void;
  /**
   * What `awsAuthRefresh` / `gcpAuthRefresh` read as stdin: `'terminal'` gives them the controlling
   * terminal when there is one (a login that asks the person to paste a code), `'ignore'` nothing.
   * Default `'ignore'` (a library may run inside a program that owns the terminal); the CLI uses
   * `'terminal'`.
   */
  refreshStdin?: RefreshStdin;
  /**
   * Told what a user should learn although no call failed: a background refresh that failed
   * (the current credential stays in use until `usableUntil`). Default: nothing.
   */
  onDiagnostic?: DiagnosticListener;
  /**
   * `true`: an `apiKeyHelper` that exits 0 but writes to stderr fails with `HELPER_STDERR` (the
   * documented contract). Default `false`: the key is used and the warning (redacted, bounded)
   * goes to `onDiagnostic` as a `helper-stderr` diagnostic, as the real Claude Code does. The
   * settings-file key `strictHelperStderr` sets it in the CLI.
   */
  strictHelperStderr?: boolean;
  /**
   * After `awsAuthRefresh` or `gcpAuthRefresh` ran, how long a still-failing resolution gets its
   * error (with the time of that run) instead of another run; shared by all of the user's
   * processes when the shared cache is on. Default {@link DEFAULT_REFRESH_COOLDOWN_MS} (30 s, as
   * Claude Code); `0` turns the cooldown off. The settings-file key `refreshCooldownMs` sets it in the CLI.
   */
  refreshCooldownMs?: number;
  /** Clock in ms since the epoch, for tests. Default `Date.now`. */
  now?: Clock;
  /**
   * Share helper results and minted tokens with the user's other processes through 0600 files:
   * `true` for the default directory (`$XDG_RUNTIME_DIR/credhelper`, else the cache dir), or a
   * directory. Default off in the library, on in the CLI. An entry is shared only by processes
   * whose inputs of that source agree (settings, cwd, every environment variable, the files it
   * reads; see `sourceCacheKey`), named by an HMAC keyed with a per-user key in that directory.
   */
  sharedCache?: boolean | string;
  /**
   * The credential file: a path, or `false` to read no stored credentials. Default
   * `CREDHELPER_AUTH_FILE`, else `$XDG_DATA_HOME/credhelper/auth.json` (`~/.local/share/…`).
   */
  authFile?: string | false;
  /** Provider filter and OAuth endpoints for `provider(id)` and the stored OAuth tokens. */
  providers?: ProvidersOptions;
}

/** Options after defaults and validation. */
export interface ResolvedOptions {
  settings: ValidatedSettings;
  env: ReadonlyEnv;
  cwd: string;
  helperCwd: Partial<Record<HelperSettingName, string>>;
  dotenvVerify: DotenvOptions['verify'];
  apiKeyHelperTtlMs: number;
  bedrock: { bearerToken: string | undefined; region: string | undefined; mintBearerToken: boolean };
  vertex: { projectId: string | undefined; region: string | undefined };
  awsCredentialExportTtlMs: number;
  helperTimeoutMs: number;
  refreshTimeoutMs: number;
  onRefreshOutput: (chunk: string, setting: string) => void;
  refreshStdin: RefreshStdin;
  onDiagnostic: DiagnosticListener | undefined;
  strictHelperStderr: boolean;
  refreshCooldownMs: number;
  now: Clock;
  /** The shared cache directory, or `undefined` when off. */
  sharedCacheDir: string | undefined;
  /** The credential file, or `undefined` when turned off. */
  authFile: string | undefined;
  providers: { enabled: string[] | undefined; disabled: string[]; oauth: Record<string, OAuthEndpoint> };
}

function invalid(message: string): CredentialHelperError {
  return new CredentialHelperError('INVALID_OPTION', message);
}

function integerOption(name: string, value: unknown, fallback: number, allowZero: boolean, maxMs?: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || (!allowZero && value === 0)) {
    const kind = allowZero ? 'a non-negative integer' : 'a positive integer';
    throw invalid(`expected \`${name}\` to be ${kind} (ms), got ${typeof value === 'number' ? value : typeof value}`);
  }
  if (maxMs !== undefined && value > maxMs) throw invalid(tooLong(`\`${name}\``, maxMs, String(value)));
  return value;
}

function booleanOption(name: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw invalid(`expected \`${name}\` to be true or false, got ${typeof value}`);
  return value;
}

function tooLong(what: string, maxMs: number, got: string): string {
  return `expected ${what} to be at most ${maxMs} ms (about 24.8 days, the longest a timer can wait), got ${got}`;
}

/**
 * An option in ms: the option when given, else the first of `variables` set in `env` (a whole
 * number of ms; `0` only when `allowZero`; at most `maxMs` when given), else `fallback`.
 */
function msOption(
  name: string,
  option: unknown,
  env: ReadonlyEnv,
  variables: readonly string[],
  fallback: number,
  allowZero: boolean,
  maxMs?: number,
): number {
  if (option !== undefined) return integerOption(name, option, fallback, allowZero, maxMs);
  for (const variable of variables) {
    const raw = env[variable];
    if (raw === undefined || raw.trim() === '') continue;
    // The same rule as `envDurationMsSchema`, checked without loading zod (start-up cost; see README).
    if (!/^\d{1,15}$/.test(raw.trim()) || (!allowZero && Number(raw.trim()) === 0)) {
      throw invalid(
        `expected ${variable} to be a whole number of milliseconds${allowZero ? '' : ' above 0'}, got ${JSON.stringify(raw.slice(0, 32))}. ` +
          `Fix: set it to a whole number of ms such as ${fallback}, or unset it for the default.`,
      );
    }
    if (maxMs !== undefined && Number(raw.trim()) > maxMs) throw invalid(tooLong(variable, maxMs, raw.trim()));
    return Number(raw.trim());
  }
  return fallback;
}

/**
 * Checks the `settings` option by the rules of `settingsSchema` (each helper a non-blank shell
 * command string, trimmed; unknown keys allowed unless one typo away from a helper setting), by hand rather than with zod so that creating a
 * helper does not load zod: the CLI's `get` must start within 1.6× of bare Node. Settings files
 * are validated with the zod schemas when they are read.
 */
function validateSettings(settings: unknown): ValidatedSettings {
  if (settings === undefined || settings === null) return {};
  if (typeof settings !== 'object' || Array.isArray(settings)) {
    throw new CredentialHelperError('INVALID_OPTION', 'invalid settings: settings.(root): expected an object', {
      issuePaths: [''],
    });
  }
  const input = settings as Record<string, unknown>;
  const output: Record<string, unknown> = { ...input };
  const problems: Array<{ path: string; message: string }> = [];
  for (const key of Object.keys(input)) {
    if ((HELPER_SETTING_NAMES as readonly string[]).includes(key)) continue;
    const meant = didYouMean(key, HELPER_SETTING_NAMES);
    if (meant !== undefined) {
      problems.push({ path: key, message: `unknown setting; did you mean \`${meant}\`? Fix: rename it to ${meant}` });
    }
  }
  for (const name of HELPER_SETTING_NAMES) {
    const value = input[name];
    if (value === undefined) continue;
    if (typeof value !== 'string') problems.push({ path: name, message: 'expected a shell command string' });
    else if (value.trim() === '') problems.push({ path: name, message: 'expected a non-empty shell command' });
    else output[name] = value.trim();
  }
  if (problems.length > 0) {
    throw new CredentialHelperError(
      'INVALID_OPTION',
      `invalid settings: ${problems.map((p) => `settings.${p.path}: ${p.message}`).join('; ')}`,
      { issuePaths: problems.map((p) => p.path) },
    );
  }
  return output as ValidatedSettings;
}

function optionalText(name: string, value: unknown, pattern?: RegExp): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || (pattern !== undefined && !pattern.test(value))) {
    const got =
      typeof value === 'string' ? (value.trim() === '' ? 'a blank string' : 'an invalid value') : typeof value;
    throw invalid(`expected \`${name}\` to be a non-empty string${pattern ? ` matching ${pattern}` : ''}, got ${got}`);
  }
  return value.trim();
}

function objectOption(name: string, value: unknown): Record<string, unknown> {
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    throw invalid(`expected \`${name}\` to be an object, got ${value === null ? 'null' : typeof value}`);
  }
  return (value ?? {}) as Record<string, unknown>;
}

function vertexOptions(value: unknown): ResolvedOptions['vertex'] {
  const { projectId, region } = objectOption('vertex', value);
  return {
    projectId: optionalText('vertex.projectId', projectId, /^[a-z0-9][a-z0-9:.-]*$/),
    region: optionalText('vertex.region', region, /^[a-z0-9-]+$/),
  };
}

function bedrockOptions(value: unknown): ResolvedOptions['bedrock'] {
  const { bearerToken, region, mintBearerToken } = objectOption('bedrock', value);
  if (mintBearerToken !== undefined && typeof mintBearerToken !== 'boolean') {
    throw invalid(`expected \`bedrock.mintBearerToken\` to be a boolean, got ${typeof mintBearerToken}`);
  }
  return {
    bearerToken: optionalText('bedrock.bearerToken', bearerToken),
    region: optionalText('bedrock.region', region, AWS_REGION_PATTERN),
    mintBearerToken: mintBearerToken === true,
  };
}

function sharedCacheOption(value: unknown, env: ReadonlyEnv): string | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return sharedCacheDir(env);
  if (typeof value === 'string' && value.trim() !== '') return value;
  throw invalid('expected `sharedCache` to be true, false or a directory path');
}

function idList(name: string, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((id) => typeof id !== 'string')) {
    throw invalid(`expected \`${name}\` to be an array of provider ids`);
  }
  return value as string[];
}

function oauthEndpoints(value: unknown): Record<string, OAuthEndpoint> {
  const endpoints: Record<string, OAuthEndpoint> = {};
  for (const [provider, raw] of Object.entries(objectOption('providers.oauth', value))) {
    if (!PROVIDER_ID_PATTERN.test(provider)) {
      throw invalid(
        `expected the keys of \`providers.oauth\` to be provider ids such as "openai", got ${JSON.stringify(provider.slice(0, 40))}`,
      );
    }
    const { tokenUrl, clientId, body } = objectOption(`providers.oauth.${provider}`, raw);
    const url = optionalText(`providers.oauth.${provider}.tokenUrl`, tokenUrl, /^https?:\/\/\S+$/);
    if (url === undefined) throw invalid(`expected \`providers.oauth.${provider}.tokenUrl\` to be an http(s) URL`);
    const problem = tokenUrlProblem(url);
    if (problem !== undefined) {
      throw invalid(
        `expected \`providers.oauth.${provider}.tokenUrl\` to be an https URL; it ${problem}. Fix: use https`,
      );
    }
    if (body !== undefined && body !== 'json' && body !== 'form') {
      throw invalid(`expected \`providers.oauth.${provider}.body\` to be 'json' or 'form'`);
    }
    const endpoint: OAuthEndpoint = { tokenUrl: url };
    const id = optionalText(`providers.oauth.${provider}.clientId`, clientId);
    if (id !== undefined) endpoint.clientId = id;
    if (body !== undefined) endpoint.body = body;
    endpoints[provider] = endpoint;
  }
  return endpoints;
}

function providersOption(value: unknown): ResolvedOptions['providers'] {
  const { enabled, disabled, oauth } = objectOption('providers', value);
  return {
    enabled: idList('providers.enabled', enabled),
    disabled: idList('providers.disabled', disabled) ?? [],
    oauth: oauthEndpoints(oauth),
  };
}

function authFileOption(value: unknown, env: ReadonlyEnv): string | undefined {
  if (value === false) return undefined;
  if (value === undefined) return authFilePath(env);
  if (typeof value === 'string' && value.trim() !== '') return value;
  throw invalid('expected `authFile` to be a path or false');
}

function helperCwdOption(value: unknown): Partial<Record<HelperSettingName, string>> {
  const folders: Partial<Record<HelperSettingName, string>> = {};
  for (const [setting, folder] of Object.entries(objectOption('helperCwd', value))) {
    const name = HELPER_SETTING_NAMES.find((known) => known === setting);
    if (name === undefined) {
      throw invalid(`expected \`helperCwd\` keys to be helper settings (${HELPER_SETTING_NAMES.join(', ')})`);
    }
    if (typeof folder !== 'string' || folder === '')
      throw invalid(`expected \`helperCwd.${name}\` to be a non-empty path`);
    folders[name] = folder;
  }
  return folders;
}

function dotenvVerifyOption(value: unknown): DotenvOptions['verify'] {
  const { verify } = objectOption('dotenv', value);
  if (verify !== undefined && typeof verify !== 'function') throw invalid('expected `dotenv.verify` to be a function');
  return verify as DotenvOptions['verify'];
}

function refreshStdinOption(value: unknown): RefreshStdin {
  if (value === undefined) return 'ignore';
  if (value === 'terminal' || value === 'ignore') return value;
  throw invalid(
    `expected \`refreshStdin\` to be 'terminal' or 'ignore', got ${typeof value === 'string' ? JSON.stringify(value) : typeof value}`,
  );
}

const defaultRefreshOutput = (chunk: string): void => {
  process.stderr.write(chunk);
};

/** Applies defaults and validates every option at construction (failures throw `INVALID_OPTION`). */
export function resolveOptions(options: CredentialHelperOptions = {}): ResolvedOptions {
  const env = options.env ?? process.env;
  if (options.cwd !== undefined && (typeof options.cwd !== 'string' || options.cwd === '')) {
    throw invalid('expected `cwd` to be a non-empty path');
  }
  if (options.onRefreshOutput !== undefined && typeof options.onRefreshOutput !== 'function') {
    throw invalid('expected `onRefreshOutput` to be a function');
  }
  if (options.onDiagnostic !== undefined && typeof options.onDiagnostic !== 'function') {
    throw invalid('expected `onDiagnostic` to be a function');
  }
  return {
    settings: validateSettings(options.settings),
    env,
    cwd: options.cwd ?? process.cwd(),
    helperCwd: helperCwdOption(options.helperCwd),
    dotenvVerify: dotenvVerifyOption(options.dotenv),
    apiKeyHelperTtlMs: msOption(
      'apiKeyHelperTtlMs',
      options.apiKeyHelperTtlMs,
      env,
      API_KEY_HELPER_TTL_VARIABLES,
      DEFAULT_API_KEY_HELPER_TTL_MS,
      true,
    ),
    bedrock: bedrockOptions(options.bedrock),
    vertex: vertexOptions(options.vertex),
    awsCredentialExportTtlMs: integerOption(
      'awsCredentialExportTtlMs',
      options.awsCredentialExportTtlMs,
      DEFAULT_AWS_CREDENTIAL_EXPORT_TTL_MS,
      false,
    ),
    helperTimeoutMs: msOption(
      'helperTimeoutMs',
      options.helperTimeoutMs,
      env,
      ['CREDHELPER_HELPER_TIMEOUT_MS'],
      DEFAULT_HELPER_TIMEOUT_MS,
      false,
      MAX_TIMEOUT_MS,
    ),
    refreshTimeoutMs: msOption(
      'refreshTimeoutMs',
      options.refreshTimeoutMs,
      env,
      ['CREDHELPER_REFRESH_TIMEOUT_MS'],
      DEFAULT_REFRESH_TIMEOUT_MS,
      false,
      MAX_TIMEOUT_MS,
    ),
    onRefreshOutput: options.onRefreshOutput ?? defaultRefreshOutput,
    refreshStdin: refreshStdinOption(options.refreshStdin),
    onDiagnostic: options.onDiagnostic,
    strictHelperStderr: booleanOption('strictHelperStderr', options.strictHelperStderr),
    refreshCooldownMs: integerOption(
      'refreshCooldownMs',
      options.refreshCooldownMs,
      DEFAULT_REFRESH_COOLDOWN_MS,
      true,
      MAX_TIMEOUT_MS,
    ),
    now: options.now ?? systemClock,
    sharedCacheDir: sharedCacheOption(options.sharedCache, env),
    authFile: authFileOption(options.authFile, env),
    providers: providersOption(options.providers),
  };
}
