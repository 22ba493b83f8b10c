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
