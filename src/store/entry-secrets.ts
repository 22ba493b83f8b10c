import { isRecord } from '../is-record.js';

/** Field names of a stored entry that hold secrets (beyond the known `key`, `token`, `access`, `refresh`). */
const SECRET_FIELD = /secret|token|key|password|refresh|access|credential/i;

/**
 * Whether `field` of the raw entry `value` holds a secret: a string field whose name says so
 * (`key`, `token`, `access`, `refresh`, an OAuth `client_secret` another tool stored), except
 * `type` and a `wellknown` entry's `key` (a variable name, not a secret).
 */
export function isSecretField(value: Record<string, unknown>, field: string): boolean {
  if (field === 'type' || typeof value[field] !== 'string') return false;
  if (field === 'key' && value.type === 'wellknown') return false;
  return SECRET_FIELD.test(field);
}

/**
 * The secrets a raw `auth.json` entry holds, read without validation, for the redaction registry:
 * its key, token, access and refresh tokens and any other string field whose name says secret
 * (see {@link isSecretField}). A `wellknown` entry's `key` is a variable name, not a secret, and
 * is left out (redacting it would hide it from the messages that name it).
 */
export function entrySecrets(value: unknown): string[] {
  if (!isRecord(value)) return [];
  const secrets: string[] = [];
  for (const [field, content] of Object.entries(value)) {
    if (isSecretField(value, field)) secrets.push(content as string);
  }
  return secrets;
}

/**
 * An entry split into what `auth.json` may keep in the clear (`rest`: type, expiry, unknown
 * non-secret fields) and its secret fields (`secrets`, with the `type` so that a keychain item
 * says what it holds).
 */
export function splitEntrySecrets(entry: Record<string, unknown>): {
  rest: Record<string, unknown>;
  secrets: Record<string, string>;
} {
  const rest: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  for (const [field, content] of Object.entries(entry)) {
    if (isSecretField(entry, field)) secrets[field] = content as string;
    else rest[field] = content;
  }
  if (typeof entry.type === 'string') secrets.type = entry.type;
  return { rest, secrets };
}
