import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { fromAwsCredentialExport } from '../aws/from-aws-credential-export.js';
import { fromAwsDefaultChain } from '../aws/from-aws-default-chain.js';
import { mintBedrockApiKey } from '../aws/mint-bedrock-api-key.js';
import type { AwsCredentials } from '../aws/parse-aws-credential-export.js';
import { resolveAwsRegion, resolveAwsRegionSetting } from '../aws/resolve-aws-region.js';
import type { ResolvedAwsCredentials } from '../aws/resolved-aws-credentials.js';
import { type BedrockRequest, signBedrockRequest } from '../aws/sign-bedrock-request.js';
import { CredentialCache } from '../cache/credential-cache.js';
import { sharedBinding } from '../cache/shared-binding.js';
import { type Explanation, explainChain } from '../chain/explain-chain.js';
import { MemoizedResolver } from '../chain/memoized-resolver.js';
import { mayBeFixedByLogin, resolveWithRefresh } from '../chain/resolve-with-refresh.js';
import { helperCwdOf, type SourceContext } from '../chain/source-context.js';
import { backgroundRefreshRecovery, backgroundRefreshReporter } from '../credentials/credential-diagnostic.js';
import type { ResolvedOptions } from '../credentials/credential-helper-options.js';
import { createRefreshCommand } from '../helpers/refresh-command.js';
import { coordinateRefresh, type DeadlineRefresh } from '../helpers/refresh-coordinator.js';
import { isRecord } from '../is-record.js';
import { assertBedrockBearerToken, awsCredentialProblems } from '../schemas/aws-credential-fields.js';
import { type BedrockCredential, bedrockSecretOf } from './bedrock-credential.js';
import { bedrockSources } from './bedrock-sources.js';

/**
 * A minted Bedrock API key is re-minted this long before it expires, or half-way through its life
 * when that is shorter (a key minted from credentials with 4 minutes left is reused for 2 minutes,
 * not re-minted on every call).
 */
const MINTED_KEY_MARGIN_MS = 5 * 60_000;

/** The Bedrock half of a credential helper. */
export interface BedrockResolver {
  bedrock(signal?: AbortSignal): Promise<BedrockCredential>;
  awsCredentialProvider(): AwsCredentialIdentityProvider;
  signBedrockRequest(request: BedrockRequest): Promise<Record<string, string>>;
  invalidate(): void;
  /**
   * Runs the refresh command for a deadline (a person is there to log in), through the refresh
   * coordinator (one run for all processes, cooldown); `false` when none is configured.
   */
  runRefresh(request: DeadlineRefresh): Promise<boolean>;
  explain(): Promise<Explanation>;
}

/**
 * Wires the Bedrock precedence (`bedrockSources`) to its caches, the `awsAuthRefresh` command and
 * two memos: one for `bedrock()` (bearer or SigV4) and one for the SigV4-only path behind
 * `awsCredentialProvider()`. Both read the same per-source caches, so a helper runs once for both.
 */
