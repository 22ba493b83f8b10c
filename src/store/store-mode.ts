import { CredentialHelperError } from '../errors.js';
import type { ReadonlyEnv } from '../read-env.js';
import { fileSecretBackend } from './file-secret-backend.js';
import { HEADLESS_UNLOCK_COMMAND, keychainName } from './keychain-binding.js';
import { probeKeychain } from './keychain-probe.js';
import { inKeychain } from './keychain-ref.js';
import { keychainSecretBackend } from './keychain-secret-backend.js';
import type { SecretBackend } from './secret-backend.js';

/** Where new secrets go: `auto` (the keychain when one answers, else the file), `keychain` or `file`. */
export type StoreMode = 'auto' | 'keychain' | 'file';

/** The accepted values of `CREDHELPER_STORE` and of the `store` setting. */
export const STORE_MODES: readonly StoreMode[] = ['auto', 'keychain', 'file'];

/**
 * The store mode: `CREDHELPER_STORE` (a variable, also from a settings file's `env`), else the
 * `store` setting, else `auto`. An unknown value of the variable is `INVALID_OPTION`.
 */
export function storeModeOf(env: ReadonlyEnv, setting?: StoreMode): { mode: StoreMode; from: string } {
  const value = env.CREDHELPER_STORE?.trim() ?? '';
  if (value !== '') {
    if (!(STORE_MODES as readonly string[]).includes(value)) {
      throw new CredentialHelperError(
        'INVALID_OPTION',
        `expected CREDHELPER_STORE to be auto, keychain or file, got ${JSON.stringify(value.slice(0, 40))}`,
        { setting: 'CREDHELPER_STORE' },
      );
    }
    return { mode: value as StoreMode, from: 'env:CREDHELPER_STORE' };
  }
  return setting === undefined ? { mode: 'auto', from: 'default' } : { mode: setting, from: 'settings:store' };
}

/** The backend that holds a raw entry's secrets (the keychain when it refers to an item). */
export function backendOfEntry(raw: unknown, env: ReadonlyEnv): SecretBackend {
  return inKeychain(raw) ? keychainSecretBackend(env) : fileSecretBackend;
}

/**
 * The backend new secrets go to in `mode`. `auto`: the keychain when it can take a secret
 * without a person (see `probeKeychain`: it answers, and its default keyring is there and
 * unlocked), else the file (0600), so that `login` never stops at an unlock nobody can answer.
 * `keychain`: the keychain when it answers (a locked one then fails the write with
 * `KEYCHAIN_LOCKED` naming the unlock command, or shows its prompt on a desktop), or
 * `KEYCHAIN_UNAVAILABLE` naming the fix when it does not answer (never plaintext instead).
 */
export async function backendForNewSecrets(
  mode: StoreMode,
  env: ReadonlyEnv,
  /** Why the keychain is needed, for the error (default: the store setting). */
  why = 'the store is set to the keychain (CREDHELPER_STORE or "store": "keychain")',
): Promise<SecretBackend> {
  if (mode === 'file') return fileSecretBackend;
  const status = await probeKeychain(env);
  if (mode === 'auto') return status.writable ? keychainSecretBackend(env) : fileSecretBackend;
  if (status.available) return keychainSecretBackend(env);
  const fallbackFix = why.startsWith('the store is set') ? ', or set CREDHELPER_STORE=file' : '';
  throw new CredentialHelperError(
    'KEYCHAIN_UNAVAILABLE',
    `${why}, but ${keychainName()} does not answer: ${status.detail}; nothing was written. ` +
      `Fix: start it (a desktop session; without one, \`${HEADLESS_UNLOCK_COMMAND}\` with the keyring's password on its standard input, inside a D-Bus session)${fallbackFix}.`,
    { setting: 'CREDHELPER_STORE' },
  );
}
