import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { isRecord } from '../is-record.js';

/** The keychain service name of every item credhelper writes (`secret-tool search service credhelper`). */
export const KEYCHAIN_SERVICE = 'credhelper';

/** The field of an `auth.json` entry that refers to its keychain item. */
export const KEYCHAIN_REF_FIELD = 'keychain';

/** A keychain item: the OS keychain's service and account (user name) attributes. */
export interface KeychainRef {
  service: string;
  account: string;
}

/** Which backend holds the secrets of a stored entry. */
export type StoreBackendKind = 'keychain' | 'file';

/** Whether a raw `auth.json` entry refers to a keychain item (its secrets are not in the file). */
export function inKeychain(raw: unknown): boolean {
  return isRecord(raw) && Object.hasOwn(raw, KEYCHAIN_REF_FIELD);
}

/** The backend that holds a raw entry's secrets, read from `auth.json` alone (no keychain access). */
export function entryBackend(raw: unknown): StoreBackendKind {
  return inKeychain(raw) ? 'keychain' : 'file';
}

/** The reference of a raw entry when it is well-formed (two non-empty strings), else `undefined`. */
export function keychainRefOf(raw: unknown): KeychainRef | undefined {
  if (!isRecord(raw)) return undefined;
  const ref = raw[KEYCHAIN_REF_FIELD];
  if (!isRecord(ref)) return undefined;
  const { service, account } = ref;
  return typeof service === 'string' && service !== '' && typeof account === 'string' && account !== ''
    ? { service, account }
    : undefined;
}

function pathHash(path: string): string {
  // node:crypto on demand: listing entries (a hot path of `get`) needs no hash.
  const { createHash } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(path).digest('hex').slice(0, 8);
}

/** `file` with its directory's symbolic links resolved (as given when the directory does not exist). */
function canonicalPath(file: string): string {
  try {
    return join(realpathSync(dirname(resolve(file))), basename(file));
  } catch {
    return file;
  }
}

/**
 * The keychain account of entry `id` of the store at `authFile`: `anthropic:work@1a2b3c4d`, the id
 * and 8 hex of the hash of the file's path (its directory's links resolved, so that a symlinked
 * HOME is the same store), so that two stores (`CREDHELPER_AUTH_FILE`) never share an item.
 */
export function keychainAccount(id: string, authFile: string): string {
  return `${id}@${pathHash(canonicalPath(authFile))}`;
}

/**
 * Whether `ref` names an item that the store at `authFile` wrote (its account ends in that file's
 * hash, as spelled or with links resolved). A copied or moved `auth.json` refers to items of
 * another file: it reads them, but never replaces or deletes them (the other copy may still use them).
 */
export function ownedBy(ref: KeychainRef, authFile: string): boolean {
  if (ref.service !== KEYCHAIN_SERVICE) return false;
  const hashes = new Set([pathHash(authFile), pathHash(canonicalPath(authFile))]);
  const at = ref.account.lastIndexOf('@');
  return at > 0 && hashes.has(ref.account.slice(at + 1));
}

/** Whether two references name the same item. */
export function sameRef(a: KeychainRef | undefined, b: KeychainRef | undefined): boolean {
  return a !== undefined && b !== undefined && a.service === b.service && a.account === b.account;
}
