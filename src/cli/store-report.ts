import type { ReadonlyEnv } from '../read-env.js';
import type { LoadedSettings } from '../settings/load-settings.js';
import { probeKeychain } from '../store/keychain-probe.js';
import type { StoreBackendKind } from '../store/keychain-ref.js';
import { type StoreMode, storeModeOf } from '../store/store-mode.js';

/** Where new secrets go, for `credhelper status`. Finding out unlocks nothing. */
export interface StoreReport {
  mode: StoreMode;
  /** `env:CREDHELPER_STORE`, `settings:store` or `default`. */
  from: string;
  /**
   * Where `login` would put a secret now (the same choice as `backendForNewSecrets`); `null` when
   * that is an error: a forced keychain that does not answer, or that cannot take it without an unlock.
   */
  newSecrets: StoreBackendKind | null;
  keychain: { available: boolean; writable: boolean; detail: string; locked?: boolean };
}

/**
 * The {@link StoreReport} of `env` and the settings: `auto` names the file when the keychain
 * cannot take a secret without a person (locked, or no default keyring), as `login` then does.
 * `seenLocked`: reading an entry's item failed with `KEYCHAIN_LOCKED` in this run (an item in a
 * keyring other than the default one, which the probe does not look at), said in the detail.
 */
export async function storeReport(env: ReadonlyEnv, loaded: LoadedSettings, seenLocked = false): Promise<StoreReport> {
  const { mode, from } = storeModeOf(env, loaded.options.store);
  const { available, writable, detail, locked: defaultLocked } = await probeKeychain(env);
  const locked = available && (seenLocked || defaultLocked === true);
  const newSecrets =
    mode === 'file'
      ? 'file'
      : mode === 'auto'
        ? writable
          ? 'keychain'
          : 'file'
        : available && writable
          ? 'keychain'
          : null;
  const keychain = locked
    ? {
        available,
        writable,
        detail: seenLocked ? `${detail}, but it is locked: a stored entry could not be read` : detail,
        locked,
      }
    : { available, writable, detail };
  return { mode, from, newSecrets, keychain };
}

/** The `status` line of a {@link StoreReport}. */
export function storeLine(report: StoreReport): string {
  const where =
    report.newSecrets === null
      ? report.keychain.locked === true
        ? 'the OS keychain, which is locked: a login fails until it is unlocked (or set CREDHELPER_STORE=file)'
        : report.keychain.available
          ? 'the OS keychain, which cannot take a secret without a person: a login fails until it has an unlocked default keyring (or set CREDHELPER_STORE=file)'
          : 'no store: the keychain is required but does not answer (start it, or set CREDHELPER_STORE=file)'
      : report.newSecrets === 'keychain'
        ? 'the OS keychain'
        : 'auth.json (plaintext, mode 0600)';
  return `store: new secrets go to ${where} (${report.mode}, ${report.from}); keychain: ${report.keychain.detail}`;
}
