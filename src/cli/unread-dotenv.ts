import { envValue, type ReadonlyEnv } from '../chain/source-context.js';
import { readDotenv } from '../providers/dotenv-file.js';
import { PROVIDERS, providerInfo } from '../providers/provider-table.js';
import { readsProjectDotenv } from '../providers/reads-project-dotenv.js';

/** Credential variables beyond the provider table's key variables that a `.env` may hold in vain. */
const ALSO_UNREAD: Readonly<Record<string, readonly string[]>> = {
  anthropic: ['ANTHROPIC_AUTH_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN'],
};

/** A key variable set in the project's `.env` that its provider's precedence never reads. */
export interface UnreadDotenvVariable {
  provider: string;
  variable: string;
}

/**
 * The key variables set in `cwd`'s `.env` (and not in `env`) whose provider never reads a `.env`
 * (`ANTHROPIC_API_KEY`, `ANTHROPIC_AUTH_TOKEN`, `CLAUDE_CODE_OAUTH_TOKEN`; see `readsProjectDotenv`),
 * for `status`. Names only; an
 * unreadable `.env` gives none (the commands that read it report it).
 */
export function unreadDotenvVariables(env: ReadonlyEnv, cwd: string): UnreadDotenvVariable[] {
  let dotenv: Record<string, string> | undefined;
  try {
    dotenv = readDotenv(cwd);
  } catch {
    dotenv = undefined;
  }
  if (dotenv === undefined) return [];
  const found: UnreadDotenvVariable[] = [];
  for (const provider of PROVIDERS) {
    if (readsProjectDotenv(provider.id)) continue;
    for (const variable of [...provider.keyVariables, ...(ALSO_UNREAD[provider.id] ?? [])]) {
      if (envValue(env, variable) === undefined && envValue(dotenv, variable) !== undefined) {
        found.push({ provider: provider.id, variable });
      }
    }
  }
  return found;
}

/** The note for one {@link UnreadDotenvVariable}: why it is not used, and the fix. */
export function unreadDotenvNote({ provider, variable }: UnreadDotenvVariable): string {
  return (
    `note: ${variable} in .env is not read: ${providerInfo(provider).name} credentials come from the environment, apiKeyHelper or the store, never from a .env. ` +
    `Fix: set it in the environment, or \`credhelper login ${provider}\`.`
  );
}
