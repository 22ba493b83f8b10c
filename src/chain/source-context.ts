import { homedir } from 'node:os';
import type { Clock } from '../cache/clock.js';
import type { SharedStore } from '../cache/shared-store.js';
import type { SecretRegistry } from '../redact.js';
import type { AuthStore } from '../store/auth-store.js';

/** The read-only environment credhelper resolves from. Never written. */
export type ReadonlyEnv = Readonly<Record<string, string | undefined>>;

/** What every source factory is given by `createCredentialHelper`. */
export interface SourceContext {
  env: ReadonlyEnv;
  cwd: string;
  /** Where each helper setting runs, when not in `cwd` (a project file's helpers run in its project root). */
  helperCwd?: Readonly<Partial<Record<string, string>>>;
  now: Clock;
  /** Every secret seen so far, for redaction. */
  secrets: SecretRegistry;
  /** Files shared by the user's processes, when the shared cache is on. */
  sharedStore?: SharedStore;
  /** The credential file (`auth.json`), unless turned off. */
  authStore?: AuthStore;
}

/** The folder `setting`'s command runs in: its own entry in `context.helperCwd`, else `context.cwd`. */
export function helperCwdOf(context: SourceContext, setting: string): string {
  return context.helperCwd?.[setting] ?? context.cwd;
}

/** The value of `name` in `env`, trimmed; empty or whitespace-only counts as unset. */
export function envValue(env: ReadonlyEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** The user's home directory: `HOME` from `env`, else the operating system's answer. */
export function homeDir(env: ReadonlyEnv): string {
  return env.HOME?.trim() || homedir();
}
