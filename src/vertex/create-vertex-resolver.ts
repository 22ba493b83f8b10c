import { isAbsolute } from 'node:path';
import type { AuthClient } from 'google-auth-library';
import { CredentialCache } from '../cache/credential-cache.js';
import { sharedBinding } from '../cache/shared-binding.js';
import type { CallOptions } from '../chain/call-options.js';
import type { Explanation } from '../chain/explain-chain.js';
import { MemoizedResolver } from '../chain/memoized-resolver.js';
import { resolveWithRefresh } from '../chain/resolve-with-refresh.js';
import { helperCwdOf, type SourceContext } from '../chain/source-context.js';
import { backgroundRefreshRecovery, backgroundRefreshReporter } from '../credentials/credential-diagnostic.js';
import type { ResolvedOptions } from '../credentials/credential-helper-options.js';
import { CredentialHelperError, isCredentialHelperError } from '../errors.js';
import {
  DEFAULT_GCP_TOKEN_TTL_MS,
  fromApplicationDefault,
  type GcpAccessToken,
} from '../gcp/from-application-default.js';
import { GCP_REFRESHABLE_CODES } from '../gcp/gcp-error.js';
import { createRefreshCommand } from '../helpers/refresh-command.js';
import { coordinateRefresh, type DeadlineRefresh } from '../helpers/refresh-coordinator.js';
import { isRecord } from '../is-record.js';
import { isDateMs } from '../schemas/valid-date.js';
import { explainVertex } from './explain-vertex.js';
import { namedVertexProject, resolveVertexRegion } from './resolve-vertex-settings.js';
import { createVertexAuthClient, type VertexAuthClientOptions } from './vertex-auth-client.js';
import type { ResolvedSetting, VertexCredential } from './vertex-credential.js';

/** Options of a `vertex()` call. */
export interface VertexRequest extends CallOptions {
  /** The model about to be called, for its `VERTEX_REGION_<MODEL>` override. */
  model?: string;
}

/** The Vertex half of a credential helper. */
export interface VertexResolver {
  vertex(request?: VertexRequest, signal?: AbortSignal): Promise<VertexCredential>;
  vertexAuthClient(options?: VertexAuthClientOptions): Promise<AuthClient>;
  invalidate(): void;
  /**
   * Runs the refresh command for a deadline (a person is there to log in), through the refresh
   * coordinator (one run for all processes, cooldown); `false` when none is configured.
   */
  runRefresh(request: DeadlineRefresh): Promise<boolean>;
  explain(): Promise<Explanation>;
}

const isFixableByLogin = (error: unknown): boolean =>
  isCredentialHelperError(error) && GCP_REFRESHABLE_CODES.has(error.code);

/**
 * Wires Application Default Credentials to their cache, the `gcpAuthRefresh` rule (run only when
 * ADC is missing, unreadable or rejected, never for a network failure) and the memo behind
 * `vertex()` and `vertexAuthClient()`.
 */
