import type { AwsCredentials } from '../aws/parse-aws-credential-export.js';

/** A Bedrock API key, sent as `Authorization: Bearer <token>`. */
export interface BedrockBearerCredential {
  type: 'bearer';
  token: string;
  /** e.g. `option:bearerToken`, `env:AWS_BEARER_TOKEN_BEDROCK`, `store:amazon-bedrock`. */
  source: string;
  region: string;
  /** When a stored token pasted with `--expires-in` stops working. */
  expiresAt?: Date;
}

/** AWS credentials for SigV4 signing. */
export interface BedrockSigV4Credential {
  type: 'sigv4';
  credentials: AwsCredentials;
  /** e.g. `helper:awsCredentialExport`, `aws:env`, `aws:credential_process`, `aws:imds`. */
  source: string;
  region: string;
  /** The credentials' expiry, when they have one (the same instant as `credentials.expiration`). */
  expiresAt?: Date;
}

/** What `bedrock()` resolves to. */
export type BedrockCredential = BedrockBearerCredential | BedrockSigV4Credential;

/** A Bedrock credential before the region is attached (what a source yields). */
export type BedrockAuth = Omit<BedrockBearerCredential, 'region'> | Omit<BedrockSigV4Credential, 'region'>;

/** The secret of a Bedrock credential, for redaction and fingerprints. */
export function bedrockSecretOf(auth: BedrockAuth): string {
  return auth.type === 'bearer' ? auth.token : auth.credentials.secretAccessKey;
}
