import type { ReadonlyEnv } from '../read-env.js';
import type { LoadedSettings } from '../settings/load-settings.js';
import type { StoreBackendKind } from '../store/keychain-ref.js';
import { keychainSecretBackend } from '../store/keychain-secret-backend.js';
import { type StoreMode, storeModeOf } from '../store/store-mode.js';

/** Where new secrets go, for `credhelper status`. Finding out unlocks nothing. */
export interface StoreReport {
  mode: StoreMode;
  /** `env:CREDHELPER_STORE`, `settings:store` or `default`. */
  from: string;
  /** Where `login` would put a secret now; `null` when that is an error (a forced keychain that does not answer). */
  newSecrets: StoreBackendKind | null;
  keychain: { available: boolean; detail: string };
}

/** The {@link StoreReport} of `env` and the settings. */
export async function storeReport(env: ReadonlyEnv, loaded: LoadedSettings): Promise<StoreReport> {
  const { mode, from } = storeModeOf(env, loaded.options.store);
  const { available, detail } = await keychainSecretBackend(env).describe();
  const newSecrets = mode === 'file' ? 'file' : available ? 'keychain' : mode === 'auto' ? 'file' : null;
  return { mode, from, newSecrets, keychain: { available, detail } };
}

/** The `status` line of a {@link StoreReport}. */
export function storeLine(report: StoreReport): string {
  const where =
    report.newSecrets === null
      ? 'nowhere: the keychain is required but does not answer (set CREDHELPER_STORE=file, or start it)'
      : report.newSecrets === 'keychain'
        ? 'the OS keychain'
        : 'auth.json (plaintext, mode 0600)';
  return `store: new secrets go to ${where} (${report.mode}, ${report.from}); keychain: ${report.keychain.detail}`;
}
