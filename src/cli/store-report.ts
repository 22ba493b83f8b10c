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
  keychain: { available: boolean; detail: string; locked?: boolean };
}

/**
 * The {@link StoreReport} of `env` and the settings. `seenLocked`: reading an entry's item failed
 * with `KEYCHAIN_LOCKED` in this run (the probe cannot tell: a look-up of a missing item answers
 * even when locked), so the keychain is reported locked and a login would fail until it is unlocked.
 */
export async function storeReport(env: ReadonlyEnv, loaded: LoadedSettings, seenLocked = false): Promise<StoreReport> {
  const { mode, from } = storeModeOf(env, loaded.options.store);
  const { available, detail } = await keychainSecretBackend(env).describe();
  const locked = available && seenLocked;
  const newSecrets =
    mode === 'file' ? 'file' : locked ? null : available ? 'keychain' : mode === 'auto' ? 'file' : null;
  const keychain = locked
    ? { available, detail: `${detail}, but it is locked: a stored entry could not be read`, locked }
    : { available, detail };
  return { mode, from, newSecrets, keychain };
}

/** The `status` line of a {@link StoreReport}. */
export function storeLine(report: StoreReport): string {
  const where =
    report.newSecrets === null
      ? report.keychain.locked === true
        ? 'the OS keychain, which is locked: a login fails until it is unlocked (or set CREDHELPER_STORE=file)'
        : 'no store: the keychain is required but does not answer (start it, or set CREDHELPER_STORE=file)'
      : report.newSecrets === 'keychain'
        ? 'the OS keychain'
        : 'auth.json (plaintext, mode 0600)';
  return `store: new secrets go to ${where} (${report.mode}, ${report.from}); keychain: ${report.keychain.detail}`;
}
