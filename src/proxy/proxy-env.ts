import type { CredentialTarget } from '../credentials/credential-target.js';
import { PROVIDERS } from '../providers/provider-table.js';
import { CUSTOM_HEADERS_VARIABLE } from './custom-headers.js';
import { TARGET_PREFIXES } from './proxy-routes.js';

/**
 * Every variable that carries a credential, or points a client at one, that credhelper knows:
 * a child behind the proxy inherits none of them (`exec --proxy`, `CredentialProxy.childEnv`).
 * The Anthropic, AWS and Google names, credhelper's own, and each provider's key variables of the
 * provider table (`OPENAI_API_KEY`…): a secretless agent gets no key at all.
 */
export const CREDENTIAL_VARIABLES: readonly string[] = [
  ...new Set([
    'ANTHROPIC_API_KEY',
    'ANTHROPIC_AUTH_TOKEN',
    'CLAUDE_CODE_OAUTH_TOKEN',
    'CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR',
    'CLAUDE_CODE_OAUTH_REFRESH_TOKEN',
    'CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_SECURITY_TOKEN',
    'AWS_CREDENTIAL_EXPIRATION',
    'AWS_PROFILE',
    'AWS_DEFAULT_PROFILE',
    'AWS_BEARER_TOKEN_BEDROCK',
    'AWS_SHARED_CREDENTIALS_FILE',
    'AWS_WEB_IDENTITY_TOKEN_FILE',
    'AWS_ROLE_ARN',
    'AWS_ROLE_SESSION_NAME',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
    'AWS_CONTAINER_AUTHORIZATION_TOKEN',
    'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
    'GOOGLE_APPLICATION_CREDENTIALS',
    'GOOGLE_OAUTH_ACCESS_TOKEN',
    'GOOGLE_API_KEY',
    'CLOUDSDK_AUTH_ACCESS_TOKEN',
    'CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE',
    ...PROVIDERS.flatMap((provider) => provider.keyVariables),
  ]),
];

/** Claude Code's provider switches: it talks to one provider, chosen by these. */
export const CLAUDE_CODE_PROVIDER_FLAGS = [
  'CLAUDE_CODE_USE_BEDROCK',
  'CLAUDE_CODE_USE_VERTEX',
  'CLAUDE_CODE_USE_FOUNDRY',
];

/** What `proxyEnv` needs to know of the resolved targets. */
export interface ProxyEnvFacts {
  url: string;
  token: string;
  targets: readonly CredentialTarget[];
  /** The target Claude Code is switched to (`CLAUDE_CODE_USE_BEDROCK=1` / `CLAUDE_CODE_USE_VERTEX=1`, or neither). */
  primary: CredentialTarget;
  bedrockRegion?: string;
  vertex?: { projectId: string; region: string };
}

/**
 * The variables an agent needs to go through the proxy, for each target (Claude Code's and the
 * SDKs' names), holding the proxy token and no credential:
 * - anthropic: `ANTHROPIC_BASE_URL=<url>/anthropic`, `ANTHROPIC_AUTH_TOKEN=<token>`;
 * - bedrock: `ANTHROPIC_BEDROCK_BASE_URL` (Claude Code, `AnthropicBedrock`) and
 *   `AWS_ENDPOINT_URL_BEDROCK_RUNTIME` / `AWS_ENDPOINT_URL_BEDROCK` (AWS SDKs and CLI) `=<url>/bedrock`,
 *   `AWS_BEARER_TOKEN_BEDROCK=<token>`, `AWS_REGION`;
 * - vertex: `ANTHROPIC_VERTEX_BASE_URL=<url>/vertex/v1`, `CLAUDE_CODE_SKIP_VERTEX_AUTH=1`,
 *   `ANTHROPIC_AUTH_TOKEN=<token>`, `ANTHROPIC_VERTEX_PROJECT_ID`, `GOOGLE_CLOUD_PROJECT`, `CLOUD_ML_REGION`;
 * - `CLAUDE_CODE_USE_BEDROCK=1` or `CLAUDE_CODE_USE_VERTEX=1` for the primary target only (Claude
 *   Code uses one provider; an Anthropic primary sets neither).
 */
export function proxyEnv(facts: ProxyEnvFacts): Record<string, string> {
  const env: Record<string, string> = {};
  const base = (target: CredentialTarget) => `${facts.url}${TARGET_PREFIXES[target]}`;
  if (facts.targets.includes('anthropic')) {
    env.ANTHROPIC_BASE_URL = base('anthropic');
    env.ANTHROPIC_AUTH_TOKEN = facts.token;
  }
  if (facts.targets.includes('bedrock')) {
    env.ANTHROPIC_BEDROCK_BASE_URL = base('bedrock');
    env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = base('bedrock');
    env.AWS_ENDPOINT_URL_BEDROCK = base('bedrock');
    env.AWS_BEARER_TOKEN_BEDROCK = facts.token;
    if (facts.bedrockRegion !== undefined) env.AWS_REGION = facts.bedrockRegion;
  }
  if (facts.targets.includes('vertex')) {
    env.ANTHROPIC_VERTEX_BASE_URL = base('vertex');
    env.CLAUDE_CODE_SKIP_VERTEX_AUTH = '1';
    env.ANTHROPIC_AUTH_TOKEN = facts.token;
    if (facts.vertex !== undefined) {
      env.ANTHROPIC_VERTEX_PROJECT_ID = facts.vertex.projectId;
      env.GOOGLE_CLOUD_PROJECT = facts.vertex.projectId;
      env.CLOUD_ML_REGION = facts.vertex.region;
    }
  }
  if (facts.primary === 'bedrock') env.CLAUDE_CODE_USE_BEDROCK = '1';
  if (facts.primary === 'vertex') env.CLAUDE_CODE_USE_VERTEX = '1';
  return env;
}

/**
 * The names a child behind the proxy must not inherit: {@link CREDENTIAL_VARIABLES}, Claude Code's
 * provider switches (the proxy's env sets the one it wants), the Bedrock auth skip (with it,
 * Claude Code would not send the proxy token), and `ANTHROPIC_CUSTOM_HEADERS` (often a gateway's
 * key: the proxy adds those headers upstream itself).
 */
export function proxyUnset(): string[] {
  return [
    ...CREDENTIAL_VARIABLES,
    ...CLAUDE_CODE_PROVIDER_FLAGS,
    'CLAUDE_CODE_SKIP_BEDROCK_AUTH',
    CUSTOM_HEADERS_VARIABLE,
  ];
}
