import { CredentialHelperError } from '../errors.js';
import { envValue, type ReadonlyEnv } from '../read-env.js';
import type { UpstreamKind } from './proxy-routes.js';

/** Base URLs the proxy forwards to instead of the real endpoints (tests, a corporate gateway). */
export interface ProxyUpstreams {
  /** Default `ANTHROPIC_BASE_URL` of the proxy's own environment, else `https://api.anthropic.com`. */
  anthropic?: string;
  /**
   * The Bedrock runtime (`/model/…`). Default `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`, else
   * `ANTHROPIC_BEDROCK_BASE_URL`, else `AWS_ENDPOINT_URL` (unless `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`),
   * else `https://bedrock-runtime.<region>.amazonaws.com`.
   */
  bedrockRuntime?: string;
  /**
   * The Bedrock control plane (`/inference-profiles`). Default `AWS_ENDPOINT_URL_BEDROCK`, else
   * `ANTHROPIC_BEDROCK_BASE_URL`, else `AWS_ENDPOINT_URL`, else `https://bedrock.<region>.amazonaws.com`.
   */
  bedrock?: string;
  /**
   * Vertex AI, ending in `/v1` (as `ANTHROPIC_VERTEX_BASE_URL`, its default). Else by the region in
   * the request's path: `https://aiplatform.googleapis.com/v1` for `global`,
   * `https://aiplatform.<us|eu>.rep.googleapis.com/v1` for the multi-regions, else
   * `https://<region>-aiplatform.googleapis.com/v1`.
   */
  vertex?: string;
}

/** A base URL, checked: `http:` or `https:`, no query, no credentials; returned without a trailing `/`. */
export function checkedBaseUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CredentialHelperError('INVALID_OPTION', `expected ${name} to be an http(s) URL, got an unparsable value`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search !== '' || url.hash !== '') {
    throw new CredentialHelperError(
      'INVALID_OPTION',
      `expected ${name} to be an http(s) URL without query, got ${url.protocol}//${url.host}`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new CredentialHelperError('INVALID_OPTION', `expected ${name} without a user or password in it`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function awsEndpoint(env: ReadonlyEnv, serviceVariable: string): string | undefined {
  if (envValue(env, 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS')?.toLowerCase() === 'true') {
    return envValue(env, 'ANTHROPIC_BEDROCK_BASE_URL');
  }
  return (
    envValue(env, serviceVariable) ?? envValue(env, 'ANTHROPIC_BEDROCK_BASE_URL') ?? envValue(env, 'AWS_ENDPOINT_URL')
  );
}

/**
 * Where each kind of route goes, fixed when the proxy starts (pinned: a request cannot name its
 * host). `bedrockRuntime` and `bedrock` depend on the Bedrock credential's region and `vertex` on the
 * request's, so those are functions.
 */
export interface UpstreamTable {
  base(kind: UpstreamKind, region: string): string;
}

/** The {@link UpstreamTable} for `options` over `env` (the proxy's own environment, never the agent's). */
export function upstreamTable(options: ProxyUpstreams, env: ReadonlyEnv): UpstreamTable {
  const pick = (explicit: string | undefined, fromEnv: string | undefined, name: string, envName: string) => {
    if (explicit !== undefined) return checkedBaseUrl(explicit, `upstreams.${name}`);
    if (fromEnv !== undefined) return checkedBaseUrl(fromEnv, envName);
    return undefined;
  };
  const anthropic =
    pick(options.anthropic, envValue(env, 'ANTHROPIC_BASE_URL'), 'anthropic', 'ANTHROPIC_BASE_URL') ??
    'https://api.anthropic.com';
  const runtime = pick(
    options.bedrockRuntime,
    awsEndpoint(env, 'AWS_ENDPOINT_URL_BEDROCK_RUNTIME'),
    'bedrockRuntime',
    'AWS_ENDPOINT_URL_BEDROCK_RUNTIME',
  );
  const control = pick(
    options.bedrock,
    awsEndpoint(env, 'AWS_ENDPOINT_URL_BEDROCK'),
    'bedrock',
    'AWS_ENDPOINT_URL_BEDROCK',
  );
  const vertex = pick(
    options.vertex,
    envValue(env, 'ANTHROPIC_VERTEX_BASE_URL'),
    'vertex',
    'ANTHROPIC_VERTEX_BASE_URL',
  );
  return {
    base(kind, region) {
      switch (kind) {
        case 'anthropic':
          return anthropic;
        case 'bedrock-runtime':
          return runtime ?? `https://bedrock-runtime.${region}.amazonaws.com`;
        case 'bedrock':
          return control ?? `https://bedrock.${region}.amazonaws.com`;
        case 'vertex':
          if (vertex !== undefined) return vertex;
          if (region === 'global') return 'https://aiplatform.googleapis.com/v1';
          if (region === 'us' || region === 'eu') return `https://aiplatform.${region}.rep.googleapis.com/v1`;
          return `https://${region}-aiplatform.googleapis.com/v1`;
      }
    },
  };
}
