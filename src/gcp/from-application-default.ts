import { sourceCacheKey } from '../cache/cache-identity.js';
import { type CredentialCache, reuseUntilOf } from '../cache/credential-cache.js';
import type { CredentialSource } from '../chain/credential-source.js';
import { envValue, type SourceContext } from '../chain/source-context.js';
import { withTimeout } from '../chain/with-timeout.js';
import { CredentialHelperError } from '../errors.js';
import { isDateMs } from '../schemas/valid-date.js';
import { wellKnownAdcFile } from './adc-paths.js';
import { adcSecrets } from './adc-secrets.js';
import { type AdcStage, translateGcpError } from './gcp-error.js';

/** The OAuth scope Vertex AI needs. */
export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
/** Reuse time of a token whose expiry the library did not report. */
export const DEFAULT_GCP_TOKEN_TTL_MS = 5 * 60_000;

/** An access token minted from Application Default Credentials. */
export interface GcpAccessToken {
  accessToken: string;
  /** ms since the epoch, when the library reported it. */
  expiresAt?: number;
  /** `gcp:env-file`, `gcp:well-known-file`, `gcp:metadata` or `gcp:external-account`. */
  source: string;
  /** Where the credentials were found (a file path, or the metadata server). */
  location: string;
  /** The credentials' own project, looked up only when no option or variable names one. */
  credentialsProjectId?: string;
}

type GoogleAuthLibrary = typeof import('google-auth-library');

/** Options of {@link fromApplicationDefault}. */
export interface ApplicationDefaultInit {
  cache: CredentialCache<GcpAccessToken>;
  /** How long to wait for the library to find credentials and mint a token. */
  timeoutMs: number;
  /** The project named by an option or variable, if any: passed to `GoogleAuth` so it asks nobody. */
  knownProjectId: () => string | undefined;
  /** Whether `gcpAuthRefresh` is set (its errors then do not suggest setting it). */
  refreshConfigured?: boolean;
}

async function loadLibrary(): Promise<GoogleAuthLibrary> {
  return import('google-auth-library');
}

/**
 * Google Application Default Credentials through `google-auth-library` (imported on first use):
 * `GOOGLE_APPLICATION_CREDENTIALS` (taken from credhelper's `env`), else the well-known file, else
 * the GCE metadata server, in the library's order. Mints a cloud-platform access token and caches
 * it until its expiry (refresh-ahead in the last 5 minutes). Each load uses a fresh `GoogleAuth`,
 * so a file that `gcpAuthRefresh` wrote is read again.
 */
export function fromApplicationDefault(
  context: SourceContext,
  init: ApplicationDefaultInit,
): CredentialSource<GcpAccessToken> & { invalidate(): void } {
  const name = 'gcp:adc';
  // What ADC reads: the key file and the well-known file, every variable of `env` and of
  // `process.env` (the library reads GCE_METADATA_HOST, CLOUDSDK_* and more there, and an
  // external account's executable source inherits it), and the project passed to it.
  // Without GOOGLE_APPLICATION_CREDENTIALS in `env`, the library looks in `process.env` and its
  // HOME / CLOUDSDK_CONFIG: the files it may read from there are stamped too.
  const cacheKey = (): string => {
    const files = new Set<string>();
    for (const env of [context.env, process.env]) {
      for (const file of [envValue(env, 'GOOGLE_APPLICATION_CREDENTIALS'), wellKnownAdcFile(env)]) {
        if (file !== undefined) files.add(file);
      }
    }
    return sourceCacheKey(context, name, {
      settings: { projectId: init.knownProjectId() },
      environments: [context.env, process.env],
      files: [...files],
    });
  };

  function bounded<T>(promise: Promise<T>, stage: AdcStage): Promise<T> {
    const what = stage === 'load' ? 'finding Application Default Credentials' : 'minting a Google access token';
    return withTimeout(
      promise,
      init.timeoutMs,
      () =>
        new CredentialHelperError(
          'PROVIDER_FAILED',
          `${what} took longer than ${init.timeoutMs} ms (a metadata server or token endpoint that does not answer?). Fix: check the network path, or raise \`helperTimeoutMs\`.`,
          {
            setting: name,
          },
        ),
    );
  }

  async function mint(): Promise<{ value: GcpAccessToken; expiresAt?: number; ttlMs?: number }> {
    const lib = await loadLibrary();
    const keyFilename = envValue(context.env, 'GOOGLE_APPLICATION_CREDENTIALS');
    const projectId = init.knownProjectId();
    // Registered when read: the library's errors may quote the subject token or a refresh token.
    const adcFile = keyFilename ?? wellKnownAdcFile(context.env);
    if (adcFile !== undefined) for (const secret of adcSecrets(adcFile)) context.secrets.add(secret);
    const auth = new lib.GoogleAuth({
      scopes: [CLOUD_PLATFORM_SCOPE],
      ...(keyFilename === undefined ? {} : { keyFilename }),
      ...(projectId === undefined ? {} : { projectId }),
    });
    const client = await bounded(auth.getClient(), 'load').catch((error: unknown) => {
      throw translateGcpError(error, 'load', context.secrets, keyFilename, init.refreshConfigured);
    });
    const { token } = await bounded(client.getAccessToken(), 'token').catch((error: unknown) => {
      throw translateGcpError(error, 'token', context.secrets, keyFilename, init.refreshConfigured);
    });
    if (typeof token !== 'string' || token === '') {
      throw new CredentialHelperError('PROVIDER_FAILED', 'google-auth-library returned no access token', {
        setting: name,
      });
    }
    context.secrets.add(token);
    const value: GcpAccessToken = { accessToken: token, ...describeClient(lib, client, keyFilename, context.env) };
    if (projectId === undefined) {
      const own = await bounded(auth.getProjectId(), 'load').catch(() => undefined);
      if (typeof own === 'string' && own !== '') value.credentialsProjectId = own;
    }
    const expiry = client.credentials?.expiry_date;
    if (typeof expiry === 'number' && isDateMs(expiry)) {
      value.expiresAt = expiry;
      return { value, expiresAt: expiry };
    }
    return { value, ttlMs: DEFAULT_GCP_TOKEN_TTL_MS };
  }

  return {
    name,
    description: 'Google Application Default Credentials (env file, well-known file, metadata server)',
    isConfigured: () => true,
    peekSecret: () => init.cache.peek(cacheKey())?.value.accessToken,
    invalidate: () => init.cache.invalidate(cacheKey()),
    async load() {
      const entry = await init.cache.getEntry(cacheKey(), mint);
      return { credential: entry.value, reuseUntil: reuseUntilOf(entry) };
    },
  };
}

function describeClient(
  lib: GoogleAuthLibrary,
  client: object,
  keyFilename: string | undefined,
  env: SourceContext['env'],
): { source: string; location: string } {
  const location = keyFilename ?? wellKnownAdcFile(env) ?? 'application_default_credentials.json';
  if (client instanceof lib.Compute) return { source: 'gcp:metadata', location: 'the GCE metadata server' };
  if (client instanceof lib.BaseExternalAccountClient || client instanceof lib.ExternalAccountAuthorizedUserClient) {
    return { source: 'gcp:external-account', location };
  }
  return { source: keyFilename === undefined ? 'gcp:well-known-file' : 'gcp:env-file', location };
}
