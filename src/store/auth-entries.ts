import { CredentialHelperError } from '../errors.js';
import { isRecord } from '../is-record.js';
import type { AuthEntry } from '../schemas/auth-file.js';
import type { AuthData } from './auth-store.js';

/** The key of `auth.json` that holds the per-provider order (never a provider id: ids start with a letter or digit). */
export const AUTH_ORDER_KEY = '$order';

/** The kinds of stored credential. */
export type AuthEntryType = AuthEntry['type'];

/** A provider id: lower-case letters, digits, `-`, `_` and `.`, starting with a letter or digit. */
export const PROVIDER_ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
/** A profile name (the part after `provider:`). */
export const PROFILE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]*$/;

/** An entry id split into provider and profile: `anthropic:work` → `{ provider: 'anthropic', profile: 'work' }`. */
export function parseEntryId(id: string): { provider: string; profile?: string } | undefined {
  const colon = id.indexOf(':');
  const provider = colon < 0 ? id : id.slice(0, colon);
  const profile = colon < 0 ? undefined : id.slice(colon + 1);
  if (!PROVIDER_ID_PATTERN.test(provider)) return undefined;
  if (profile === undefined) return { provider };
  return PROFILE_PATTERN.test(profile) ? { provider, profile } : undefined;
}

/** The entry id of `provider` and an optional `profile`. */
export function entryId(provider: string, profile?: string): string {
  return profile === undefined || profile === 'default' ? provider : `${provider}:${profile}`;
}

/** Every entry id in `data` (not `$order`), in file order. */
export function entryIds(data: AuthData): string[] {
  return Object.keys(data).filter((id) => id !== AUTH_ORDER_KEY && parseEntryId(id) !== undefined);
}

/** The stored order of `provider`, as written (ids may name entries that no longer exist). */
export function storedOrder(data: AuthData, provider: string): string[] {
  const order = data[AUTH_ORDER_KEY];
  const list = isRecord(order) && Object.hasOwn(order, provider) ? order[provider] : undefined;
  return Array.isArray(list) ? list.filter((id): id is string => typeof id === 'string') : [];
}

/**
 * The entries of `provider` in the order they are tried: its `$order` list first, then the plain
 * `provider` entry, then its other profiles by name.
 */
export function orderedEntryIds(data: AuthData, provider: string): string[] {
  const own = entryIds(data).filter((id) => parseEntryId(id)?.provider === provider);
  const ordered = storedOrder(data, provider).filter((id) => own.includes(id));
  const rest = own
    .filter((id) => !ordered.includes(id))
    .sort((a, b) => (a === provider ? -1 : b === provider ? 1 : a < b ? -1 : 1));
  return [...ordered, ...rest];
}

/** The `type` field of a raw entry, when it is a string. */
export function rawType(value: unknown): string | undefined {
  return isRecord(value) && typeof value.type === 'string' ? value.type : undefined;
}

/** The secret a raw entry holds (for fingerprints), read without validation. */
export function rawSecret(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const secret = value.type === 'oauth' ? value.access : value.type === 'api' ? value.key : value.token;
  return typeof secret === 'string' && secret.trim() !== '' ? secret : undefined;
}

/** The validated entry `id` of `data`; `STORE_CORRUPT` naming the file, the entry and the fields when malformed. */
export async function validEntry(data: AuthData, id: string, file: string): Promise<AuthEntry> {
  const { authEntrySchema } = await import('../schemas/auth-file.js');
  const parsed = authEntrySchema.safeParse(Object.hasOwn(data, id) ? data[id] : undefined);
  if (parsed.success) return parsed.data;
  const paths = parsed.error.issues.map((issue) => [id, ...issue.path].join('.'));
  throw new CredentialHelperError(
    'STORE_CORRUPT',
    `entry "${id}" of ${file} is malformed (${paths.join(', ')}); it was left as it is. Fix: \`credhelper logout ${id.replace(':', ' --profile ')}\` and log in again, or repair the file.`,
    { setting: file, issuePaths: paths },
  );
}
