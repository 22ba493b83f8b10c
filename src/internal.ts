/**
 * `credhelper/internal`: the building blocks behind the public API (caches, the `auth.json`
 * store, resolvers' tables, redaction, signing), for credhelper's own tests, examples and
 * benchmarks. **Unstable**: any of these names may change or vanish in any release, including a
 * patch. Applications import from `credhelper` only.
 * @packageDocumentation
 */

export { anthropicCredential, OAUTH_BETA_HEADER_VALUE } from './anthropic/anthropic-credential.js';
export { anthropicSources } from './anthropic/anthropic-sources.js';
export { DEFAULT_AWS_CREDENTIAL_EXPORT_TTL_MS } from './aws/aws-defaults.js';
export { AWS_CREDENTIAL_EXPORT_SETTING } from './aws/from-aws-credential-export.js';
export { DEFAULT_AWS_REGION, resolveAwsRegion } from './aws/resolve-aws-region.js';
export type { ResolvedAwsCredentials } from './aws/resolved-aws-credentials.js';
export { BEDROCK_SIGNING_NAME, signBedrockRequest } from './aws/sign-bedrock-request.js';
export type { BedrockAuth } from './bedrock/bedrock-credential.js';
export { BEDROCK_BEARER_TOKEN_VARIABLE } from './bedrock/bedrock-sources.js';
export type { CacheEntry, CacheLoadResult, CredentialCacheOptions } from './cache/credential-cache.js';
export {
  CredentialCache,
  DEFAULT_EXPIRY_MARGIN_MS,
  DEFAULT_MAX_ENTRIES,
  DEFAULT_REFRESH_WINDOW_MS,
} from './cache/credential-cache.js';
export type { CredentialSource, SourceValue } from './chain/credential-source.js';
export { API_KEY_HELPER_TTL_VARIABLES } from './credentials/credential-helper-options.js';
export { credentialRejected, fetchWithCredentials } from './credentials/fetch-with-credentials.js';
export { CLOUD_PLATFORM_SCOPE, DEFAULT_GCP_TOKEN_TTL_MS } from './gcp/from-application-default.js';
export type { RefreshCommand, RefreshCommandInit } from './helpers/refresh-command.js';
export { createRefreshCommand } from './helpers/refresh-command.js';
export { DEFAULT_KILL_GRACE_MS, DEFAULT_MAX_OUTPUT_BYTES, STREAM_CLOSE_GRACE_MS } from './helpers/run-helper.js';
export * from './index.js';
export { PROVIDER_PRECEDENCE } from './providers/provider-sources.js';
export { OAUTH_REFRESH_MARGIN_MS } from './providers/refresh-stored-oauth.js';
export type { SanitizedCause } from './redact.js';
export { fingerprint, redact, sanitizedCause } from './redact.js';
export type { AuthEntryType } from './store/auth-entries.js';
export { AUTH_ORDER_KEY } from './store/auth-entries.js';
export type { AuthData, AuthStoreOptions } from './store/auth-store.js';
export { AuthStore, DEFAULT_STORE_LOCK_WAIT_MS, DEFAULT_STORE_STALE_MS } from './store/auth-store.js';
export { authFilePath } from './store/data-dir.js';
export {
  DEFAULT_VERTEX_REGION,
  VERTEX_PROJECT_VARIABLES,
  vertexRegionVariables,
} from './vertex/resolve-vertex-settings.js';
