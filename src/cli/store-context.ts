import type { ReadonlyEnv } from '../chain/source-context.js';
import { credentialTextProblem } from '../credential-text-problem.js';
import { PROVIDERS, type ProviderInfo } from '../providers/provider-table.js';
import { type LoadedSettings, loadSettings } from '../settings/load-settings.js';
import { assertProjectTrusted } from '../settings/project-trust.js';
import { entryId, PROFILE_PATTERN, PROVIDER_ID_PATTERN } from '../store/auth-entries.js';
import { AuthStore } from '../store/auth-store.js';
import { authFilePath } from '../store/data-dir.js';
import type { GlobalOptions } from './cli-context.js';
import { warnAboutSettings } from './settings-files-report.js';

/** What the store commands (`login`, `list`, `logout`, `paste-token`, `auth order`, `import`) work with. */
export interface StoreContext {
  store: AuthStore;
  env: ReadonlyEnv;
  loaded: LoadedSettings;
  /** The providers the settings allow, in table order. */
  providers: ProviderInfo[];
}

/**
 * Loads the settings (for `enabledProviders` / `disabledProviders`) and opens the store. Runs
 * nothing. The settings resolve as for every other command (see `cliContext`): a project's
 * variables are refused until trusted, and the files' `env` (e.g. `CREDHELPER_AUTH_FILE`) applies.
 */
export async function storeContext(globals: GlobalOptions): Promise<StoreContext> {
  const loaded = await loadSettings({
    cwd: process.cwd(),
    env: process.env,
    settingsFile: globals.settings,
    claude: globals.claude,
  });
  warnAboutSettings(loaded);
  await assertProjectTrusted(loaded, process.env);
  const env: ReadonlyEnv = { ...process.env, ...loaded.env };
  return {
    store: new AuthStore(authFilePath(env)),
    env,
    loaded,
    providers: PROVIDERS.filter((provider) => providerAllowed(loaded, provider.id) === undefined),
  };
}

/** Why `id` may not be used (a usage problem), or `undefined` when it may. */
export function providerAllowed(loaded: LoadedSettings, id: string): string | undefined {
  if (!PROVIDER_ID_PATTERN.test(id)) {
    return `expected a provider id (lower-case letters, digits and -), got ${JSON.stringify(id)}`;
  }
  const { enabled, disabled } = loaded.providers;
  if (disabled?.includes(id) === true) return `provider ${id} is turned off by disabledProviders`;
  if (enabled !== undefined && !enabled.includes(id)) return `provider ${id} is not in enabledProviders`;
  return undefined;
}

/** The entry id for `--provider` and `--profile`, or a usage problem. */
export function entryIdOf(
  loaded: LoadedSettings,
  provider: string,
  profile: string | undefined,
): { id: string } | { usageError: string } {
  const problem = providerAllowed(loaded, provider);
  if (problem !== undefined) return { usageError: problem };
  if (profile !== undefined && !PROFILE_PATTERN.test(profile)) {
    return { usageError: `expected --profile to be a name like "work", got ${JSON.stringify(profile)}` };
  }
  return { id: entryId(provider, profile) };
}

/** Standard input as text, at most `limit` bytes (a key is small; a runaway pipe is refused). */
export async function readStdin(limit = 64 * 1024): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A secret from standard input (`--stdin`) or, on a terminal, from a masked prompt (never from
 * argv, where other users' `ps` would see it). Returns the trimmed secret, or a usage problem (never the secret in it).
 */
export async function readSecret(options: {
  stdin: boolean;
  message: string;
  what: string;
}): Promise<{ secret: string } | { usageError: string } | { cancelled: true }> {
  if (!options.stdin && process.stdin.isTTY !== true) {
    return { usageError: `no terminal to ask for the ${options.what}: pipe it in and pass --stdin` };
  }
  if (options.stdin) {
    const text = await readStdin();
    if (text === undefined) return { usageError: `${options.what} on standard input is larger than 64 KiB` };
    const secret = text.trim();
    if (secret === '') return { usageError: `no ${options.what} on standard input (pipe it in: … | credhelper …)` };
    if (/[\r\n]/.test(secret)) return { usageError: `expected one line on standard input, got several` };
    const problem = credentialTextProblem(secret);
    if (problem !== undefined) return { usageError: `the ${options.what} on standard input is not usable: ${problem}` };
    return { secret };
  }
  const prompts = await import('@clack/prompts');
  const value = await prompts.password({
    message: options.message,
    mask: '•',
    output: process.stderr,
    validate: (text) =>
      text === undefined || text.trim() === '' ? `the ${options.what} is empty` : credentialTextProblem(text),
  });
  if (prompts.isCancel(value)) return { cancelled: true };
  return { secret: value.trim() };
}
