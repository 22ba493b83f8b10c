import { CredentialHelperError } from '../errors.js';
import type { KeychainRef } from './keychain-ref.js';

/**
 * How long one keychain call may take. Generous: on a desktop, a locked keychain shows an unlock
 * prompt and the call waits for the person.
 */
export const DEFAULT_KEYCHAIN_TIMEOUT_MS = 120_000;

type Binding = typeof import('@napi-rs/keyring');

let binding: Promise<Binding> | undefined;

/** On Linux, the Secret Service only: the binding's fallback, the kernel keyring, forgets everything at reboot. */
const ENTRY_OPTIONS = { linux: { store: 'secret-service' } } as const;

/** Where the keychain is, for messages. */
export function keychainName(): string {
  if (process.platform === 'darwin') return 'the macOS Keychain';
  if (process.platform === 'win32') return 'the Windows Credential Manager';
  return 'the Secret Service (GNOME Keyring, KWallet)';
}

/**
 * What unlocks GNOME Keyring without a desktop (checked: `--unlock` alone does not reach a daemon
 * that runs already; `--replace` takes over from it, and creates the keyring when there is none).
 */
export const HEADLESS_UNLOCK_COMMAND = 'gnome-keyring-daemon --replace --daemonize --unlock --components=secrets';

/** The fix for a locked keychain, for messages. */
function unlockHint(): string {
  return process.platform === 'linux'
    ? `unlock it (log in to the desktop session; without one, run \`${HEADLESS_UNLOCK_COMMAND}\` with the keyring's password on its standard input)`
    : 'unlock it';
}

/**
 * The binding's error as a typed one: the item is not usable (`STORE_CORRUPT`: not text, or more
 * than one item matches, after an edit outside credhelper), locked (an unlock prompt dismissed) or
 * unavailable. Never the binding's text in the message (it can list item paths); it stays the `cause`.
 */
export function keychainError(error: unknown, doing: string, fix: string, ref?: KeychainRef): CredentialHelperError {
  if (error instanceof CredentialHelperError) return error;
  const text = String((error as { message?: unknown })?.message ?? '');
  const item =
    ref === undefined ? 'the keychain item' : `the keychain item (service ${ref.service}, account ${ref.account})`;
  const look =
    ref === undefined
      ? ''
      : ` (\`secret-tool search --all service ${ref.service} username ${ref.account}\` lists them)`;
  if (/not valid UTF-8/i.test(text)) {
    return new CredentialHelperError(
      'STORE_CORRUPT',
      `cannot ${doing}: ${item} does not hold text (it is not what credhelper wrote; changed outside credhelper?); it was left as it is. ` +
        'Fix: log out of the entry and log in again.',
      { setting: 'keychain', cause: error },
    );
  }
  const matched = /matched by (\d+) credentials/i.exec(text);
  if (matched !== null) {
    return new CredentialHelperError(
      'STORE_CORRUPT',
      `cannot ${doing}: ${matched[1]} keychain items match ${item.replace(/^the keychain item /, '')} (one was added outside credhelper), so credhelper cannot tell which is its own; they were left as they are. ` +
        `Fix: delete the one credhelper did not write${look}.`,
      { setting: 'keychain', cause: error },
    );
  }
  if (/\block|unlock|prompt/i.test(text)) {
    return new CredentialHelperError(
      'KEYCHAIN_LOCKED',
      `cannot ${doing}: ${keychainName()} is locked (or has no keyring yet, or its unlock prompt was dismissed). Fix: ${unlockHint()}${fix === '' ? '' : `, or ${fix}`}.`,
      { setting: 'keychain', cause: error },
    );
  }
  const timedOut = (error as { name?: unknown })?.name === 'TimeoutError' || /abort/i.test(text);
  return new CredentialHelperError(
    'KEYCHAIN_UNAVAILABLE',
    `cannot ${doing}: ${keychainName()} ${timedOut ? 'did not answer in time' : 'did not answer'}. ` +
      `Fix: start or unlock it${fix === '' ? '' : `, or ${fix}`}.`,
    { setting: 'keychain', cause: error },
  );
}

/** The native binding, loaded on first use (only the store needs it). */
async function load(doing: string, fix: string): Promise<Binding> {
  binding ??= import('@napi-rs/keyring');
  try {
    return await binding;
  } catch (error) {
    binding = undefined;
    throw new CredentialHelperError(
      'KEYCHAIN_UNAVAILABLE',
      `cannot ${doing}: the keychain binding (@napi-rs/keyring) cannot be loaded (not installed, left out of a bundle, or no build for ${process.platform}-${process.arch}).` +
        (fix === '' ? '' : ` Fix: ${fix}.`),
      { setting: 'keychain', cause: error },
    );
  }
}

/** What a keychain call is for, in messages: `doing` ("read entry anthropic") and the fix besides unlocking. */
export interface KeychainCall {
  doing: string;
  fix: string;
  timeoutMs?: number;
}

async function withEntry<T>(
  ref: KeychainRef,
  call: KeychainCall,
  run: (entry: InstanceType<Binding['AsyncEntry']>, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const { AsyncEntry } = await load(call.doing, call.fix);
  const timeoutMs = call.timeoutMs ?? DEFAULT_KEYCHAIN_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  let timer: NodeJS.Timeout | undefined;
  // The native call may not stop at the signal: the wait does.
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('aborted'), { name: 'TimeoutError' })), timeoutMs + 100);
    timer.unref();
  });
  try {
    return await Promise.race([run(new AsyncEntry(ref.service, ref.account, ENTRY_OPTIONS), signal), late]);
  } catch (error) {
    throw keychainError(error, call.doing, call.fix, ref);
  } finally {
    clearTimeout(timer);
  }
}

/** The item's text, or `undefined` when there is no such item. */
export async function keychainGet(ref: KeychainRef, call: KeychainCall): Promise<string | undefined> {
  return (await withEntry(ref, call, (entry, signal) => entry.getPassword(signal))) ?? undefined;
}

/** Creates or replaces the item. */
export async function keychainSet(ref: KeychainRef, value: string, call: KeychainCall): Promise<void> {
  await withEntry(ref, call, (entry, signal) => entry.setPassword(value, signal));
}

/** Deletes the item; `false` when there was none. */
export async function keychainDelete(ref: KeychainRef, call: KeychainCall): Promise<boolean> {
  return withEntry(ref, call, (entry, signal) => entry.deletePassword(signal));
}
