import { envValue } from '../chain/source-context.js';
import { readDotenvFile } from '../providers/dotenv-file.js';
import { PROVIDERS } from '../providers/provider-table.js';
import { readsProjectDotenv } from '../providers/reads-project-dotenv.js';
import { sha256Of } from './referenced-files.js';

/** The project `.env` as trust sees it: what credhelper would read from it, never the values. */
export interface ProjectDotenv {
  path: string;
  sha256: string;
  /** The provider variables it sets (keys and endpoints), in table order. Names only. */
  variables: string[];
}

/**
 * The provider variables (keys and their endpoint variables) set in `variables`, in table order:
 * only those a `.env` supplies (not `ANTHROPIC_API_KEY`: see `readsProjectDotenv`).
 */
export function providerVariablesIn(variables: Readonly<Record<string, string>>): string[] {
  const names = PROVIDERS.filter((provider) => readsProjectDotenv(provider.id)).flatMap((provider) => [
    ...provider.keyVariables,
    ...(provider.configVariables ?? []),
  ]);
  return [...new Set(names)].filter((name) => envValue(variables, name) !== undefined);
}

/**
 * The `.env` in `cwd` when it sets a variable credhelper reads (a provider's key or endpoint),
 * else `undefined`: a `.env` that only configures the project's own code is not credhelper's to trust.
 */
export function projectDotenv(cwd: string): ProjectDotenv | undefined {
  const file = readDotenvFile(cwd);
  if (file === undefined) return undefined;
  const variables = providerVariablesIn(file.variables);
  return variables.length === 0 ? undefined : { path: file.path, sha256: sha256Of(file.text), variables };
}
