import { createRequire } from 'node:module';
import { CredentialHelperError } from '../errors.js';
import { writesHeld } from './hold-exit-signals.js';
import type { KeychainRef } from './keychain-ref.js';

/**
 * How long one keychain call may take. Generous: on a desktop, a locked keychain shows an unlock
 * prompt and the call waits for the person.
 */
export const DEFAULT_KEYCHAIN_TIMEOUT_MS = 120_000;

/**
 * The time a keychain call may take when the caller gives none: `CREDHELPER_KEYCHAIN_TIMEOUT_MS`
 * (a positive integer, of this process's environment: the binding's D-Bus address comes from there
 * too), else {@link DEFAULT_KEYCHAIN_TIMEOUT_MS}. Another value is ignored.
 */
export function keychainTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.CREDHELPER_KEYCHAIN_TIMEOUT_MS?.trim() ?? '';
  const value = /^[1-9][0-9]{0,8}$/.test(text) ? Number(text) : Number.NaN;
  return Number.isSafeInteger(value) ? value : DEFAULT_KEYCHAIN_TIMEOUT_MS;
}

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

/** The binding cannot be loaded (not installed, left out of a bundle, no build for this platform). */
function loadError(call: KeychainCall, cause: unknown): CredentialHelperError {
  return new CredentialHelperError(
    'KEYCHAIN_UNAVAILABLE',
    `cannot ${call.doing}: the keychain binding (@napi-rs/keyring) cannot be loaded (not installed, left out of a bundle, or no build for ${process.platform}-${process.arch}).` +
      (call.fix === '' ? '' : ` Fix: ${call.fix}.`),
    { setting: 'keychain', cause },
  );
}

let bindingPath: string | undefined;

/** Where the binding is (resolved here, loaded only in the child: see keychain-child-script.ts). */
function resolveBinding(call: KeychainCall): string {
  try {
    bindingPath ??= createRequire(import.meta.url).resolve('@napi-rs/keyring');
    return bindingPath;
  } catch (error) {
    throw loadError(call, error);
  }
}

/** What a keychain call is for, in messages: `doing` ("read entry anthropic") and the fix besides unlocking. */
export interface KeychainCall {
  doing: string;
  fix: string;
  timeoutMs?: number;
}

/** The child's answer, checked: anything else is a broken child (KEYCHAIN_UNAVAILABLE). */
function answerOf(
  text: string,
): { ok: true; value: unknown } | { error: { kind: string; name: string; message: string } } {
  const answer: unknown = JSON.parse(text);
  if (typeof answer === 'object' && answer !== null) {
    if ('ok' in answer && answer.ok === true) return { ok: true, value: (answer as { value?: unknown }).value };
    const error = (answer as { error?: unknown }).error;
    if (typeof error === 'object' && error !== null) {
      const field = (name: string): string => String((error as Record<string, unknown>)[name] ?? '');
      return { error: { kind: field('kind'), name: field('name'), message: field('message') } };
    }
  }
  throw new Error('the keychain child answered something else');
}

/**
 * One binding call, in a child process (see keychain-child-script.ts: libdbus blocks the thread
 * that calls it, so it never runs on this one): killed after the call's timeout, and on a signal
 * to the CLI. The value goes through the child's pipes only.
 */
async function inChild(
  ref: KeychainRef,
  call: KeychainCall,
  request: { op: 'get' } | { op: 'set'; value: string } | { op: 'delete' },
): Promise<unknown> {
  const binding = resolveBinding(call);
  const timeoutMs = call.timeoutMs ?? keychainTimeoutMs();
  const { runNodeChild } = await import('../helpers/run-node-child.js');
  const { KEYCHAIN_CHILD_SCRIPT } = await import('./keychain-child-script.js');
  let answer: ReturnType<typeof answerOf>;
  try {
    const input = JSON.stringify({ binding, service: ref.service, account: ref.account, ...request });
    // A store write while writes are held (a rotated refresh token) is not cut short by a signal.
    const onSignal = request.op === 'set' && writesHeld() ? 'finish' : 'kill';
    answer = answerOf(await runNodeChild(KEYCHAIN_CHILD_SCRIPT, input, timeoutMs, onSignal));
  } catch (error) {
    throw keychainError(error, call.doing, call.fix, ref);
  }
  if ('ok' in answer) return answer.value;
  const cause = Object.assign(new Error(answer.error.message), { name: answer.error.name });
  throw answer.error.kind === 'load' ? loadError(call, cause) : keychainError(cause, call.doing, call.fix, ref);
}

/** The item's text, or `undefined` when there is no such item. */
export async function keychainGet(ref: KeychainRef, call: KeychainCall): Promise<string | undefined> {
  const value = await inChild(ref, call, { op: 'get' });
  return typeof value === 'string' ? value : undefined;
}

/** Creates or replaces the item. */
export async function keychainSet(ref: KeychainRef, value: string, call: KeychainCall): Promise<void> {
  await inChild(ref, call, { op: 'set', value });
}

/** Deletes the item; `false` when there was none. */
export async function keychainDelete(ref: KeychainRef, call: KeychainCall): Promise<boolean> {
  return (await inChild(ref, call, { op: 'delete' })) === true;
}
