import type { AwsCredentials } from './parse-aws-credential-export.js';

/** SigV4 credentials and the link that produced them (e.g. `aws:credential_process`). */
export interface ResolvedAwsCredentials {
  credentials: AwsCredentials;
  source: string;
}

/** A copy holding only the identity fields: no SDK bookkeeping (`$source`) leaks out. */
export function plainAwsCredentials(credentials: AwsCredentials): AwsCredentials {
  const plain: AwsCredentials = {
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
  };
  if (credentials.sessionToken !== undefined) plain.sessionToken = credentials.sessionToken;
  if (credentials.expiration !== undefined) plain.expiration = credentials.expiration;
  return plain;
}
