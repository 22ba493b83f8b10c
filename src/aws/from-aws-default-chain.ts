import { join } from 'node:path';
import { sourceCacheKey } from '../cache/cache-identity.js';
import { type CredentialCache, reuseUntilOf } from '../cache/credential-cache.js';
import type { CredentialSource } from '../chain/credential-source.js';
import { envValue, homeDir, type SourceContext } from '../chain/source-context.js';
import { withTimeout } from '../chain/with-timeout.js';
import { CredentialHelperError } from '../errors.js';
import { isProxyAuthRequired, proxyAnswered407Since, proxyAuthRequiredError } from '../net/proxy-auth-error.js';
import { proxyConfigured, proxyForUrl, proxyLabel } from '../net/proxy-for-url.js';
import { readSmallFile } from '../read-small-file.js';
import { redact, sanitizedCause } from '../redact.js';
import { assertAwsCredentialFields } from '../schemas/aws-credential-fields.js';
import { awsSourceName } from './aws-source-name.js';
import { credentialProcessRecursionError, type SdkLogger, watchNestedRefusal } from './nested-refusal-watch.js';
import type { AwsCredentials } from './parse-aws-credential-export.js';
import { plainAwsCredentials, type ResolvedAwsCredentials } from './resolved-aws-credentials.js';
import { ssoRefreshProxyHint } from './sso-refresh-proxy-hint.js';

/** Options of {@link fromAwsDefaultChain}. */
export interface AwsDefaultChainInit {
  /** How long to wait for the SDK chain (its `credential_process` runs have no timeout of their own). */
  timeoutMs: number;
  /** Reuse time of credentials without an expiry (static keys). */
  ttlMs: number;
  cache: CredentialCache<ResolvedAwsCredentials>;
}

/** The part of `fromNodeProviderChain` that credhelper uses. */
export type NodeProviderChainFactory = (init: {
  profile?: string;
  filepath?: string;
  configFilepath?: string;
  ignoreCache?: boolean;
  logger?: SdkLogger;
  clientConfig?: { requestHandler?: Record<string, unknown> };
  parentClientConfig?: { requestHandler?: Record<string, unknown> };
}) => () => Promise<AwsCredentials>;

const NAME = 'aws:default-chain';
/** SDK failures that a login fixes: expired tokens, and the SSO provider's "run aws sso login" hint. */
const EXPIRED_PATTERN = /expired|ExpiredToken|TokenRefreshRequired|aws sso login/i;

async function loadNodeProviderChain(): Promise<NodeProviderChainFactory> {
  const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
  return fromNodeProviderChain;
}

/**
 * The AWS SDK's default credential chain (`fromNodeProviderChain`, imported on first use): env keys
 * (skipped when `AWS_PROFILE` is set), SSO, the profile (static keys, role, `credential_process`),
 * web identity, container credentials, IMDS. The profile and the ini file paths come from the
 * `env` credhelper was given; the SDK reads every other variable from `process.env` itself.
 *
 * Each load builds a fresh SDK chain with `ignoreCache: true`, so files rewritten by
 * `awsAuthRefresh` are read again; results are cached like `awsCredentialExport`'s. The credential's
 * `source` names the link that produced it (`aws:env`, `aws:profile`, `aws:credential_process`,
 * `aws:sso`, `aws:web_identity`, `aws:container`, `aws:imds`).
 */
