import { sharedCacheDir } from '../cache/shared-store.js';
import type { ReadonlyEnv } from '../chain/source-context.js';
import { type CredentialHelper, createCredentialHelper } from '../credentials/create-credential-helper.js';
import { type CredentialHelperError, isCredentialHelperError } from '../errors.js';
import { type LoadedSettings, loadSettings } from '../settings/load-settings.js';
import { helperCwds } from '../settings/project-root.js';
import { assertDotenvTrusted, assertProjectTrusted } from '../settings/project-trust.js';
import { type ProjectCommand, projectCommands } from '../settings/trust-subject.js';
import { cliDiagnostic } from './cli-diagnostics.js';
import { refuseNestedCall } from './nested-call.js';
import { relayRefreshOutput } from './refresh-output.js';
import { warnAboutSettings } from './settings-files-report.js';

/** Options every command takes. */
export interface GlobalOptions {
  /** `--settings FILE`. */
  settings?: string;
  /** `--claude`: also read Claude Code's settings files. */
  claude?: boolean;
}

/** The shared cache directory the CLI uses: `CREDHELPER_CACHE_DIR`, else the default. */
export function cliCacheDir(env: ReadonlyEnv): string {
  return env.CREDHELPER_CACHE_DIR?.trim() || sharedCacheDir(env);
}

/** {@link cliCacheDir}, or `undefined` when `CREDHELPER_SHARED_CACHE=0` turns the shared cache off. */
export function cliSharedCacheDir(env: ReadonlyEnv): string | undefined {
  return env.CREDHELPER_SHARED_CACHE?.trim() === '0' ? undefined : cliCacheDir(env);
}

/**
 * Tells the launcher's user code cache (scripts/cli-user-code-cache.cjs, `RUN_SHARED_CACHE_DIR`)
 * where this run keeps its shared cache after the settings files' `env` (`undefined`: off), so
 * that it writes a code cache only there.
 */
function publishSharedCacheDir(dir: string | undefined): void {
  (globalThis as Record<symbol, unknown>)[Symbol.for('credhelper.cli.sharedCacheDir')] = dir ?? null;
}

/** What a command works with: the merged settings, the environment and a credential helper. */
export interface CliContext {
  loaded: LoadedSettings;
  /** `process.env` with the settings files' `env` applied on top. Never written back. */
  env: ReadonlyEnv;
  creds: CredentialHelper;
  /**
   * With `untrusted: 'skip'` only: the project's settings are not trusted (yet, or since a change),
   * so `loaded` holds the user's own files alone; `error` is the `PROJECT_UNTRUSTED` refusal and
   * `commands` what the project would set (names only are shown).
   */
  untrusted?: { error: CredentialHelperError; commands: ProjectCommand[]; projectRoot?: string };
}

/**
 * Refuses to run nested (`HELPER_RECURSION`: started by another credhelper's helper or
 * `credential_process`), loads the settings files, refuses untrusted project commands (and, when a
 * value from it would be used, an untrusted `.env`), and creates the credential helper. With
 * `untrusted: 'skip'`, untrusted project files are left out instead, and said in `untrusted`.
 * Refresh commands (`awsAuthRefresh`, `gcpAuthRefresh`) are left out unless `refresh` is true, so
 * that no browser login starts from a status check. Their output goes to stderr, never stdout.
 */
export async function cliContext(
  globals: GlobalOptions,
  {
    refresh,
    envOverrides = {},
    untrusted: onUntrusted = 'throw',
    mintBedrockBearer = false,
  }: {
    refresh: boolean;
    envOverrides?: Record<string, string>;
    untrusted?: 'throw' | 'skip';
    /** `get bedrock --bearer` / `exec --bedrock-bearer`: Bedrock SigV4 credentials become a minted API key. */
    mintBedrockBearer?: boolean;
  },
): Promise<CliContext> {
  refuseNestedCall(); // first: a nested run would wait on its parent's locks, then loop
  const cwd = process.cwd();
  const options = { cwd, env: process.env, settingsFile: globals.settings, claude: globals.claude };
  let loaded = await loadSettings(options);
  warnAboutSettings(loaded);
  let untrusted: CliContext['untrusted'];
  try {
    await assertProjectTrusted(loaded, process.env, cwd);
  } catch (error) {
    if (onUntrusted !== 'skip' || !isCredentialHelperError(error) || error.code !== 'PROJECT_UNTRUSTED') throw error;
    untrusted = { error, commands: projectCommands(loaded) };
    if (loaded.projectRoot !== undefined) untrusted.projectRoot = loaded.projectRoot;
    loaded = await loadSettings({ ...options, skipProject: true });
  }
  const env: ReadonlyEnv = { ...process.env, ...loaded.env, ...envOverrides };
  publishSharedCacheDir(cliSharedCacheDir(env));
  const settings = { ...loaded.settings };
  if (!refresh) {
    delete settings.awsAuthRefresh;
    delete settings.gcpAuthRefresh;
  }
  const creds = createCredentialHelper({
    settings,
    env,
    cwd,
    // A project file's helpers run in its project root; the user's own in the current folder.
    helperCwd: helperCwds(loaded),
    // The project's `.env` is project content: used only when trusted as it is.
    dotenv: { verify: (file) => assertDotenvTrusted(loaded, process.env, cwd, file) },
    // On by default in the CLI: N agent processes starting at once run a helper once.
    sharedCache: cliSharedCacheDir(env) ?? false,
    providers: loaded.providers,
    onRefreshOutput: relayRefreshOutput,
    onDiagnostic: cliDiagnostic,
    refreshStdin: 'terminal',
    ...loaded.options,
    ...(mintBedrockBearer ? { bedrock: { mintBearerToken: true } } : {}),
  });
  return untrusted === undefined ? { loaded, env, creds } : { loaded, env, creds, untrusted };
}