export function createVertexResolver(context: SourceContext, options: ResolvedOptions): VertexResolver {
  const namedProject = () => namedVertexProject(options.vertex.projectId, context.env);
  const adc = fromApplicationDefault(context, {
    cache: new CredentialCache<GcpAccessToken>({
      now: context.now,
      onBackgroundError: backgroundRefreshReporter(options.onDiagnostic, context.secrets, context.refreshFailures),
      onBackgroundRefreshed: backgroundRefreshRecovery(context.refreshFailures),
      shared: sharedBinding<GcpAccessToken>(
        context,
        options.helperTimeoutMs,
        {
          encode: (token) => token,
          decode: (json) => decodeGcpToken(json, context),
        },
        DEFAULT_GCP_TOKEN_TTL_MS,
      ),
    }),
    timeoutMs: options.helperTimeoutMs,
    knownProjectId: () => namedProject()?.value,
    refreshConfigured: options.settings.gcpAuthRefresh !== undefined,
  });
  // One run for all of the user's processes (shared lock), then a cooldown: see `coordinateRefresh`.
  const refresh = coordinateRefresh(
    createRefreshCommand({
      setting: 'gcpAuthRefresh',
      command: options.settings.gcpAuthRefresh,
      cwd: helperCwdOf(context, 'gcpAuthRefresh'),
      env: context.env,
      timeoutMs: options.refreshTimeoutMs,
      onOutput: options.onRefreshOutput,
      stdin: options.refreshStdin,
    }),
    {
      command: options.settings.gcpAuthRefresh,
      cwd: helperCwdOf(context, 'gcpAuthRefresh'),
      cooldownMs: options.refreshCooldownMs,
      now: context.now,
      sharedStore: context.sharedStore,
      lockTimeoutMs: options.refreshTimeoutMs + options.helperTimeoutMs,
    },
  );

  const projectOf = (token: GcpAccessToken | undefined): ResolvedSetting | undefined =>
    namedProject() ??
    (token?.credentialsProjectId === undefined
      ? undefined
      : { value: token.credentialsProjectId, from: 'credentials' });

  const memo = new MemoizedResolver(async () => {
    const { credential: token, reuseUntil } = await resolveWithRefresh(
      'vertex',
      [adc],
      refresh,
      () => adc.invalidate(),
      isFixableByLogin,
    );
    const project = projectOf(token);
    if (project === undefined) {
      throw new CredentialHelperError(
        'CREDENTIALS_NOT_FOUND',
        `no Vertex project: the credentials from ${token.source} name none, and neither the \`vertex.projectId\` ` +
          'option nor ANTHROPIC_VERTEX_PROJECT_ID, GOOGLE_CLOUD_PROJECT or GCLOUD_PROJECT is set. ' +
          'Fix: set ANTHROPIC_VERTEX_PROJECT_ID.',
        { setting: 'vertex.projectId' },
      );
    }
    const credential: VertexCredential = {
      accessToken: token.accessToken,
      projectId: project.value,
      region: resolveVertexRegion(options.vertex.region, context.env).value,
      source: token.source,
      headers: { authorization: `Bearer ${token.accessToken}` },
    };
    if (token.expiresAt !== undefined) credential.expiresAt = new Date(token.expiresAt);
    if (token.source !== 'gcp:metadata' && isAbsolute(token.location)) credential.credentialsFile = token.location;
    return reuseUntil === undefined ? { credential } : { credential, reuseUntil };
  }, context.now);

  function vertex(request: VertexRequest = {}, signal?: AbortSignal): Promise<VertexCredential> {
    if (request.model === undefined) return memo.get(signal, 'vertex()');
    const model = request.model;
    return memo.get(signal, 'vertex()').then((credential) => {
      const region = resolveVertexRegion(options.vertex.region, context.env, model).value;
      return region === credential.region ? credential : { ...credential, region };
    });
  }

  return {
    vertex,
    vertexAuthClient: (clientOptions = {}) => {
      const projectId = namedProject()?.value;
      return createVertexAuthClient(() => memo.get(), {
        ...clientOptions,
        ...(projectId === undefined ? {} : { projectId }),
      });
    },
    async runRefresh(request) {
      if (!refresh.isConfigured()) return false;
      await refresh.runForDeadline(request);
      return true;
    },
    invalidate() {
      memo.invalidate();
      adc.invalidate();
    },
    explain: () =>
      explainVertex(
        context,
        async () => (await adc.load()).credential,
        (token) => {
          const projectId = projectOf(token);
          const region = resolveVertexRegion(options.vertex.region, context.env);
          return projectId === undefined ? { region } : { projectId, region };
        },
      ),
  };
}

/** Reads a minted token back from the shared cache; anything malformed is a miss. */
function decodeGcpToken(json: unknown, context: SourceContext): GcpAccessToken | undefined {
  if (!isRecord(json)) return undefined;
  const { accessToken, source, location, expiresAt, credentialsProjectId } = json;
  if (
    typeof accessToken !== 'string' ||
    accessToken === '' ||
    typeof source !== 'string' ||
    typeof location !== 'string'
  ) {
    return undefined;
  }
  if (expiresAt !== undefined && (typeof expiresAt !== 'number' || !isDateMs(expiresAt))) return undefined;
  if (credentialsProjectId !== undefined && typeof credentialsProjectId !== 'string') return undefined;
  context.secrets.add(accessToken);
  const token: GcpAccessToken = { accessToken, source, location };
  if (expiresAt !== undefined) token.expiresAt = expiresAt;
  if (credentialsProjectId !== undefined) token.credentialsProjectId = credentialsProjectId;
  return token;
}
