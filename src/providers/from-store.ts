import type { CredentialSource, SourceValue } from '../chain/credential-source.js';
import type { SourceContext } from '../chain/source-context.js';
import { CredentialHelperError, isCredentialHelperError } from '../errors.js';
import type { AuthEntry } from '../schemas/auth-file.js';
import { type AuthEntryType, entryId, orderedEntryIds, rawSecret, rawType } from '../store/auth-entries.js';
import type { AuthData } from '../store/auth-store.js';
import { entrySecrets } from '../store/entry-secrets.js';
import { inKeychain } from '../store/keychain-ref.js';
import { openEntry } from '../store/open-entry.js';
import type { OAuthEndpoint } from './provider-table.js';
import { needsRefresh, refreshMarginMs, refreshStoredOAuth } from './refresh-stored-oauth.js';
import { wellknownVariableProblem } from './wellknown-variable.js';

/** A stored credential as a chain hands it to a builder. */
export interface StoredSecret {
  /** The key or token. */
  value: string;
  type: AuthEntryType;
  /** The entry's id, e.g. `anthropic` or `anthropic:work`. */
  id: string;
  /** `store:<id>`. */
  source: string;
  expiresAt?: Date;
  /** A `wellknown` entry's variable (checked by `wellknownVariableProblem`). */
  variable?: string;
}

/** What {@link fromStore} needs. */
export interface FromStoreInit<C> {
  /** The chain row's name, e.g. `store:anthropic`. */
  name: string;
  description: string;
  provider: string;
  /** The entry types this row yields; other entries of the provider are left to other rows. */
  types: readonly AuthEntryType[];
  /** Use only this profile's entry (`provider:profile`). */
  profile?: string;
  oauth: OAuthEndpoint | undefined;
  /** Timeout of an OAuth refresh request. */
  timeoutMs: number;
  build: (secret: StoredSecret) => C;
}

/** A store row: a {@link CredentialSource} that also learns when its credential was rejected. */
export interface StoreSource<C> extends CredentialSource<C> {
  /** The credential handed out last was rejected (or dropped): an OAuth token is refreshed next time. */
  invalidate(): void;
}

/** Whether `error` says the keychain cannot be read here now (not a problem of one entry). */
function keychainUnreadable(error: unknown): boolean {
  return isCredentialHelperError(error) && (error.code === 'KEYCHAIN_LOCKED' || error.code === 'KEYCHAIN_UNAVAILABLE');
}

function isStoreCorrupt(error: unknown): boolean {
  return isCredentialHelperError(error) && error.code === 'STORE_CORRUPT';
}

function secretOf(entry: AuthEntry): string {
  switch (entry.type) {
    case 'api':
      return entry.key;
    case 'oauth':
      return entry.access;
    default:
      return entry.token;
  }
}

/**
 * A row of a precedence chain that reads `provider`'s entries from `auth.json`, in the stored
 * order (see `orderedEntryIds`), and yields the first usable one of `types`. Pasted tokens past
 * their `expires` are skipped; OAuth access tokens within 5 minutes of expiry are refreshed first
 * (under the store lock, see `refreshStoredOAuth`). When every entry is expired or fails, the row
 * fails with the first entry's error rather than falling through to a lower source. An entry whose
 * keychain item cannot be read now (`KEYCHAIN_LOCKED`, `KEYCHAIN_UNAVAILABLE`) or is missing or
 * malformed (`STORE_CORRUPT`) fails the row at once: the next profile is another account's key.
 */
