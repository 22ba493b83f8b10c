import { CredentialHelperError } from '../errors.js';
import { isValidDate } from './valid-date.js';

/**
 * The one set of rules for AWS credential fields and regions, applied wherever such a value enters
 * credhelper: the `awsCredentialExport` / `credential_process` parser, the AWS default chain's
 * answer (container and instance metadata endpoints, `credential_process`, ini files), the shared
 * cache, and the region settings. A value that passes can be printed for a shell, used in a host
 * name or a header without running or meaning anything else. (The CLI quotes what it prints for a
 * shell anyway.) No zod here: the default chain's path does not load it.
 */

/** An access key id: word characters, as the AWS API defines it (`AKIA…`, `ASIA…`; local stacks use `test`). */
export const AWS_ACCESS_KEY_ID_PATTERN = /^[A-Za-z0-9_]+$/;

/**
 * A secret access key or session token: printable ASCII without whitespace, quotes or shell
 * metacharacters, i.e. letters, digits and `+ / =` (base64), plus `- _ . , : @`.
 */
export const AWS_SECRET_PATTERN = /^[A-Za-z0-9+/=_.,:@-]+$/;

/** A region: lowercase letters, digits and `-` (e.g. `us-east-1`). */
export const AWS_REGION_PATTERN = /^[a-z0-9-]+$/;

/** The fields of AWS credentials, by the names AWS's JSON gives them. */
export type AwsCredentialField = 'AccessKeyId' | 'SecretAccessKey' | 'SessionToken' | 'Expiration';

/** What each field must look like, for messages (never the value that came). */
export const AWS_FIELD_EXPECTATIONS: Readonly<Record<AwsCredentialField, string>> = {
  AccessKeyId: 'expected word characters only ([A-Za-z0-9_])',
  SecretAccessKey: 'expected letters, digits and + / = - _ . , : @ only (no whitespace, quotes or shell characters)',
  SessionToken: 'expected letters, digits and + / = - _ . , : @ only (no whitespace, quotes or shell characters)',
  Expiration: 'expected a real date-time',
};

/** True for a valid access key id. */
export function isAwsAccessKeyId(value: string): boolean {
  return AWS_ACCESS_KEY_ID_PATTERN.test(value);
}

/** True for a valid secret access key or session token. */
export function isAwsSecret(value: string): boolean {
  return AWS_SECRET_PATTERN.test(value);
}

/** True for a valid region name. */
export function isAwsRegion(value: string): boolean {
  return AWS_REGION_PATTERN.test(value);
}

/** The credential fields checked by {@link awsCredentialProblems}, as the AWS SDK names them. */
export interface AwsCredentialFields {
  accessKeyId: unknown;
  secretAccessKey: unknown;
  sessionToken?: unknown;
  expiration?: unknown;
}

/** The fields of `credentials` that break the rules (empty when all are fine). */
export function awsCredentialProblems(credentials: AwsCredentialFields): AwsCredentialField[] {
  const { accessKeyId, secretAccessKey, sessionToken, expiration } = credentials;
  const problems: AwsCredentialField[] = [];
  if (typeof accessKeyId !== 'string' || !isAwsAccessKeyId(accessKeyId)) problems.push('AccessKeyId');
  if (typeof secretAccessKey !== 'string' || !isAwsSecret(secretAccessKey)) problems.push('SecretAccessKey');
  if (sessionToken !== undefined && (typeof sessionToken !== 'string' || !isAwsSecret(sessionToken))) {
    problems.push('SessionToken');
  }
  if (expiration !== undefined && !(expiration instanceof Date && isValidDate(expiration))) problems.push('Expiration');
  return problems;
}

/**
 * Throws `OUTPUT_INVALID` when a field of `credentials` breaks the rules, naming `origin` (e.g.
 * `aws:container`) and the fields, never their values.
 */
export function assertAwsCredentialFields(credentials: AwsCredentialFields, origin: string): void {
  const problems = awsCredentialProblems(credentials);
  if (problems.length === 0) return;
  const detail = problems.map((field) => `${field}: ${AWS_FIELD_EXPECTATIONS[field]}`).join('; ');
  throw new CredentialHelperError(
    'OUTPUT_INVALID',
    `the AWS credentials from ${origin} have an invalid ${problems.join(', ')} (${detail}). ` +
      'Fix: check what that source returns; credhelper refuses values that a shell could run.',
    { setting: origin, issuePaths: problems },
  );
}

/**
 * `region`, or `OUTPUT_INVALID` naming `origin` (the variable or file that held it) when it is not
 * a region name. The value is never quoted: it may hold control characters or a command.
 */
export function assertAwsRegion(region: string, origin: string): string {
  if (isAwsRegion(region)) return region;
  throw new CredentialHelperError(
    'OUTPUT_INVALID',
    `${origin} is not an AWS region name (expected lowercase letters, digits and -, e.g. us-east-1). ` +
      `Fix: correct ${origin}.`,
    { setting: origin, issuePaths: ['region'] },
  );
}

/**
 * Throws `OUTPUT_INVALID` when a Bedrock API key (bearer token) from `origin` (e.g.
 * `env:AWS_BEARER_TOKEN_BEDROCK`, `store:amazon-bedrock`) is not made of the characters of
 * {@link AWS_SECRET_PATTERN} (real keys are `ABSK…` or `bedrock-api-key-…` base64): it is sent in
 * an `Authorization` header and printed by `credhelper get bedrock` for a shell. Never shows the value.
 */
export function assertBedrockBearerToken(token: string, origin: string): void {
  if (isAwsSecret(token)) return;
  throw new CredentialHelperError(
    'OUTPUT_INVALID',
    `${origin} is not a Bedrock API key: expected letters, digits and + / = - _ . , : @ only (no whitespace, quotes or shell characters). Fix: set the key exactly as Bedrock issued it.`,
    { setting: origin },
  );
}