export function fromAwsDefaultChain(
  context: SourceContext,
  init: AwsDefaultChainInit,
): CredentialSource<ResolvedAwsCredentials> & { invalidate(): void } {
  function chainInit() {
    const options: Parameters<NodeProviderChainFactory>[0] = { ignoreCache: true };
    const profile = envValue(context.env, 'AWS_PROFILE');
    const filepath = envValue(context.env, 'AWS_SHARED_CREDENTIALS_FILE');
    const configFilepath = envValue(context.env, 'AWS_CONFIG_FILE');
    if (profile !== undefined) options.profile = profile;
    if (filepath !== undefined) options.filepath = filepath;
    if (configFilepath !== undefined) options.configFilepath = configFilepath;
    return options;
  }

  /**
   * What the chain reads: the profile and ini paths from `env`, every variable of `env` and of
   * `process.env` (the SDK reads env keys, web identity, container and IMDS settings there, and a
   * profile's `credential_process` inherits it), and the ini and web identity token files.
   */
  function cacheKey(): string {
    const { profile, filepath, configFilepath } = chainInit();
    // A path `env` does not set is the SDK's own default, from `process.env` (its HOME, its
    // AWS_CONFIG_FILE): those files are stamped too, else a library `env` without the variable
    // would stamp a file the SDK never reads.
    const files = new Set<string>();
    for (const env of [context.env, process.env]) {
      const home = homeDir(env);
      files.add(configFilepath ?? envValue(env, 'AWS_CONFIG_FILE') ?? join(home, '.aws', 'config'));
      files.add(filepath ?? envValue(env, 'AWS_SHARED_CREDENTIALS_FILE') ?? join(home, '.aws', 'credentials'));
    }
    const tokenFile =
      envValue(context.env, 'AWS_WEB_IDENTITY_TOKEN_FILE') ?? envValue(process.env, 'AWS_WEB_IDENTITY_TOKEN_FILE');
    if (tokenFile !== undefined) files.add(tokenFile);
    return sourceCacheKey(context, NAME, {
      settings: { profile, filepath, configFilepath },
      environments: [context.env, process.env],
      files: [...files],
    });
  }

  async function resolve() {
    const fromNodeProviderChain = await loadNodeProviderChain(); // the SDK loads only when this link runs
    // The web identity token (the SDK reads the file itself, from process.env): registered when read.
    for (const file of new Set([
      envValue(context.env, 'AWS_WEB_IDENTITY_TOKEN_FILE'),
      envValue(process.env, 'AWS_WEB_IDENTITY_TOKEN_FILE'),
    ])) {
      const token = file === undefined ? undefined : readSmallFile(file, 64 * 1024);
      if (token !== undefined) context.secrets.add(token);
    }
    let credentials: AwsCredentials;
    const watch = watchNestedRefusal(); // a credential_process that runs credhelper itself
    const startedAt = Date.now();
    try {
      // Behind a proxy: STS, SSO and SSO-OIDC calls go through it (the SDK ignores HTTPS_PROXY).
      // node:https and the agents load only then (start-up of `aws-credential-process`).
      const requestHandler = proxyConfigured(context.env)
        ? await (await import('../net/proxy-request-handler.js')).proxyRequestHandler(context.env)
        : undefined;
      const proxied =
        requestHandler === undefined
          ? {}
          : { clientConfig: { requestHandler }, parentClientConfig: { requestHandler } };
      credentials = await withTimeout(
        fromNodeProviderChain({ ...chainInit(), ...proxied, logger: watch.logger })(),
        init.timeoutMs,
        () =>
          new CredentialHelperError(
            'PROVIDER_FAILED',
            `the AWS default credential chain did not answer within ${init.timeoutMs} ms (a credential_process or ` +
              'metadata endpoint that hangs?). Fix: check the profile in AWS_CONFIG_FILE, or raise `helperTimeoutMs`.',
            { setting: NAME },
          ),
      );
    } catch (error) {
      throw watch.refused
        ? credentialProcessRecursionError(chainInit().profile)
        : translateSdkError(error, context, startedAt);
    }
    const source = awsSourceName(credentials, context.env);
    context.secrets.add(credentials.secretAccessKey);
    if (credentials.sessionToken) context.secrets.add(credentials.sessionToken);
    // A container or metadata endpoint, a credential_process or an ini file is outside input: the
    // SDK checks types only (and turns an unparsable Expiration into an Invalid Date).
    assertAwsCredentialFields(credentials, source);
    const expiresAt = credentials.expiration?.getTime();
    if (expiresAt !== undefined && expiresAt <= context.now()) {
      throw new CredentialHelperError(
        'CREDENTIALS_EXPIRED',
        `the AWS credentials from ${source} expired at ${credentials.expiration?.toISOString()}. ` +
          'Fix: renew them (e.g. `aws sso login`), or set `awsAuthRefresh` to do it automatically.',
        { setting: source },
      );
    }
    const value: ResolvedAwsCredentials = { credentials: plainAwsCredentials(credentials), source };
    return expiresAt === undefined ? { value, ttlMs: init.ttlMs } : { value, expiresAt };
  }

  return {
    name: NAME,
    description: 'AWS default chain: env keys, SSO, AWS_PROFILE / default profile, web identity, container, IMDS',
    isConfigured: () => true,
    peekSecret: () => init.cache.peek(cacheKey())?.value.credentials.secretAccessKey,
    invalidate: () => init.cache.invalidate(cacheKey()),
    async load() {
      const entry = await init.cache.getEntry(cacheKey(), resolve);
      return { credential: entry.value, reuseUntil: reuseUntilOf(entry) };
    },
  };
}