export function fromStore<C>(context: SourceContext, init: FromStoreInit<C>): StoreSource<C> {
  let handedOut: { id: string; value: string } | undefined;
  let rejected: { id: string; value: string } | undefined;

  function candidates(data: AuthData): string[] {
    const ids =
      init.profile === undefined ? orderedEntryIds(data, init.provider) : [entryId(init.provider, init.profile)];
    return ids.filter((id) => Object.hasOwn(data, id) && init.types.includes(rawType(data[id]) as AuthEntryType));
  }

  function peek(): { data: AuthData; ids: string[] } | undefined {
    const store = context.authStore;
    if (store === undefined) return undefined;
    try {
      const data = store.read();
      return { data, ids: candidates(data) };
    } catch {
      return { data: {}, ids: ['(unreadable)'] };
    }
  }

  async function usable(id: string, entry: AuthEntry): Promise<SourceValue<StoredSecret>> {
    const store = context.authStore;
    const now = context.now();
    const secret = (value: string, expires?: number): SourceValue<StoredSecret> => {
      context.secrets.add(value);
      const stored: StoredSecret = { value, type: entry.type, id, source: `store:${id}` };
      if (expires !== undefined) stored.expiresAt = new Date(expires);
      if (entry.type === 'wellknown') stored.variable = entry.key;
      return expires === undefined ? { credential: stored } : { credential: stored, reuseUntil: expires };
    };
    if (entry.type === 'token' && entry.expires !== undefined && entry.expires <= now) {
      throw new CredentialHelperError(
        'CREDENTIALS_EXPIRED',
        `the token stored as "${id}" expired at ${new Date(entry.expires).toISOString()}. Fix: credhelper paste-token --provider ${init.provider}`,
        { setting: `store:${id}` },
      );
    }
    if (entry.type === 'wellknown') {
      const problem = wellknownVariableProblem(init.provider, entry.key);
      if (problem !== undefined) {
        throw new CredentialHelperError(
          'STORE_CORRUPT',
          `entry "${id}" of ${store?.path ?? 'auth.json'} ${problem}; it was not used and left as it is. ` +
            `Fix: \`credhelper logout ${id.replace(':', ' --profile ')}\` (or remove the entry from the file).`,
          { setting: `store:${id}` },
        );
      }
    }
    if (entry.type !== 'oauth') return secret(secretOf(entry), entry.type === 'token' ? entry.expires : undefined);
    const wasRejected = rejected?.id === id && rejected.value === entry.access;
    if (!wasRejected && !needsRefresh(entry, now)) {
      const value = secret(entry.access, entry.expires);
      value.reuseUntil = entry.expires - refreshMarginMs(entry);
      return value;
    }
    if (store === undefined) throw new CredentialHelperError('CREDENTIALS_NOT_FOUND', 'no store');
    const refreshed = await refreshStoredOAuth({
      store,
      id,
      provider: init.provider,
      endpoint: init.oauth,
      now: context.now,
      timeoutMs: init.timeoutMs,
      secrets: context.secrets,
      env: context.env,
      ...(wasRejected ? { rejectedAccess: entry.access } : {}),
    });
    rejected = undefined;
    const value = secret(refreshed.access, refreshed.expires);
    value.reuseUntil = refreshed.expires - refreshMarginMs(refreshed);
    return value;
  }

  return {
    name: init.name,
    description: init.description,
    isConfigured: () => (peek()?.ids.length ?? 0) > 0,
    displayName() {
      const first = peek()?.ids[0];
      return first === undefined || first === '(unreadable)' ? init.name : `store:${first}`;
    },
    peekSecret() {
      const peeked = peek();
      const first = peeked?.ids[0];
      return first === undefined ? undefined : rawSecret(peeked?.data[first]);
    },
    invalidate() {
      rejected = handedOut;
    },
    async load() {
      const store = context.authStore;
      if (store === undefined) {
        throw new CredentialHelperError('CREDENTIALS_NOT_FOUND', 'the credential store is turned off', {
          tryNextLink: true,
        });
      }
      const data = store.read();
      const ids = candidates(data);
      // Registered when read, not when used: an error on the way (a refresh that fails) is redacted too.
      for (const id of ids) for (const secret of entrySecrets(data[id])) context.secrets.add(secret);
      if (ids.length === 0) {
        const what = init.profile === undefined ? init.provider : entryId(init.provider, init.profile);
        throw new CredentialHelperError('CREDENTIALS_NOT_FOUND', `nothing stored for ${what} in ${store.path}`, {
          tryNextLink: true,
        });
      }
      let firstError: unknown;
      for (const id of ids) {
        try {
          // A keychain entry's item is read here (its secrets are registered as they are read).
          const loaded = await usable(id, await openEntry(data, id, store.path, context.env, context.secrets));
          handedOut = { id, value: loaded.credential.value };
          const { credential, reuseUntil } = loaded;
          return reuseUntil === undefined
            ? { credential: init.build(credential) }
            : { credential: init.build(credential), reuseUntil };
        } catch (error) {
          // A keychain that cannot be read now (locked, not answering), or an entry whose item is
          // gone or broken (an auth.json copied from another machine) stops here: the next profile
          // is another account's key, and handing it out unasked would hide the problem. (A
          // malformed entry in the file itself is skipped, as before: `list` shows it.)
          if (keychainUnreadable(error) || (inKeychain(data[id]) && isStoreCorrupt(error))) throw error;
          firstError ??= error;
        }
      }
      throw firstError;
    },
  };
}
