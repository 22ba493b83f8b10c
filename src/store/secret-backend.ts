import type { StoreBackendKind } from './keychain-ref.js';

/** What `status` says about a backend. Finding it out unlocks nothing. */
export interface BackendStatus {
  kind: StoreBackendKind;
  available: boolean;
  /** e.g. `auth.json (plaintext, mode 0600)`, `the Secret Service (GNOME Keyring, KWallet) answered`. */
  detail: string;
}

/**
 * Where the secret fields of stored entries live. `auth.json` always holds the entries themselves
 * (ids, types, expiry, order); a backend holds their secrets: the file backend inline, as
 * `auth.json` always did, the keychain backend in one OS keychain item per entry, to which the
 * entry refers (`"keychain": { "service", "account" }`).
 */
export interface SecretBackend {
  readonly kind: StoreBackendKind;
  /** The raw entry `raw` (id `id`) with its secret fields, for validation and use. */
  load(id: string, raw: Record<string, unknown>, file: string): Promise<Record<string, unknown>>;
  /**
   * Stores the secrets of `entry` (id `id`, replacing `previous`) and returns what `auth.json`
   * keeps for it. Called under the store lock, before the file is rewritten; a keychain item is
   * written and read back before this returns.
   */
  save(id: string, entry: Record<string, unknown>, file: string, previous?: unknown): Promise<Record<string, unknown>>;
  /** Deletes what `raw` refers to outside `auth.json` (after the file no longer refers to it). `false`: nothing there. */
  remove(raw: unknown): Promise<boolean>;
  /** Whether it can be used now; unlocks nothing. */
  describe(): Promise<BackendStatus>;
}
