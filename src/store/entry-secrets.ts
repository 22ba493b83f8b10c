import { isRecord } from '../is-record.js';

/** Field names of a stored entry that hold secrets (beyond the known `key`, `token`, `access`, `refresh`). */
const SECRET_FIELD = /secret|token|key|password|refresh|access|credential/i;

/**
 * The secrets a raw `auth.json` entry holds, read without validation, for the redaction registry:
 * its key, token, access and refresh tokens and any other string field whose name says secret
 * (an OAuth `client_secret` another tool stored). A `wellknown` entry's `key` is a variable name,
 * not a secret, and is left out (redacting it would hide it from the messages that name it).
 */
export function entrySecrets(value: unknown): string[] {
  if (!isRecord(value)) return [];
  const secrets: string[] = [];
  for (const [field, content] of Object.entries(value)) {
    if (field === 'type' || typeof content !== 'string') continue;
    if (field === 'key' && value.type === 'wellknown') continue;
    if (SECRET_FIELD.test(field)) secrets.push(content);
  }
  return secrets;
}
