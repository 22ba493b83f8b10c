import { isCredentialHelperError } from '../errors.js';
import type { ReadonlyEnv } from '../read-env.js';
import { entryIds, rawType, validEntry } from './auth-entries.js';
import type { AuthStore } from './auth-store.js';
import { entrySecrets } from './entry-secrets.js';
import { inKeychain } from './keychain-ref.js';
import { keychainSecretBackend } from './keychain-secret-backend.js';
import { releaseReplaced } from './put-entry.js';
import type { SecretBackend } from './secret-backend.js';
import { backendForNewSecrets } from './store-mode.js';

/** The entry types credhelper reads (see `authEntrySchema`). */
const KNOWN_TYPES = ['api', 'oauth', 'token', 'wellknown'];

/** What {@link migrateStore} did. Never holds a secret. */
export interface MigrateResult {
  to: 'keychain' | 'file';
  /** Entries whose secrets moved. */
  moved: string[];
  /** Entries already there (a second run moves nothing). */
  already: string[];
  /** Entries left as they are (malformed, or of a kind credhelper does not know). */
  skipped: Array<{ id: string; reason: string }>;
  /** The entry the migration stopped at: it and the ones after it are unchanged. */
  failed?: { id: string; code: string; message: string };
  /** Keychain items that are no longer used but could not be deleted (`--to file`). */
  notes: string[];
}

/** Why an entry was not moved to the keychain, saying when its secrets stay in the file in plaintext. */
function skippedReason(raw: unknown): string {
  const type = rawType(raw);
  const kind = type !== undefined && !KNOWN_TYPES.includes(type) ? 'of a kind credhelper does not know' : 'malformed';
  const plaintext = entrySecrets(raw).length > 0 ? ', its secrets still in plaintext' : '';
  return `${kind}: left in auth.json as it is${plaintext}`;
}

function failure(id: string, error: unknown): NonNullable<MigrateResult['failed']> {
  if (!isCredentialHelperError(error)) throw error;
  return { id, code: error.code, message: error.message.replace(/^\[credhelper\] /, '') };
}

/**
 * Moves the secrets of every entry of `store` to the keychain (`to: 'keychain'`) or back into
 * `auth.json` (`to: 'file'`), under the store lock. Never loses a secret: to the keychain, each
 * item is written and read back and compared (see the keychain backend's `save`) before the
 * entry's plaintext leaves the file, and the file is rewritten once, atomically, at the end; to
 * the file, the items are deleted only after the file that holds the secrets again is written. A
 * failure stops at that entry: the ones before it are moved (and written), it and the rest are
 * unchanged, so every secret is readable somewhere. Idempotent: entries already there are left alone.
 * `options.keychain` replaces the keychain backend (tests: a failure half-way).
 */
export async function migrateStore(
  store: AuthStore,
  to: 'keychain' | 'file',
  env: ReadonlyEnv,
  options: { keychain?: SecretBackend } = {},
): Promise<MigrateResult> {
  const result: MigrateResult = { to, moved: [], already: [], skipped: [], notes: [] };
  // A keychain that does not answer stops here, before the lock (KEYCHAIN_UNAVAILABLE names the fix).
  const keychain =
    options.keychain ??
    (to === 'keychain'
      ? await backendForNewSecrets('keychain', env, '`store migrate` moves secrets into the keychain')
      : keychainSecretBackend(env));
  const released: unknown[] = [];
  await store.update(async (data) => {
    for (const id of entryIds(data)) {
      const raw = data[id];
      if (inKeychain(raw) === (to === 'keychain')) {
        result.already.push(id);
        continue;
      }
      try {
        if (to === 'keychain') {
          await validEntry(data, id, store.path);
          data[id] = await keychain.save(id, raw as Record<string, unknown>, store.path);
        } else {
          data[id] = await keychain.load(id, raw as Record<string, unknown>, store.path);
          released.push(raw);
        }
        result.moved.push(id);
      } catch (error) {
        if (isCredentialHelperError(error) && error.code === 'STORE_CORRUPT' && to === 'keychain') {
          result.skipped.push({ id, reason: skippedReason(raw) });
          continue;
        }
        result.failed = failure(id, error);
        break;
      }
    }
  });
  for (const raw of released) {
    const note = await releaseReplaced(raw, undefined, env, store);
    if (note !== undefined) result.notes.push(note);
  }
  return result;
}
