import { HEADLESS_UNLOCK_COMMAND } from '../store/keychain-binding.js';
import { probeKeychain } from '../store/keychain-probe.js';
import type { SecretBackend } from '../store/secret-backend.js';
import { backendForNewSecrets, storeModeOf } from '../store/store-mode.js';
import type { StoreContext } from './store-context.js';

/**
 * Where `login`, `paste-token` and `import` put new secrets: `CREDHELPER_STORE`, else the `store`
 * setting, else the keychain when one answers (else auth.json). Asked before any secret is read,
 * so that a forced keychain that is not there fails before the person types a key.
 */
export async function newEntryBackend(context: StoreContext): Promise<SecretBackend> {
  return backendForNewSecrets(storeModeOf(context.env, context.loaded.options.store).mode, context.env);
}

/** Where a backend keeps secrets, for a command's output line. */
export function backendWhere(backend: SecretBackend, file: string): string {
  return backend.kind === 'keychain' ? `the OS keychain (the entry in ${file})` : file;
}

/**
 * A note for `login` / `import` when `auto` put secrets in plaintext although a D-Bus session is
 * there (its keychain did not answer in time, or cannot take a secret without a person: locked,
 * or no default keyring): the person may have expected the keychain.
 * `undefined` when the file was asked for, or when there is no session bus at all (CI, containers).
 */
export async function plaintextNote(context: StoreContext, backend: SecretBackend): Promise<string | undefined> {
  if (backend.kind !== 'file') return undefined;
  if (storeModeOf(context.env, context.loaded.options.store).mode !== 'auto') return undefined;
  if ((context.env.DBUS_SESSION_BUS_ADDRESS?.trim() ?? '') === '') return undefined;
  const status = await probeKeychain(context.env);
  if (status.writable) return undefined;
  const fix = status.available
    ? `unlock it (without a desktop: \`${HEADLESS_UNLOCK_COMMAND}\` with the keyring's password on its standard input, which also creates the keyring) and run \`credhelper store migrate\``
    : 'start the keychain and run `credhelper store migrate`';
  return (
    `${status.detail}, so this went to auth.json in plaintext (mode 0600). ` +
    `Set CREDHELPER_STORE=file to keep it there without this note, or ${fix}.`
  );
}
