import { isRecord } from '../is-record.js';
import { readSmallFile } from '../read-small-file.js';

/** String fields of an ADC file that are secrets (authorized_user, service_account, external_account_authorized_user). */
const SECRET_FIELDS = ['client_secret', 'refresh_token', 'private_key', 'access_token'] as const;

function fromJson(json: unknown, depth: number): string[] {
  if (!isRecord(json) || depth > 3) return [];
  const secrets: string[] = [];
  for (const field of SECRET_FIELDS) {
    const value = json[field];
    if (typeof value === 'string') secrets.push(value);
  }
  // impersonated_service_account wraps other credentials.
  if (isRecord(json.source_credentials)) secrets.push(...fromJson(json.source_credentials, depth + 1));
  const source = json.credential_source;
  if (json.type === 'external_account' && isRecord(source) && typeof source.file === 'string') {
    // The workload-identity subject token: a file, as text or as JSON with the token in a field.
    const text = readSmallFile(source.file, 64 * 1024);
    if (text !== undefined) {
      secrets.push(text, text.trim());
      const format = isRecord(source.format) ? source.format : undefined;
      const field = format?.type === 'json' ? format.subject_token_field_name : undefined;
      if (typeof field === 'string') {
        try {
          const parsed: unknown = JSON.parse(text);
          const token = isRecord(parsed) ? parsed[field] : undefined;
          if (typeof token === 'string') secrets.push(token);
        } catch {
          // google-auth-library reports a malformed subject token file.
        }
      }
    }
  }
  return secrets;
}

/**
 * The secrets an Application Default Credentials file holds or points to: client secrets,
 * refresh tokens, private keys, and an `external_account`'s subject token (read from the file its
 * `credential_source` names). credhelper reads them only to register them for redaction before
 * google-auth-library uses them, so that an error on the way (a token endpoint that echoes the
 * subject token) is redacted. Unreadable or malformed files yield nothing (the library reports them).
 */
export function adcSecrets(path: string): string[] {
  const text = readSmallFile(path);
  if (text === undefined) return [];
  try {
    return fromJson(JSON.parse(text), 0);
  } catch {
    return [];
  }
}
