import type { ReadonlyEnv } from '../read-env.js';
import { entryIds } from './auth-entries.js';
import type { AuthData, AuthStore } from './auth-store.js';
import { inKeychain, keychainRefOf, ownedBy, sameRef } from './keychain-ref.js';
import type { SecretBackend } from './secret-backend.js';
import { backendOfEntry } from './store-mode.js';

/**
 * Sets entry `id` of `data` (inside `AuthStore.update`) to `entry`, its secrets in `backend`
 * (a keychain item is written and read back before `data` changes). Returns the raw entry it
 * replaced: pass it to {@link releaseReplaced} once the file is written.
 */
export async function putEntry(
  data: AuthData,
  id: string,
  entry: Record<string, unknown>,
  backend: SecretBackend,
  file: string,
): Promise<unknown> {
  const previous = Object.hasOwn(data, id) ? data[id] : undefined;
  data[id] = await backend.save(id, entry, file, previous);
  return previous;
}

/**
 * After `auth.json` was rewritten: deletes the keychain item of `replaced` when the entry that
 * took its place (`current`, or nothing after a logout) no longer refers to it. Only then, so that
 * a crash before leaves the secret readable where the file says; and under the store lock, only
 * when no entry of the file refers to it by then (another process may have logged in again as the
 * same entry, into the same item, since this one wrote the file). An item another file wrote (the
 * entry came with a copied or moved `auth.json`) is kept: the other copy may still use it. Returns
 * a note when the item is kept or could not be deleted (it is no longer used here: harmless, but
 * worth removing), else `undefined`.
 */
export async function releaseReplaced(
  replaced: unknown,
  current: unknown,
  env: ReadonlyEnv,
  store: AuthStore,
): Promise<string | undefined> {
  if (!inKeychain(replaced)) return undefined;
  const ref = keychainRefOf(replaced);
  if (ref === undefined || sameRef(ref, keychainRefOf(current))) return undefined;
  const removal = `\`secret-tool clear service ${ref.service} username ${ref.account}\` (Linux) or Keychain Access (macOS)`;
  if (!ownedBy(ref, store.path)) {
    return (
      `the keychain item ${ref.service}/${ref.account} was not deleted: ${store.path} did not write it (the entry came with another copy of auth.json, which may still use it); ` +
      `once no copy needs it, remove it with ${removal}.`
    );
  }
  try {
    await store.update(async (data) => {
      if (entryIds(data).some((id) => sameRef(ref, keychainRefOf(data[id])))) return;
      await backendOfEntry(replaced, env).remove(replaced);
    });
    return undefined;
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'error';
    return `the keychain item ${ref.service}/${ref.account} is no longer used but could not be deleted (${code}); remove it with ${removal}.`;
  }
}
