import { createRequire } from 'node:module';

/** What a redacted secret is replaced with. */
export const REDACTED = '[REDACTED]';

/** Secrets shorter than this are not redacted by value (they would match ordinary words). */
const MIN_SECRET_LENGTH = 6;

/**
 * Shapes of well-known secrets, redacted even when credhelper never saw the value:
 * Anthropic keys, AWS access key ids, bearer tokens and `KEY=value` assignments of secret-like names.
 */
const SECRET_PATTERNS: readonly RegExp[] = [
  /sk-ant-[A-Za-z0-9_-]+/g,
  /\b(?:AKIA|ASIA)[A-Z0-9]{12,}\b/g,
  /\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi,
  // Not after a path separator: `cat: ~/.config/anthropic/key: No such file` names a path, not a secret.
  /(?<![/\\])\b([A-Z0-9_]*(?:KEY|TOKEN|SECRET|PASSWORD)[A-Z0-9_]*\s*[=:]\s*)\S+/gi,
  // V8's JSON.parse errors quote the input (`Unexpected token 'x', "<text>" is not valid JSON`).
  /(, )".*?"(?:\.\.\.)?(?= is not valid JSON)/gs,
];

/**
 * Replaces every known secret and every secret-shaped string in `text` with {@link REDACTED}.
 * Longer secrets are replaced first so that a secret containing another is removed whole.
 */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  const sorted = [...secrets].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  for (const secret of sorted) out = out.split(secret).join(REDACTED);
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (_match, prefix: unknown) => `${typeof prefix === 'string' ? prefix : ''}${REDACTED}`);
  }
  return out;
}

/**
 * Every secret this process has resolved, so that any message credhelper builds can be scrubbed of
 * them. Values are held in memory only and never printed.
 */
export class SecretRegistry {
  readonly #secrets = new Set<string>();

  /** Remembers `secret` (and its trimmed form) for later redaction. */
  add(secret: string): void {
    if (secret.length >= MIN_SECRET_LENGTH) this.#secrets.add(secret);
    const trimmed = secret.trim();
    if (trimmed !== secret && trimmed.length >= MIN_SECRET_LENGTH) this.#secrets.add(trimmed);
  }

  /** The remembered secrets, for passing on to {@link redact}. */
  [Symbol.iterator](): Iterator<string> {
    return this.#secrets.values();
  }

  /** `text` with every remembered secret and secret-shaped string redacted. */
  redact(text: string): string {
    return redact(text, this.#secrets);
  }
}

/**
 * A short, non-reversible identifier for a secret: the first 12 hex digits of its SHA-256.
 * Lets people tell two credentials apart (`explain`, `status`) without seeing either.
 */
export function fingerprint(secret: string): string {
  // node:crypto is loaded on first use (start-up cost), synchronously through require.
  const { createHash } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return `sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 12)}`;
}

/** An error from a dependency, reduced to what is safe to keep as a `cause`. */
export interface SanitizedCause extends Error {
  code?: string | number;
  status?: number;
}

/**
 * A stand-in for a cloud SDK's error, fit to be a `cause`: its name, redacted message, `code` and
 * HTTP status, and the same for its own causes (three deep). The original is dropped because SDK
 * errors carry the request they failed on (a token exchange's body holds the subject token) and
 * the response, which `util.inspect` and loggers print whole.
 */
export function sanitizedCause(error: unknown, secrets: Iterable<string> = [], depth = 3): SanitizedCause {
  const source = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
    status?: unknown;
    response?: { status?: unknown };
    $metadata?: { httpStatusCode?: unknown };
    cause?: unknown;
  };
  const message = redact(String(source.message ?? ''), secrets).slice(0, 500);
  const nested = depth > 1 && source.cause !== undefined ? sanitizedCause(source.cause, secrets, depth - 1) : undefined;
  const safe: SanitizedCause = nested === undefined ? new Error(message) : new Error(message, { cause: nested });
  safe.name = typeof source.name === 'string' ? source.name : 'Error';
  if (typeof source.code === 'string' || typeof source.code === 'number') safe.code = source.code;
  const status = source.response?.status ?? source.$metadata?.httpStatusCode ?? source.status;
  if (typeof status === 'number') safe.status = status;
  return safe;
}
