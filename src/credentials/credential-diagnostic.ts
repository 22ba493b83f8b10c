import type { CacheEntry } from '../cache/credential-cache.js';
import type { RefreshFailureLog } from '../cache/refresh-failure-log.js';
import { isCredentialHelperError } from '../errors.js';
import type { SecretRegistry } from '../redact.js';

/**
 * Something a user should learn about although no call failed. Never holds a secret: messages
 * are redacted with every secret credhelper has seen.
 */
export interface CredentialDiagnostic {
  /**
   * `background-refresh-failed`: a refresh-ahead load failed; the current value stays in use.
   * `helper-stderr`: `apiKeyHelper` printed a key (used) and also wrote a warning to stderr
   * (`message` holds its redacted tail, at most 2 000 bytes; see `strictHelperStderr`).
   */
  kind: 'background-refresh-failed' | 'helper-stderr';
  /** The source whose refresh failed, e.g. `helper:awsCredentialExport`, `aws:default-chain`, `gcp:adc`. */
  source: string;
  /** The error's code (`HELPER_EXIT`, `PROVIDER_FAILED`…, `HELPER_STDERR` for a warning), or `UNKNOWN`. */
  code: string;
  /** The error's message, redacted. */
  message: string;
  /** Until when the current value is still handed out: fix the cause before then. */
  usableUntil?: Date;
}

/** Receives {@link CredentialDiagnostic}s (the `onDiagnostic` option). */
export type DiagnosticListener = (diagnostic: CredentialDiagnostic) => void;

/** The source named by a cache key: its first part (see `sourceCacheKey`). */
function sourceOfKey(key: string): string {
  return key.split('\0')[0] ?? key;
}

/**
 * A cache's `onBackgroundError` that tells `listener` (when there is one) and records the failure
 * in `log` (the shared cache's {@link RefreshFailureLog}, when on) for `credhelper status`: the
 * source is the cache key's first part (see `sourceCacheKey`). A listener that throws is ignored.
 */
export function backgroundRefreshReporter(
  listener: DiagnosticListener | undefined,
  secrets: SecretRegistry,
  log?: RefreshFailureLog,
): ((error: unknown, key: string, entry?: CacheEntry<unknown>) => void) | undefined {
  if (listener === undefined && log === undefined) return undefined;
  return (error, key, entry) => {
    const diagnostic: CredentialDiagnostic = {
      kind: 'background-refresh-failed',
      source: sourceOfKey(key),
      code: isCredentialHelperError(error) ? error.code : 'UNKNOWN',
      message: secrets.redact(error instanceof Error ? error.message : String(error)),
    };
    if (entry !== undefined && Number.isFinite(entry.usableUntil)) diagnostic.usableUntil = new Date(entry.usableUntil);
    // Recorded under the whole cache key (source and keyed identity hash): one record per identity.
    void log?.record(
      {
        source: diagnostic.source,
        code: diagnostic.code,
        message: diagnostic.message,
        at: Date.now(),
        ...(diagnostic.usableUntil === undefined ? {} : { usableUntil: diagnostic.usableUntil.getTime() }),
      },
      key,
    );
    try {
      listener?.(diagnostic);
    } catch {
      // a diagnostics listener must not break the cache
    }
  };
}

/**
 * A cache's `onBackgroundRefreshed`: an entry that refreshed again drops its own recorded failure
 * from `log` (by its cache key: a success under another identity leaves the failure in place).
 */
export function backgroundRefreshRecovery(log: RefreshFailureLog | undefined): ((key: string) => void) | undefined {
  if (log === undefined) return undefined;
  return (key) => {
    void log.clear(key);
  };
}
