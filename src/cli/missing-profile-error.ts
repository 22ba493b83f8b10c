import type { ReadonlyEnv } from '../chain/source-context.js';
import { CredentialHelperError, isCredentialHelperError } from '../errors.js';
import { printable } from '../printable.js';
import { entryId, orderedEntryIds } from '../store/auth-entries.js';
import { AuthStore } from '../store/auth-store.js';
import { authFilePath } from '../store/data-dir.js';

/**
 * `get <provider> --profile NAME` for an entry that is not stored: the resolution only says "no
 * credentials found … Tried: store:openai:NAME. Fix: set one of them". This names the entry, the
 * store file, the entries the provider does have, and how to store the missing one (ids only, never
 * a value). Any other error, or a store that cannot be read (it reports itself), is returned as is.
 */
export function missingProfileError(error: unknown, provider: string, profile: string, env: ReadonlyEnv): unknown {
  if (!isCredentialHelperError(error) || error.code !== 'CREDENTIALS_NOT_FOUND') return error;
  const store = new AuthStore(authFilePath(env));
  let stored: string[];
  try {
    stored = orderedEntryIds(store.read(), provider);
  } catch {
    return error;
  }
  const id = entryId(provider, profile);
  if (stored.includes(id)) return error;
  const there =
    stored.length === 0
      ? `nothing is stored for ${printable(provider)}). Fix: `
      : `stored for ${printable(provider)}: ${stored.map((other) => printable(other)).join(', ')}). ` +
        'Fix: pass one of those with --profile, or ';
  return new CredentialHelperError(
    'CREDENTIALS_NOT_FOUND',
    `${printable(id)} is not stored in ${printable(store.path)} (${there}` +
      `store it: credhelper login ${printable(provider)} --profile ${printable(profile)} (a token: paste-token)`,
    { ...error.details, cause: error },
  );
}
