import { isCredentialHelperError } from '../errors.js';
import type { ReadonlyEnv } from '../read-env.js';
import { keychainGet, keychainName } from './keychain-binding.js';
import { KEYCHAIN_SERVICE } from './keychain-ref.js';

/** How long the probe waits for the Secret Service to answer. */
export const KEYCHAIN_PROBE_TIMEOUT_MS = 2000;

/** Whether the OS keychain answers, and what it is (for `status`). */
export interface KeychainStatus {
  available: boolean;
  /** What was found, e.g. `the Secret Service (GNOME Keyring, KWallet) answered`. */
  detail: string;
}

const probes = new Map<string, Promise<KeychainStatus>>();

/**
 * Whether the OS keychain answers, asked once per process (per D-Bus address). macOS and Windows
 * always have theirs. On Linux, without `DBUS_SESSION_BUS_ADDRESS` there is no session bus to ask
 * (containers, CI, ssh without a desktop): `false` at once, no wait. With one, one look-up of an
 * item that does not exist (it unlocks nothing and shows no prompt), bounded by
 * {@link KEYCHAIN_PROBE_TIMEOUT_MS}. A locked keychain answers: writing to it asks to unlock it.
 */
export function probeKeychain(env: ReadonlyEnv): Promise<KeychainStatus> {
  if (process.platform === 'darwin' || process.platform === 'win32') {
    return Promise.resolve({ available: true, detail: `${keychainName()} (always there on ${process.platform})` });
  }
  const address = env.DBUS_SESSION_BUS_ADDRESS?.trim() ?? '';
  if (address === '') {
    return Promise.resolve({ available: false, detail: 'no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)' });
  }
  let probe = probes.get(address);
  if (probe === undefined) {
    probe = keychainGet(
      { service: KEYCHAIN_SERVICE, account: '$probe' },
      { doing: 'look for the keychain', fix: '', timeoutMs: KEYCHAIN_PROBE_TIMEOUT_MS },
    ).then(
      () => ({ available: true, detail: `${keychainName()} answered` }),
      (error: unknown) =>
        isCredentialHelperError(error) && error.code === 'KEYCHAIN_LOCKED'
          ? { available: true, detail: `${keychainName()} answered (locked)` }
          : { available: false, detail: `${keychainName()} did not answer on the D-Bus session bus` },
    );
    probes.set(address, probe);
  }
  return probe;
}
