import type { ResolvedAwsCredentials } from '../aws/resolved-aws-credentials.js';
import type { CredentialSource } from '../chain/credential-source.js';
import { fromEnvVar } from '../chain/from-env-var.js';
import type { SourceContext } from '../chain/source-context.js';
import { CredentialHelperError } from '../errors.js';
import { fromStore } from '../providers/from-store.js';
import type { BedrockAuth } from './bedrock-credential.js';

/** The variable Bedrock API keys are read from (the AWS SDK's and Claude Code's name). */
export const BEDROCK_BEARER_TOKEN_VARIABLE = 'AWS_BEARER_TOKEN_BEDROCK';

function bearer(token: string, source: string): BedrockAuth {
  return { type: 'bearer', token, source };
}

function fromBearerOption(context: SourceContext, token: string | undefined): CredentialSource<BedrockAuth> {
  const name = 'option:bedrock.bearerToken';
  return {
    name,
    description: 'Bedrock API key passed as the `bedrock.bearerToken` option',
    isConfigured: () => token !== undefined,
    peekSecret: () => token,
    async load() {
      if (token === undefined) {
        throw new CredentialHelperError('CREDENTIALS_NOT_FOUND', `${name} is not set`, { tryNextLink: true });
      }
      context.secrets.add(token);
      return { credential: bearer(token, name) };
    },
  };
}

/** Presents a SigV4 source (AWS credentials) as a Bedrock source. */
export function asBedrockSource(source: CredentialSource<ResolvedAwsCredentials>): CredentialSource<BedrockAuth> {
  return {
    name: source.name,
    description: source.description,
    isConfigured: () => source.isConfigured(),
    peekSecret: () => source.peekSecret(),
    async load() {
      const { credential, reuseUntil } = await source.load();
      const auth: BedrockAuth = { type: 'sigv4', credentials: credential.credentials, source: credential.source };
      if (credential.credentials.expiration !== undefined) auth.expiresAt = credential.credentials.expiration;
      return reuseUntil === undefined ? { credential: auth } : { credential: auth, reuseUntil };
    },
  };
}

/**
 * The Bedrock precedence, first that yields wins (Claude Code's order):
 *
 * 1. the `bedrock.bearerToken` option (a Bedrock API key, `Authorization: Bearer`);
 * 2. `AWS_BEARER_TOKEN_BEDROCK` (empty counts as unset);
 * 3. the Bedrock API key stored in `auth.json` as `amazon-bedrock` (`credhelper login amazon-bedrock`);
 * 4. the STS credentials printed by `awsCredentialExport` (SigV4);
 * 5. the AWS default credential chain, honouring `AWS_PROFILE` (SigV4).
 *
 * When 4 and 5 yield no valid credentials, `awsAuthRefresh` runs once and they are tried again
 * (see `resolveWithRefresh`). A configured source that fails stops the resolution with its error.
 */
export function bedrockSources(
  context: SourceContext,
  init: { bearerToken: string | undefined; sigV4: readonly CredentialSource<ResolvedAwsCredentials>[] },
): CredentialSource<BedrockAuth>[] {
  return [
    fromBearerOption(context, init.bearerToken),
    fromEnvVar(context, BEDROCK_BEARER_TOKEN_VARIABLE, 'Bedrock API key (bearer token)', bearer),
    fromStore<BedrockAuth>(context, {
      name: 'store:amazon-bedrock',
      description: 'Bedrock API key stored in auth.json',
      provider: 'amazon-bedrock',
      types: ['api', 'token'],
      oauth: undefined,
      timeoutMs: 0,
      build: (secret) =>
        secret.expiresAt === undefined
          ? bearer(secret.value, secret.source)
          : { type: 'bearer', token: secret.value, source: secret.source, expiresAt: secret.expiresAt },
    }),
    ...init.sigV4.map(asBedrockSource),
  ];
}
