export type { AnthropicCredential, AnthropicCredentialType } from './anthropic/anthropic-credential.js';
export { anthropicCredential, OAUTH_BETA_HEADER_VALUE } from './anthropic/anthropic-credential.js';
export { anthropicSources } from './anthropic/anthropic-sources.js';
export { DEFAULT_AWS_CREDENTIAL_EXPORT_TTL_MS } from './aws/aws-defaults.js';
export { AWS_CREDENTIAL_EXPORT_SETTING } from './aws/from-aws-credential-export.js';
export type { AwsCredentialExportShape, AwsCredentials } from './aws/parse-aws-credential-export.js';
export { parseAwsCredentialExport } from './aws/parse-aws-credential-export.js';
export { DEFAULT_AWS_REGION, resolveAwsRegion } from './aws/resolve-aws-region.js';
export type { ResolvedAwsCredentials } from './aws/resolved-aws-credentials.js';
export type { BedrockRequest } from './aws/sign-bedrock-request.js';
export { BEDROCK_SIGNING_NAME, signBedrockRequest } from './aws/sign-bedrock-request.js';
export type {
  BedrockAuth,
  BedrockBearerCredential,
  BedrockCredential,
  BedrockSigV4Credential,
} from './bedrock/bedrock-credential.js';
export { BEDROCK_BEARER_TOKEN_VARIABLE } from './bedrock/bedrock-sources.js';
export type { Clock } from './cache/clock.js';
export type { CacheEntry, CacheLoadResult, CredentialCacheOptions } from './cache/credential-cache.js';
export {
  CredentialCache,
  DEFAULT_EXPIRY_MARGIN_MS,
  DEFAULT_MAX_ENTRIES,
  DEFAULT_REFRESH_WINDOW_MS,
} from './cache/credential-cache.js';
export type { CredentialSource, SourceValue } from './chain/credential-source.js';
export type { CandidateStatus, ExplainCandidate, Explanation } from './chain/explain-chain.js';
export type { CredentialHelper, CredentialTarget, ProviderRequest } from './credentials/create-credential-helper.js';
export { createCredentialHelper } from './credentials/create-credential-helper.js';
export type { CredentialDiagnostic, DiagnosticListener } from './credentials/credential-diagnostic.js';
export type {
  BedrockOptions,
  CredentialHelperOptions,
  DotenvOptions,
  HelperSettingName,
  ProvidersOptions,
  VertexOptions,
} from './credentials/credential-helper-options.js';
export {
  API_KEY_HELPER_TTL_VARIABLES,
  DEFAULT_API_KEY_HELPER_TTL_MS,
  DEFAULT_REFRESH_TIMEOUT_MS,
} from './credentials/credential-helper-options.js';
export type { FetchLike } from './credentials/fetch-with-credentials.js';
export { credentialRejected, fetchWithCredentials } from './credentials/fetch-with-credentials.js';
export type { CredentialHelperErrorCode, CredentialHelperErrorDetails } from './errors.js';
export { CredentialHelperError, isCredentialHelperError } from './errors.js';
export { CLOUD_PLATFORM_SCOPE, DEFAULT_GCP_TOKEN_TTL_MS } from './gcp/from-application-default.js';
export type { RefreshCommand, RefreshCommandInit } from './helpers/refresh-command.js';
export { createRefreshCommand } from './helpers/refresh-command.js';
export type { HelperCommand, HelperResult, RunHelperOptions } from './helpers/run-helper.js';
export {
  DEFAULT_HELPER_TIMEOUT_MS,
  DEFAULT_KILL_GRACE_MS,
  DEFAULT_MAX_OUTPUT_BYTES,
  runHelper,
  STREAM_CLOSE_GRACE_MS,
} from './helpers/run-helper.js';
export type { ProviderCredential } from './providers/provider-sources.js';
export { PROVIDER_PRECEDENCE } from './providers/provider-sources.js';
export type { OAuthEndpoint, ProviderInfo } from './providers/provider-table.js';
export { PROVIDERS } from './providers/provider-table.js';
export { OAUTH_REFRESH_MARGIN_MS } from './providers/refresh-stored-oauth.js';
export type { SanitizedCause } from './redact.js';
export { fingerprint, redact, sanitizedCause } from './redact.js';
export type { AuthEntry } from './schemas/auth-file.js';
export { authEntrySchema, importedEntrySchema, tokenResponseSchema } from './schemas/auth-file.js';
export {
  awsExpirationSchema,
  credentialProcessSchema,
  stsCredentialsSchema,
  stsOutputSchema,
} from './schemas/aws-credential-export.js';
export { credentialTextSchema, envDurationMsSchema, envFileDescriptorSchema } from './schemas/env-values.js';
export type { Settings } from './schemas/settings.js';
export { helperCommandSchema, settingsSchema } from './schemas/settings.js';
export type { AuthEntryType } from './store/auth-entries.js';
export { AUTH_ORDER_KEY } from './store/auth-entries.js';
export type { AuthData, AuthStoreOptions } from './store/auth-store.js';
export { AuthStore, DEFAULT_STORE_LOCK_WAIT_MS, DEFAULT_STORE_STALE_MS } from './store/auth-store.js';
export { authFilePath } from './store/data-dir.js';
export type { VertexRequest } from './vertex/create-vertex-resolver.js';
export {
  DEFAULT_VERTEX_REGION,
  VERTEX_PROJECT_VARIABLES,
  vertexRegionVariables,
} from './vertex/resolve-vertex-settings.js';
export type { ResolvedSetting, VertexCredential } from './vertex/vertex-credential.js';
