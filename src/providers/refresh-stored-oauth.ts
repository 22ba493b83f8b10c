import type { Clock } from '../cache/clock.js';
import { CredentialHelperError } from '../errors.js';
import { isProxyAuthRequired, proxyAuthRequiredError } from '../net/proxy-auth-error.js';
import { withProxy } from '../net/proxy-dispatcher.js';
import { proxyForUrl, proxyLabel } from '../net/proxy-for-url.js';
import type { ReadonlyEnv } from '../read-env.js';
import type { SecretRegistry } from '../redact.js';
import type { AuthEntry } from '../schemas/auth-file.js';
import type { AuthStore } from '../store/auth-store.js';
import { entrySecrets } from '../store/entry-secrets.js';
import { holdExitSignals } from '../store/hold-exit-signals.js';
import { openEntry } from '../store/open-entry.js';
import { putEntry } from '../store/put-entry.js';
import { backendOfEntry } from '../store/store-mode.js';
import { tokenUrlProblem } from '../token-url.js';
import type { OAuthEndpoint } from './provider-table.js';

/**
 * A stored OAuth access token is refreshed this long before it expires, or half-way through its
 * life when that is shorter (see {@link refreshMarginMs}).
 */
export const OAUTH_REFRESH_MARGIN_MS = 5 * 60_000;

type OAuthEntry = Extract<AuthEntry, { type: 'oauth' }>;

/**
 * How long before its expiry `entry` is refreshed: {@link OAUTH_REFRESH_MARGIN_MS}, but at most
 * half its lifetime when credhelper refreshed it (it records `issued`, ms since the epoch), so
 * that a token living 5 minutes or less is not requested again on every call.
 */
export function refreshMarginMs(entry: OAuthEntry): number {
  const issued = (entry as { issued?: unknown }).issued;
  if (typeof issued !== 'number' || !Number.isFinite(issued) || issued >= entry.expires) return OAUTH_REFRESH_MARGIN_MS;
  return Math.min(OAUTH_REFRESH_MARGIN_MS, Math.floor((entry.expires - issued) / 2));
}

/** Whether `entry`'s access token is within its refresh margin of its expiry (or past it). */
export function needsRefresh(entry: OAuthEntry, now: number): boolean {
  return entry.expires - refreshMarginMs(entry) <= now;
}

/** What {@link refreshStoredOAuth} needs. */
export interface RefreshStoredOAuthInit {
  store: AuthStore;
  id: string;
  provider: string;
  endpoint: OAuthEndpoint | undefined;
  now: Clock;
  timeoutMs: number;
  secrets: SecretRegistry;
  /** Where the proxy variables are read (`HTTPS_PROXY`, `NO_PROXY`…); without it the request goes direct. */
  env?: ReadonlyEnv;
  /** An access token the API rejected (401): refresh even if it has not expired, unless it was already replaced. */
  rejectedAccess?: string;
}

function oauthEntry(entry: AuthEntry, id: string, file: string): OAuthEntry {
  if (entry.type !== 'oauth') {
    throw new CredentialHelperError('CREDENTIALS_NOT_FOUND', `entry "${id}" of ${file} is no longer an OAuth entry`);
  }
  return entry;
}

/**
 * The endpoint's `error` field when it is an error code of RFC 6749's shape (`invalid_grant`:
 * lower-case letters and `_`), else nothing: an endpoint may echo what it was sent (the refresh
 * token) in that field, whole or cut, and only a code is worth showing.
 */
function oauthErrorCode(body: unknown, secrets: SecretRegistry): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const code = (body as { error?: unknown }).error;
  if (typeof code !== 'string' || !/^[a-z][a-z_]{0,39}$/.test(code)) return undefined;
  return secrets.redact(code) === code ? code : undefined;
}

