import type { ReadonlyEnv } from '../read-env.js';
import type { SecretRegistry } from '../redact.js';
import type { AuthEntry } from '../schemas/auth-file.js';
import { validEntry } from './auth-entries.js';
import type { AuthData } from './auth-store.js';
import { entrySecrets } from './entry-secrets.js';
import { inKeychain } from './keychain-ref.js';
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
  return validEntry({ [id]: loaded }, id, file);
}