/**
 * Maps an AWS SDK failure to a typed error; the SDK's message is kept, redacted, and its error is
 * the `cause` in sanitized form (SDK errors can carry the HTTP exchange they failed on).
 */
function translateSdkError(error: unknown, context: SourceContext, startedAt: number): unknown {
  if (error instanceof CredentialHelperError) return error;
  const { name = 'Error', message = String(error) } = (error ?? {}) as { name?: string; message?: string };
  const detail = redact(`${name}: ${message}`, context.secrets);
  if (name === 'CredentialsProviderError' && /any providers/.test(message)) {
    return new CredentialHelperError(
      'CREDENTIALS_NOT_FOUND',
      'the AWS default credential chain found no credentials (env keys, SSO, profile, web identity, container, ' +
        'IMDS). Fix: set AWS_PROFILE or AWS keys, log in (`aws sso login`), or set `awsCredentialExport`.',
      { setting: NAME, tryNextLink: true, cause: sanitizedCause(error, context.secrets) },
    );
  }
  if (/RFC-3339|date-time|must be between|invalid date/i.test(message)) {
    // A credential endpoint (container, IMDS) answered an Expiration no calendar has: its output is bad.
    return new CredentialHelperError(
      'OUTPUT_INVALID',
      'the AWS default credential chain got credentials whose Expiration is not a real date-time (from a ' +
        'container or instance metadata endpoint, or a credential_process). Fix: the endpoint or process that serves them.',
      { setting: NAME, issuePaths: ['Expiration'], cause: sanitizedCause(error, context.secrets) },
    );
  }
  const code = EXPIRED_PATTERN.test(`${name} ${message}`) ? 'CREDENTIALS_EXPIRED' : 'PROVIDER_FAILED';
  const profile = envValue(context.env, 'AWS_PROFILE');
  // Behind a proxy, a failing call most often failed at the proxy: the message names it.
  const proxy = proxyForUrl('https://sts.amazonaws.com/', context.env);
  if (code === 'PROVIDER_FAILED' && proxy !== undefined) {
    // The SDK drops a proxy's 407 (`Unknown: UnknownError`): the proxy request handler noted it.
    const answered407 = (['https://sts.amazonaws.com/', 'http://sts.amazonaws.com/'] as const).some((url) => {
      const used = proxyForUrl(url, context.env);
      return used !== undefined && proxyAnswered407Since(used, startedAt);
    });
    if (answered407 || isProxyAuthRequired(error)) {
      return proxyAuthRequiredError(proxy, 'the AWS endpoints', error, context.secrets);
    }
    return new CredentialHelperError(
      code,
      `the AWS default credential chain failed through the proxy ${proxyLabel(proxy)} (HTTPS_PROXY / HTTP_PROXY): ${detail}. ` +
        'Fix: check that the proxy lets the AWS endpoints through, or list hosts to reach directly in NO_PROXY.',
      { setting: NAME, cause: sanitizedCause(error, context.secrets) },
    );
  }
  return new CredentialHelperError(
    code,
    `the AWS default credential chain failed: ${detail}. Fix: renew the credentials of ` +
      `${profile === undefined ? 'the AWS chain' : `profile ${JSON.stringify(profile)}`} ` +
      '(e.g. `aws sso login`) or set `awsAuthRefresh` to do it automatically.' +
      ssoRefreshProxyHint(message, context.env),
    { setting: NAME, cause: sanitizedCause(error, context.secrets) },
  );
}
