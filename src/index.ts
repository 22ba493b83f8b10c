export type { AnthropicCredential, AnthropicCredentialType } from './anthropic/anthropic-credential.js';
export type { AwsCredentialExportShape, AwsCredentials } from './aws/parse-aws-credential-export.js';
export { parseAwsCredentialExport } from './aws/parse-aws-credential-export.js';
export type { BedrockRequest } from './aws/sign-bedrock-request.js';
export type {
  BedrockBearerCredential,
  BedrockCredential,
  BedrockSigV4Credential,
} from './bedrock/bedrock-credential.js';
export type { Clock } from './cache/clock.js';
export type { CallOptions } from './chain/call-options.js';
export type { CandidateStatus, ExplainCandidate, Explanation } from './chain/explain-chain.js';
export { FAILURE_WINDOW_MS } from './chain/failure-window.js';
export type { ReadonlyEnv } from './chain/source-context.js';
export type { CredentialHelper, CredentialTarget, ProviderRequest } from './credentials/create-credential-helper.js';
export { createCredentialHelper } from './credentials/create-credential-helper.js';
export type { CredentialDiagnostic, DiagnosticListener } from './credentials/credential-diagnostic.js';
export { CREDENTIAL_ERROR_HEADER } from './credentials/credential-failure-response.js';
export type {
  BedrockOptions,
  CredentialHelperOptions,
  DotenvOptions,
  HelperSettingName,
  HelperSettings,
  ProvidersOptions,
  VertexOptions,
} from './credentials/credential-helper-options.js';
export { DEFAULT_API_KEY_HELPER_TTL_MS, DEFAULT_REFRESH_TIMEOUT_MS } from './credentials/credential-helper-options.js';
export type { ValidFor } from './credentials/ensure-valid-for.js';
export type { FetchLike } from './credentials/fetch-with-credentials.js';
export type { CredentialHelperErrorCode, CredentialHelperErrorDetails } from './errors.js';
export { CredentialHelperError, isCredentialHelperError } from './errors.js';
export type { RefreshStdin } from './helpers/refresh-command.js';
export type { HelperCommand, HelperResult, RunHelperOptions } from './helpers/run-helper.js';
export { DEFAULT_HELPER_TIMEOUT_MS, runHelper } from './helpers/run-helper.js';
export type { ProviderCredential } from './providers/provider-sources.js';
export type { OAuthEndpoint, ProviderInfo } from './providers/provider-table.js';
export { PROVIDERS } from './providers/provider-table.js';
export type { ProxyLogSink } from './proxy/proxy-log.js';
export type { CredentialProxy, ProxyOptions } from './proxy/proxy-options.js';
export { DEFAULT_PROXY_MAX_BODY_BYTES } from './proxy/proxy-options.js';
export type { ProxyUpstreams } from './proxy/proxy-upstreams.js';
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
export { heldWritesSettled } from './store/hold-exit-signals.js';
export type { VertexRequest } from './vertex/create-vertex-resolver.js';
export type { VertexAuthClientOptions } from './vertex/vertex-auth-client.js';
export type { ResolvedSetting, VertexCredential } from './vertex/vertex-credential.js';