async function requestToken(
  init: RefreshStoredOAuthInit,
  endpoint: OAuthEndpoint,
  refresh: string,
  /** Called just before the request leaves (the endpoint may rotate the refresh token from then on). */
  sending: () => void,
) {
  // Loaded before the request: between the answer and the write, nothing is waited for but the write.
  const { tokenResponseSchema } = await import('../schemas/auth-file.js');
  const fields: Record<string, string> = { grant_type: 'refresh_token', refresh_token: refresh };
  if (endpoint.clientId !== undefined) fields.client_id = endpoint.clientId;
  const json = endpoint.body === 'json';
  const what = `the OAuth token endpoint of ${init.provider} (${endpoint.tokenUrl})`;
  const problem = tokenUrlProblem(endpoint.tokenUrl);
  if (problem !== undefined) {
    // Checked before any network access: the refresh token must not leave in the clear.
    throw new CredentialHelperError(
      'INVALID_OPTION',
      `cannot refresh "${init.id}": the token URL of ${init.provider} (oauth.${init.provider}.tokenUrl) ${problem}. Fix: use an https URL.`,
      { setting: `oauth.${init.provider}.tokenUrl` },
    );
  }
  let response: Response;
  try {
    sending();
    response = await fetch(
      endpoint.tokenUrl,
      await withProxy(
        endpoint.tokenUrl,
        {
          method: 'POST',
          // A redirect would re-send the refresh token to wherever the endpoint points: never followed.
          redirect: 'error',
          headers: {
            'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded',
            accept: 'application/json',
          },
          body: json ? JSON.stringify(fields) : new URLSearchParams(fields).toString(),
          signal: AbortSignal.timeout(init.timeoutMs),
        },
        init.env ?? {},
      ),
    );
  } catch (error) {
    const redirected = String((error as { cause?: { message?: unknown } }).cause?.message).includes('redirect');
    const reason =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${init.timeoutMs} ms`
        : redirected
          ? 'it answered with a redirect, which credhelper does not follow (the refresh token would go along). Fix: set the final token URL'
          : `network error${networkCode(error)}`;
    const proxy = init.env === undefined ? undefined : proxyForUrl(endpoint.tokenUrl, init.env);
    if (proxy !== undefined && isProxyAuthRequired(error)) {
      throw proxyAuthRequiredError(proxy, new URL(endpoint.tokenUrl).host, error);
    }
    const via = proxy === undefined ? '' : ` through the proxy ${proxyLabel(proxy)} (HTTPS_PROXY / NO_PROXY)`;
    throw new CredentialHelperError('PROVIDER_FAILED', `cannot refresh "${init.id}": ${what}${via}: ${reason}`, {
      setting: init.id,
    });
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const oauthError = oauthErrorCode(body, init.secrets);
  if (!response.ok) {
    const rejected = oauthError === 'invalid_grant' || response.status === 401 || response.status === 403;
    throw new CredentialHelperError(
      rejected ? 'CREDENTIALS_REJECTED' : 'PROVIDER_FAILED',
      `${what} refused to refresh "${init.id}" (HTTP ${response.status}${oauthError === undefined ? '' : `, ${oauthError}`}). ` +
        (rejected ? `Log in again: credhelper login ${init.provider}` : 'Try again later.'),
      { setting: init.id },
    );
  }
  const parsed = tokenResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new CredentialHelperError('OUTPUT_INVALID', `${what} answered without a usable token for "${init.id}"`, {
      setting: init.id,
      issuePaths: parsed.error.issues.map((issue) => issue.path.join('.')),
    });
  }
  return parsed.data;
}

/**
 * Refreshes the stored OAuth entry `id` under the store's lock, after a re-read: when another
 * process already refreshed it, its result is used and no request is made, so N processes
 * refresh once. The new tokens are written back (the old refresh token is kept when the answer
 * has none; unknown fields of the entry are kept). On any failure nothing is written.
 *
 * An endpoint that rotates refresh tokens makes the old one useless once it has the request, so
 * from the moment the request leaves until the new tokens are stored (keychain item and
 * auth.json), SIGINT, SIGTERM and SIGHUP wait (see `holdExitSignals`); after the answer only the
 * parse and the write remain. SIGKILL cannot wait: a process killed with it in that window loses
 * the new refresh token, and the user logs in again.
 */
export async function refreshStoredOAuth(init: RefreshStoredOAuthInit): Promise<OAuthEntry> {
  const { store, id } = init;
  let release: (() => void) | undefined;
  try {
    return await refreshUnderLock(init, store, id, () => {
      release ??= holdExitSignals();
    });
  } finally {
    release?.();
  }
}

function refreshUnderLock(
  init: RefreshStoredOAuthInit,
  store: AuthStore,
  id: string,
  sending: () => void,
): Promise<OAuthEntry> {
  return store.update(async (data) => {
    const entry = oauthEntry(await openEntry(data, id, store.path, init.env ?? {}, init.secrets), id, store.path);
    for (const secret of entrySecrets(entry)) init.secrets.add(secret);
    const rejected = init.rejectedAccess !== undefined && entry.access === init.rejectedAccess;
    if (!rejected && !needsRefresh(entry, init.now())) return entry;
    if (init.endpoint === undefined) {
      throw new CredentialHelperError(
        'CREDENTIALS_EXPIRED',
        `the stored OAuth token "${id}" needs refreshing, but no token endpoint is known for ${init.provider}. ` +
          `Fix: set providers.${init.provider}.tokenUrl in the settings, or log in again.`,
        { setting: id },
      );
    }
    const started = init.now();
    const answer = await requestToken(init, init.endpoint, entry.refresh, sending);
    init.secrets.add(answer.access_token);
    if (answer.refresh_token !== undefined) init.secrets.add(answer.refresh_token);
    const updated: OAuthEntry = {
      ...entry,
      access: answer.access_token,
      refresh: answer.refresh_token ?? entry.refresh,
      expires: started + Math.round(answer.expires_in * 1000),
      issued: started,
    };
    // Back where the entry lives: its keychain item is replaced in place (written and read back) before auth.json.
    await putEntry(data, id, updated, backendOfEntry(data[id], init.env ?? {}), store.path);
    return updated;
  });
}

/** ` (ECONNREFUSED)`: the system error code under fetch's "fetch failed", when there is one (never a value). */
function networkCode(error: unknown): string {
  let cause = (error as { cause?: unknown }).cause;
  for (let depth = 0; depth < 3 && cause !== undefined && cause !== null; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(code)) return ` (${code})`;
    cause = (cause as { cause?: unknown }).cause;
  }
  return '';
}