export function createBedrockResolver(context: SourceContext, options: ResolvedOptions): BedrockResolver {
  const awsCache = new CredentialCache<ResolvedAwsCredentials>({
    now: context.now,
    onBackgroundError: backgroundRefreshReporter(options.onDiagnostic, context.secrets, context.refreshFailures),
    onBackgroundRefreshed: backgroundRefreshRecovery(context.refreshFailures),
    shared: sharedBinding<ResolvedAwsCredentials>(
      context,
      options.helperTimeoutMs,
      {
        encode: ({ credentials, source }) => ({
          ...credentials,
          expiration: credentials.expiration?.getTime(),
          source,
        }),
        decode: (json) => decodeAwsCredentials(json, context),
      },
      options.awsCredentialExportTtlMs,
    ),
  });
  const exportSource = fromAwsCredentialExport(context, {
    command: options.settings.awsCredentialExport,
    timeoutMs: options.helperTimeoutMs,
    ttlMs: options.awsCredentialExportTtlMs,
    cache: awsCache,
  });
  const chainSource = fromAwsDefaultChain(context, {
    timeoutMs: options.helperTimeoutMs,
    ttlMs: options.awsCredentialExportTtlMs,
    cache: awsCache,
  });
  const sigV4 = [exportSource, chainSource];
  const sources = bedrockSources(context, { bearerToken: options.bedrock.bearerToken, sigV4 });
  // One run for all of the user's processes (shared lock), then a cooldown: see `coordinateRefresh`.
  const refresh = coordinateRefresh(
    createRefreshCommand({
      setting: 'awsAuthRefresh',
      command: options.settings.awsAuthRefresh,
      cwd: helperCwdOf(context, 'awsAuthRefresh'),
      env: context.env,
      timeoutMs: options.refreshTimeoutMs,
      onOutput: options.onRefreshOutput,
      stdin: options.refreshStdin,
    }),
    {
      command: options.settings.awsAuthRefresh,
      cwd: helperCwdOf(context, 'awsAuthRefresh'),
      cooldownMs: options.refreshCooldownMs,
      now: context.now,
      sharedStore: context.sharedStore,
      lockTimeoutMs: options.refreshTimeoutMs + options.helperTimeoutMs,
    },
  );
  const dropAwsCaches = (): void => {
    exportSource.invalidate();
    chainSource.invalidate();
  };

  // awsAuthRefresh renews SigV4 credentials: a bearer source that fails (an expired pasted token,
  // a corrupt store entry) stops the resolution with its own error, and never runs it.
  const sigV4Names = new Set(sigV4.map((source) => source.name));
  const refreshable = (error: unknown, failed: { name: string } | undefined): boolean =>
    mayBeFixedByLogin(error) && (failed === undefined || sigV4Names.has(failed.name));
  const bedrockMemo = new MemoizedResolver(async () => {
    const { credential, reuseUntil } = await resolveWithRefresh(
      'bedrock',
      sources,
      refresh,
      dropAwsCaches,
      refreshable,
    );
    // A bearer token goes into a header and, through the CLI, into shell output: one rule at entry.
    if (credential.type === 'bearer') assertBedrockBearerToken(credential.token, credential.source);
    const region = await resolveAwsRegion(options.bedrock.region, context.env);
    if (options.bedrock.mintBearerToken && credential.type === 'sigv4') {
      // A short-term API key minted from whatever SigV4 source won; re-minted when it is re-resolved.
      const minted = await mintBedrockApiKey(credential.credentials, region, context.now(), credential.source);
      context.secrets.add(minted.token);
      const resolved: BedrockCredential = {
        type: 'bearer',
        token: minted.token,
        source: `minted:${credential.source}`,
        region,
        expiresAt: minted.expiresAt,
      };
      const expiresAtMs = minted.expiresAt.getTime();
      const margin = Math.min(MINTED_KEY_MARGIN_MS, (expiresAtMs - context.now()) / 2);
      const until = Math.min(reuseUntil ?? Number.POSITIVE_INFINITY, expiresAtMs - margin);
      return { credential: resolved, reuseUntil: until };
    }
    const resolved: BedrockCredential = { ...credential, region };
    return reuseUntil === undefined ? { credential: resolved } : { credential: resolved, reuseUntil };
  }, context.now);
  const awsMemo = new MemoizedResolver(() => resolveWithRefresh('bedrock', sigV4, refresh, dropAwsCaches), context.now);
  const provider: AwsCredentialIdentityProvider = async (): Promise<AwsCredentials> =>
    (await awsMemo.get()).credentials;

  return {
    bedrock: (signal) => bedrockMemo.get(signal, 'bedrock()'),
    awsCredentialProvider: () => provider,
    async signBedrockRequest(request) {
      return signBedrockRequest(await bedrockMemo.get(), request);
    },
    async runRefresh(request) {
      if (!refresh.isConfigured()) return false;
      await refresh.runForDeadline(request);
      return true;
    },
    invalidate() {
      bedrockMemo.invalidate();
      awsMemo.invalidate();
      dropAwsCaches();
    },
    async explain() {
      const explanation = await explainChain('bedrock', sources, bedrockSecretOf, (auth) => auth.source);
      const sigV4Won =
        sigV4.some((source) => source.name === explanation.winner) || explanation.winner?.startsWith('aws:');
      if (options.bedrock.mintBearerToken && sigV4Won) {
        // What bedrock() hands out is a key minted from the winner (its `source` says `minted:`).
        explanation.winnerDetail = `minted:${explanation.winnerDetail ?? explanation.winner}`;
      }
      try {
        explanation.resolved = { region: await resolveAwsRegionSetting(options.bedrock.region, context.env) };
      } catch {
        // An invalid region is `bedrock()`'s error to report (OUTPUT_INVALID, naming where it came from).
      }
      return explanation;
    },
  };
}

/**
 * Reads AWS credentials back from the shared cache; anything malformed, or a field that breaks the
 * rules of `aws-credential-fields.ts` (a planted file), is a miss.
 */
function decodeAwsCredentials(json: unknown, context: SourceContext): ResolvedAwsCredentials | undefined {
  if (!isRecord(json)) return undefined;
  const { accessKeyId, secretAccessKey, sessionToken, expiration, source } = json;
  if (typeof accessKeyId !== 'string' || typeof secretAccessKey !== 'string' || typeof source !== 'string') {
    return undefined;
  }
  if (sessionToken !== undefined && typeof sessionToken !== 'string') return undefined;
  if (expiration !== undefined && typeof expiration !== 'number') return undefined;
  const credentials: AwsCredentials = { accessKeyId, secretAccessKey };
  if (sessionToken !== undefined) credentials.sessionToken = sessionToken;
  if (expiration !== undefined) credentials.expiration = new Date(expiration); // NaN or out of range: Invalid Date
  if (awsCredentialProblems(credentials).length > 0) return undefined;
  context.secrets.add(secretAccessKey);
  if (sessionToken !== undefined) context.secrets.add(sessionToken);
  return { credentials, source };
}
