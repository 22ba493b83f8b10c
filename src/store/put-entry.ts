import type { ReadonlyEnv } from '../read-env.js';
import type { AuthData } from './auth-store.js';
import { inKeychain, keychainRefOf, sameRef } from './keychain-ref.js';
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
 * a crash before leaves the secret readable where the file says. Returns a note when the item
 * could not be deleted (it is no longer used: harmless, but worth removing), else `undefined`.
 */
export async function releaseReplaced(
  replaced: unknown,
  current: unknown,
  env: ReadonlyEnv,
): Promise<string | undefined> {
  if (!inKeychain(replaced)) return undefined;
  const ref = keychainRefOf(replaced);
  if (ref === undefined || sameRef(ref, keychainRefOf(current))) return undefined;
  try {
    await backendOfEntry(replaced, env).remove(replaced);
    return undefined;
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'error';
    return (
      `the keychain item ${ref.service}/${ref.account} is no longer used but could not be deleted (${code}); ` +
      `remove it with \`secret-tool clear service ${ref.service} username ${ref.account}\` (Linux) or Keychain Access (macOS).`
    );
  }
}
