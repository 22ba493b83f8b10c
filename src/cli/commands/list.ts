import { envValue } from '../../chain/source-context.js';
import { plural } from '../../plural.js';
import { readDotenv } from '../../providers/dotenv-file.js';
import { PROVIDERS, providerInfo } from '../../providers/provider-table.js';
import { readsProjectDotenv } from '../../providers/reads-project-dotenv.js';
import { isDateMs } from '../../schemas/valid-date.js';
import { entryIds, parseEntryId, rawType } from '../../store/auth-entries.js';
import { entryBackend, type StoreBackendKind } from '../../store/keychain-ref.js';
import type { GlobalOptions } from '../cli-context.js';
import { formatTable } from '../render.js';
import { storeContext } from '../store-context.js';
import { unreadDotenvNote } from '../unread-dotenv.js';
import type { CommandResult } from './command-result.js';

/** One stored credential as `list` shows it: never the secret. */
export interface ListedCredential {
  id: string;
  provider: string;
  profile?: string;
  type: string;
  /** Where its secret is: `keychain` or `file` (read from auth.json: nothing is unlocked to list). */
  store: StoreBackendKind;
  expiresAt?: string;
  expired?: boolean;
}

/** A provider variable set in the environment or the project's `.env`, as `list` shows it (name only). */
export interface ListedVariable {
  provider: string;
  variable: string;
  where: 'env' | '.env';
  /** `false`: set in `.env`, which this provider's precedence does not read (`ANTHROPIC_API_KEY`). */
  read: boolean;
}

/**
 * `credhelper list` (`ls`): the credentials in `auth.json` by type (expiry where known), then the
 * provider variables that are set in the environment or the project's `.env` (names only); a
 * `.env` variable that the provider's precedence never reads is marked so, with the fix.
 */
export async function list(globals: GlobalOptions): Promise<CommandResult> {
  const { store, env } = await storeContext(globals);
  const data = store.read();
  const now = Date.now();
  const credentials: ListedCredential[] = entryIds(data).map((id) => {
    const { provider, profile } = parseEntryId(id) ?? { provider: id };
    const entry = data[id] as { expires?: unknown };
    const listed: ListedCredential = { id, provider, type: rawType(entry) ?? 'invalid', store: entryBackend(entry) };
    if (profile !== undefined) listed.profile = profile;
    if (typeof entry?.expires === 'number' && isDateMs(entry.expires)) {
      listed.expiresAt = new Date(entry.expires).toISOString();
      listed.expired = entry.expires <= now;
    }
    return listed;
  });
  let dotenv: Record<string, string> | undefined;
  try {
    dotenv = readDotenv(process.cwd());
  } catch {
    dotenv = undefined;
  }
  const environment: ListedVariable[] = [];
  for (const provider of PROVIDERS) {
    for (const variable of provider.keyVariables) {
      if (envValue(env, variable) !== undefined) {
        environment.push({ provider: provider.id, variable, where: 'env', read: true });
      } else if (dotenv !== undefined && envValue(dotenv, variable) !== undefined) {
        environment.push({ provider: provider.id, variable, where: '.env', read: readsProjectDotenv(provider.id) });
      }
    }
  }
  const unread = environment.filter((e) => !e.read);
  const indented = (table: string[][]): string[] =>
    formatTable(table)
      .split('\n')
      .map((line) => `  ${line}`);
  const lines = [
    `Credentials in ${store.path}`,
    ...(credentials.length === 0
      ? []
      : indented([
          ['ID', 'PROVIDER', 'TYPE', 'STORE', 'EXPIRES'],
          ...credentials.map((c) => [
            c.id,
            providerInfo(c.provider).name,
            c.type,
            c.store,
            c.expiresAt === undefined ? '-' : `${c.expiresAt}${c.expired === true ? ' (expired)' : ''}`,
          ]),
        ])),
    plural(credentials.length, 'credential'),
    '',
    'Environment (names only)',
    ...(environment.length === 0
      ? []
      : indented([
          ['VARIABLE', 'PROVIDER', 'FROM'],
          ...environment.map((e) => [
            e.variable,
            providerInfo(e.provider).name,
            e.read ? e.where : `${e.where} (not read)`,
          ]),
        ])),
    plural(environment.length, 'environment variable'),
    ...unread.map(unreadDotenvNote),
  ];
  return { data: { file: store.path, credentials, environment }, lines };
}
