import { CredentialHelperError, isCredentialHelperError } from '../errors.js';
import type { ReadonlyEnv } from '../read-env.js';
import type { SecretRegistry } from '../redact.js';
import type { AuthEntry } from '../schemas/auth-file.js';
import { validEntry } from './auth-entries.js';
import type { AuthData } from './auth-store.js';
import { entrySecrets } from './entry-secrets.js';
import { inKeychain, keychainRefOf } from './keychain-ref.js';
import { backendOfEntry } from './store-mode.js';

/**
 * The validated entry `id` of `data` with its secrets, wherever they live: inline, or read from
 * the keychain item the entry refers to. `STORE_CORRUPT` when malformed (or its item is missing);
 * `KEYCHAIN_LOCKED` / `KEYCHAIN_UNAVAILABLE` when its item cannot be read here (never skipped: a
 * keychain entry is not lost because this run has no keychain). The secrets read are added to `secrets`.
 */
export async function openEntry(
  data: AuthData,
  id: string,
  file: string,
  env: ReadonlyEnv,
  secrets?: SecretRegistry,
): Promise<AuthEntry> {
  const raw = Object.hasOwn(data, id) ? data[id] : undefined;
  if (!inKeychain(raw)) return validEntry(data, id, file);
  const loaded = await backendOfEntry(raw, env).load(id, raw as Record<string, unknown>, file);
  for (const secret of entrySecrets(loaded)) secrets?.add(secret);
  try {
    return await validEntry({ [id]: loaded }, id, file);
  } catch (error) {
    // Its secret fields came from the item: say so, or the person looks for them in auth.json.
    const ref = keychainRefOf(raw);
    if (!isCredentialHelperError(error) || error.code !== 'STORE_CORRUPT' || ref === undefined) throw error;
    throw new CredentialHelperError(
      'STORE_CORRUPT',
      `${error.message.replace(/^\[credhelper\] /, '').replace(/ Fix:.*$/, '')} Its secret fields come from the keychain item (service ${ref.service}, account ${ref.account}). ` +
        `Fix: \`credhelper logout ${id.replace(':', ' --profile ')}\` and log in again.`,
      {
        setting: file,
        ...(error.details.issuePaths === undefined ? {} : { issuePaths: error.details.issuePaths }),
        cause: error,
      },
    );
  }
}
