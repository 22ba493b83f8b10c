import * as z from 'zod/mini';
import './zod-english.js';
import { MAX_DATE_MS } from './valid-date.js';

/** A stored secret: a non-blank string (kept as written). */
const storedSecret = z
  .string({ error: 'expected a string' })
  .check(z.refine((value) => value.trim() !== '', { error: 'expected a non-empty string' }));

/** Milliseconds since the epoch. */
const epochMs = z
  .number({ error: 'expected a number of ms since the epoch' })
  .check(z.int(), z.nonnegative(), z.lte(MAX_DATE_MS, { error: 'expected a date a JavaScript Date can hold' }));

/** An API key: `{ "type": "api", "key": "…" }` (opencode's shape). */
export const apiEntrySchema = z.looseObject({ type: z.literal('api'), key: storedSecret });

/** OAuth tokens: `{ "type": "oauth", "access", "refresh", "expires" }` (opencode's and pi's shape; `expires` in ms). */
export const oauthEntrySchema = z.looseObject({
  type: z.literal('oauth'),
  access: storedSecret,
  refresh: storedSecret,
  expires: epochMs,
});

/** A pasted long-lived token (e.g. from `claude setup-token`): `{ "type": "token", "token", "expires"? }`. */
export const tokenEntrySchema = z.looseObject({
  type: z.literal('token'),
  token: storedSecret,
  expires: z.optional(epochMs),
});

/** opencode's well-known-endpoint entry: `{ "type": "wellknown", "key": VARIABLE, "token" }`. */
export const wellknownEntrySchema = z.looseObject({
  type: z.literal('wellknown'),
  key: storedSecret,
  token: storedSecret,
});

/** One credential in `auth.json`. Unknown extra fields are kept (and written back untouched). */
export const authEntrySchema = z.discriminatedUnion(
  'type',
  [apiEntrySchema, oauthEntrySchema, tokenEntrySchema, wellknownEntrySchema],
  { error: "expected an entry with type 'api', 'oauth', 'token' or 'wellknown'" },
);

/** An entry of another tool's file accepted by `credhelper import`: pi writes `type: 'api_key'`. */
export const importedEntrySchema = z.union([
  authEntrySchema,
  z.pipe(
    z.looseObject({ type: z.literal('api_key'), key: storedSecret }),
    z.transform((entry: { type: 'api_key'; key: string }) => ({ ...entry, type: 'api' as const })),
  ),
]);

/** `$order` in `auth.json`: per provider, the entry ids to try first. */
export const authOrderSchema = z.record(z.string(), z.array(z.string()));

/** An OAuth token endpoint's answer to a `refresh_token` grant (RFC 6749 §5.1). */
export const tokenResponseSchema = z.looseObject({
  access_token: storedSecret,
  refresh_token: z.optional(storedSecret),
  expires_in: z.coerce.number({ error: 'expected a number of seconds' }).check(z.positive()),
});

/** A stored credential. */
export type AuthEntry = z.output<typeof authEntrySchema>;

/**
 * Where the secrets of an entry that lives in the OS keychain are: `"keychain": { "service",
 * "account" }` next to the entry's other (non-secret) fields. Entries without it keep their
 * secrets inline, as every `auth.json` written before the keychain store did.
 */
export const keychainRefSchema = z.strictObject({
  service: z.string().check(z.minLength(1, { error: 'expected a service name' })),
  account: z.string().check(z.minLength(1, { error: 'expected an account name' })),
});

/** What a keychain item holds: the entry's `type` and its secret fields, as JSON. */
export const keychainPayloadSchema = z
  .record(z.string(), z.string())
  .check(z.refine((value) => value.type !== undefined, { error: 'expected the entry type' }));
