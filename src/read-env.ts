import { homedir } from 'node:os';

/** The read-only environment credhelper resolves from. Never written. */
export type ReadonlyEnv = Readonly<Record<string, string | undefined>>;

/** The value of `name` in `env`, trimmed; empty or whitespace-only counts as unset. */
export function envValue(env: ReadonlyEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** The user's home directory: `HOME` from `env`, else the operating system's answer. */
export function homeDir(env: ReadonlyEnv): string {
  return env.HOME?.trim() || homedir();
}
