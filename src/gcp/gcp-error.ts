import { CredentialHelperError } from '../errors.js';
import { redact, sanitizedCause } from '../redact.js';

/** Where in the ADC flow a failure happened. */
export type AdcStage = 'load' | 'token';

/** Codes of failures that `gcpAuthRefresh` (a login) can fix; a network failure is not one of them. */
export const GCP_REFRESHABLE_CODES: ReadonlySet<string> = new Set([
  'CREDENTIALS_NOT_FOUND',
  'SOURCE_UNREADABLE',
  'CREDENTIALS_REJECTED',
  'CREDENTIALS_EXPIRED',
]);

const NO_ADC = 'Could not load the default credentials';
const REJECTED_ERRORS = new Set(['invalid_grant', 'invalid_client', 'unauthorized_client', 'invalid_token']);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);
const FIX_LOGIN = 'Fix: run `gcloud auth application-default login`, or set `gcpAuthRefresh` to do it automatically.';
/** The fix when `gcpAuthRefresh` is set already: it ran (or will run) and did not renew them. */
const FIX_LOGIN_REFRESH_SET =
  'Fix: run `gcloud auth application-default login`; `gcpAuthRefresh` is set, so check that it renews this file.';

interface GaxiosLike {
  name?: string;
  message?: string;
  code?: string | number;
  cause?: unknown;
  response?: { status?: number; data?: unknown };
}

/** A failure to reach an endpoint: any HTTP client error without a response, or a socket error. */
function isNetworkFailure(error: GaxiosLike): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const e = current as GaxiosLike;
    if (e.name === 'GaxiosError' || e.name === 'AbortError' || e.name === 'TimeoutError') return true;
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
    current = e.cause;
  }
  return false;
}

/** The `code` of `error` or of one of its causes (`ENOENT`…). */
function errnoCode(error: GaxiosLike): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const e = current as GaxiosLike;
    if (typeof e.code === 'string') return e.code;
    current = e.cause;
  }
  return undefined;
}

/**
 * The message for a key file named by `GOOGLE_APPLICATION_CREDENTIALS` that cannot be used: a
 * login writes another file, which this variable overrides, so the fix is the variable.
 */
function envFileMessage(envFile: string, error: GaxiosLike, detail: string, stage: AdcStage): string {
  const fix =
    'Fix: point GOOGLE_APPLICATION_CREDENTIALS at your credentials file, or unset it to use the file ' +
    '`gcloud auth application-default login` writes (or the metadata server).';
  if (stage === 'load' && errnoCode(error) === 'ENOENT') {
    return `GOOGLE_APPLICATION_CREDENTIALS names ${envFile}, which does not exist. ${fix}`;
  }
  // Read while minting, the missing or malformed file may also be one the key file names.
  const which = stage === 'load' ? '' : ' (or a file it names)';
  return `the file GOOGLE_APPLICATION_CREDENTIALS names (${envFile})${which} could not be used: ${detail}. ${fix}`;
}

function errorField(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || !('error' in data)) return undefined;
  return typeof data.error === 'string' ? data.error : undefined;
}

/**
 * Maps a google-auth-library failure to a typed error. Loading ADC: "no ADC at all" is
 * `CREDENTIALS_NOT_FOUND`, any other failure (missing, unreadable or malformed file) is
 * `SOURCE_UNREADABLE`. Minting a token: a token endpoint that answers 400/401/403 (e.g.
 * `invalid_grant`) is `CREDENTIALS_REJECTED`; an endpoint that cannot be reached or answers
 * otherwise is `PROVIDER_FAILED`; anything else (a key file or subject-token file that cannot be
 * read or parsed: the library reads some files only now) is `SOURCE_UNREADABLE`.
 * The library's message is kept, redacted; the `cause` is a sanitized copy of its error (the
 * original holds the request, whose body can hold a subject token). `envFile` is the value of
 * `GOOGLE_APPLICATION_CREDENTIALS`, if set: a file it names that cannot be loaded is told to fix
 * or unset the variable (a login would not help). `refreshConfigured`: `gcpAuthRefresh` is set, so
 * the fix does not tell the user to set it.
 */
export function translateGcpError(
  error: unknown,
  stage: AdcStage,
  secrets: Iterable<string>,
  envFile?: string,
  refreshConfigured = false,
): CredentialHelperError {
  const fixLogin = refreshConfigured ? FIX_LOGIN_REFRESH_SET : FIX_LOGIN;
  if (error instanceof CredentialHelperError) return error;
  const e = (error ?? {}) as GaxiosLike;
  const message = String(e.message ?? error);
  const detail = redact(`${e.name ?? 'Error'}: ${message.slice(0, 400)}`, secrets);
  const make = (code: ConstructorParameters<typeof CredentialHelperError>[0], text: string) =>
    new CredentialHelperError(code, text, { setting: 'gcp:adc', cause: sanitizedCause(error, secrets) });

  if (stage === 'load') {
    if (message.startsWith(NO_ADC)) {
      return make(
        'CREDENTIALS_NOT_FOUND',
        'no Google Application Default Credentials: GOOGLE_APPLICATION_CREDENTIALS is not set, there is no ' +
          `application_default_credentials.json, and no metadata server answered. ${fixLogin}`,
      );
    }
    // Finding the project can ask a Google API: offline that is a network failure, and no login helps.
    if (e.response === undefined && isNetworkFailure(e)) {
      return make(
        'PROVIDER_FAILED',
        `Google could not be reached while loading Application Default Credentials: ${detail}. ` +
          'Fix: check the network, or name the project (ANTHROPIC_VERTEX_PROJECT_ID or GOOGLE_CLOUD_PROJECT) so that none is looked up.',
      );
    }
    if (envFile !== undefined) return make('SOURCE_UNREADABLE', envFileMessage(envFile, e, detail, stage));
    return make(
      'SOURCE_UNREADABLE',
      `the Application Default Credentials file could not be used: ${detail}. ${fixLogin}`,
    );
  }
  const status = e.response?.status;
  if (status === 400 || status === 401 || status === 403) {
    const reason = errorField(e.response?.data);
    if (status !== 400 || (reason !== undefined && REJECTED_ERRORS.has(reason))) {
      return make(
        'CREDENTIALS_REJECTED',
        `the token endpoint rejected the Application Default Credentials (HTTP ${status}` +
          `${reason ? `, ${reason}` : ''}). ${fixLogin}`,
      );
    }
  }
  if (e.response === undefined && !isNetworkFailure(e)) {
    if (envFile !== undefined) return make('SOURCE_UNREADABLE', envFileMessage(envFile, e, detail, stage));
    return make(
      'SOURCE_UNREADABLE',
      `the Application Default Credentials (or a file they name) could not be read: ${detail}. ${fixLogin}`,
    );
  }
  return make(
    'PROVIDER_FAILED',
    `minting a Google access token failed: ${detail}. This is not a credentials problem (no login was ` +
      'started): check the network path to the token endpoint or metadata server.',
  );
}
