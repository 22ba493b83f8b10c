import { sharedCacheDir } from '../cache/shared-store.js';
import type { ReadonlyEnv } from '../chain/source-context.js';
import { type CredentialHelper, createCredentialHelper } from '../credentials/create-credential-helper.js';
import { type LoadedSettings, loadSettings } from '../settings/load-settings.js';
import { helperCwds } from '../settings/project-root.js';
import { assertDotenvTrusted, assertProjectTrusted } from '../settings/project-trust.js';
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

/** What a command works with: the merged settings, the environment and a credential helper. */
export interface CliContext {
  loaded: LoadedSettings;
  /** `process.env` with the settings files' `env` applied on top. Never written back. */
  env: ReadonlyEnv;
  creds: CredentialHelper;
}

/**
 * Refuses to run nested (`HELPER_RECURSION`: started by another credhelper's helper or
 * `credential_process`), loads the settings files, refuses untrusted project commands (and, when a
 * value from it would be used, an untrusted `.env`), and creates the credential helper.
 * Refresh commands (`awsAuthRefresh`, `gcpAuthRefresh`) are left out unless `refresh` is true, so
 * that no browser login starts from a status check. Their output goes to stderr, never stdout.
 */
export async function cliContext(
  globals: GlobalOptions,
  { refresh, envOverrides = {} }: { refresh: boolean; envOverrides?: Record<string, string> },
): Promise<CliContext> {
  refuseNestedCall(); // first: a nested run would wait on its parent's locks, then loop
  const cwd = process.cwd();
  const loaded = await loadSettings({ cwd, env: process.env, settingsFile: globals.settings, claude: globals.claude });
  warnAboutSettings(loaded);
  await assertProjectTrusted(loaded, process.env, cwd);
  const env: ReadonlyEnv = { ...process.env, ...loaded.env, ...envOverrides };
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
  });
  return { loaded, env, creds };
}
