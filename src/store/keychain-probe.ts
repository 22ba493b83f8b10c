import { isCredentialHelperError } from '../errors.js';
import type { ReadonlyEnv } from '../read-env.js';
import { type DefaultKeyringState, defaultKeyringState } from './default-keyring-state.js';
import { keychainGet, keychainName } from './keychain-binding.js';
import { KEYCHAIN_SERVICE } from './keychain-ref.js';

/** How long the probe waits for the Secret Service to answer. */
export const KEYCHAIN_PROBE_TIMEOUT_MS = 2000;

/** Whether the OS keychain answers, whether it can take a secret now, and what it is (for `status`). */
export interface KeychainStatus {
  available: boolean;
  /**
   * Whether a secret can be written without a person: `false` when it answers but its default
   * keyring is locked, or there is none (writing would ask for a password at a prompt). `auto`
   * stores in the file then; `login` with the keychain forced fails (or prompts, on a desktop).
   */
  writable: boolean;
  /** The default keyring is locked (`writable` is `false`). */
  locked?: boolean;
  /** What was found, e.g. `the Secret Service (GNOME Keyring, KWallet) answered`. */
  detail: string;
}

const probes = new Map<string, Promise<KeychainStatus>>();

/** The status for a state the bus told (`unknown`: the binding's look-up decides). */
function statusOf(state: Exclude<DefaultKeyringState, 'unknown' | 'unlocked'>): KeychainStatus {
  const name = keychainName();
  switch (state) {
    case 'locked':
      return {
        available: true,
        writable: false,
        locked: true,
        detail: `${name} answered, but its default keyring is locked (storing a secret needs a person to unlock it)`,
      };
    case 'none':
      return {
        available: true,
        writable: false,
        detail: `${name} answered, but it has no default keyring (creating one asks for a password at a prompt; none can be shown here)`,
      };
    case 'absent':
      return { available: false, writable: false, detail: `no Secret Service on the D-Bus session bus` };
    case 'silent':
      return { available: false, writable: false, detail: `${name} did not answer on the D-Bus session bus` };
    case 'refused':
      return {
        available: false,
        writable: false,
        detail:
          "the D-Bus session bus at DBUS_SESSION_BUS_ADDRESS refused credhelper (EXTERNAL authentication as this user; is it another user's bus?), so the keychain is not used",
      };
    case 'broken':
      return {
        available: false,
        writable: false,
        detail:
          'what listens at DBUS_SESSION_BUS_ADDRESS does not speak D-Bus (it closed the connection or sent what cannot be read), so the keychain is not used',
      };
  }
}

/** The binding's own answer: one look-up of an item that does not exist (also proves that it loads). */
function bindingProbe(): Promise<KeychainStatus> {
  return keychainGet(
    { service: KEYCHAIN_SERVICE, account: '$probe' },
    { doing: 'look for the keychain', fix: '', timeoutMs: KEYCHAIN_PROBE_TIMEOUT_MS },
  ).then(
    () => ({ available: true, writable: true, detail: `${keychainName()} answered` }),
    (error: unknown) =>
      isCredentialHelperError(error) && error.code === 'KEYCHAIN_LOCKED'
        ? statusOf('locked')
        : { available: false, writable: false, detail: `${keychainName()} did not answer on the D-Bus session bus` },
  );
}

/**
 * Whether the OS keychain answers and can take a secret now, asked once per process (per D-Bus
 * address). macOS and Windows always have theirs. On Linux, without `DBUS_SESSION_BUS_ADDRESS`
 * there is no session bus to ask (containers, CI, ssh without a desktop): `false` at once, no
 * wait. With one: the default keyring's state straight from the bus (`defaultKeyringState`: two
 * property reads, no item written, nothing unlocked, no prompt), then, when it is unlocked, one
 * look-up of an item that does not exist through the binding; each bounded by
 * {@link KEYCHAIN_PROBE_TIMEOUT_MS}.
 */
export function probeKeychain(env: ReadonlyEnv): Promise<KeychainStatus> {
  if (process.platform === 'darwin' || process.platform === 'win32') {
    return Promise.resolve({
      available: true,
      writable: true,
      detail: `${keychainName()} (always there on ${process.platform})`,
    });
  }
  const address = env.DBUS_SESSION_BUS_ADDRESS?.trim() ?? '';
  if (address === '') {
    return Promise.resolve({
      available: false,
      writable: false,
      detail: 'no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)',
    });
  }
  let probe = probes.get(address);
  if (probe === undefined) {
    probe = defaultKeyringState(address, KEYCHAIN_PROBE_TIMEOUT_MS).then((state) =>
      state === 'unknown' || state === 'unlocked' ? bindingProbe() : statusOf(state),
    );
    probes.set(address, probe);
  }
  return probe;
}
