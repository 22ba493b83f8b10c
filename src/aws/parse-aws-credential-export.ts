import type * as z from 'zod/mini';
import { CredentialHelperError } from '../errors.js';
import { isRecord } from '../is-record.js';
import { plural } from '../plural.js';
import { credentialProcessSchema, stsCredentialsSchema, stsOutputSchema } from '../schemas/aws-credential-export.js';

/** AWS credentials, shaped like the AWS SDK's `AwsCredentialIdentity`. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Which of the accepted shapes the output had. */
export type AwsCredentialExportShape = 'sts' | 'sts-credentials' | 'credential-process';

const SETTING = 'awsCredentialExport';

function invalid(message: string, issuePaths: string[] = []): CredentialHelperError {
  return new CredentialHelperError('OUTPUT_INVALID', `${SETTING} ${message}`, { setting: SETTING, issuePaths });
}

/**
 * Parses what an `awsCredentialExport` command printed, in any of the shapes AWS tools print:
 * full `aws sts assume-role` output (`{ Credentials: {…}, AssumedRoleUser: {…} }`), the bare
 * `Credentials` object (`--query Credentials`), or `credential_process` output (`{ Version: 1, … }`).
 *
 * Keys must be non-empty strings; `Expiration` is optional but, when present, a real ISO 8601
 * date-time (`Z` or an offset, fractional seconds allowed); `Version`, when present, the number 1.
 * Unknown fields are ignored. Throws `OUTPUT_INVALID` listing the failing field paths (never their
 * values, and never the output), or `CREDENTIALS_EXPIRED` when `Expiration` is not after `now`.
 */
export function parseAwsCredentialExport(
  text: string,
  options: { now?: () => number } = {},
): AwsCredentials & { shape: AwsCredentialExportShape } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The SyntaxError quotes the input: never pass it on.
    throw invalid(
      `printed ${plural(Buffer.byteLength(text), 'byte')} of output that is not JSON. Fix: print the STS JSON only (e.g. --output json).`,
    );
  }
  if (!isRecord(json)) throw invalid('printed JSON that is not an object. Fix: print the STS credentials object.');

  let shape: AwsCredentialExportShape;
  let issues: z.core.$ZodIssue[] | undefined;
  let data: z.output<typeof stsCredentialsSchema> | undefined;
  if ('Credentials' in json) {
    shape = 'sts';
    const parsed = stsOutputSchema.safeParse(json);
    issues = parsed.error?.issues;
    data = parsed.data?.Credentials;
  } else {
    shape = 'Version' in json ? 'credential-process' : 'sts-credentials';
    const parsed = (shape === 'credential-process' ? credentialProcessSchema : stsCredentialsSchema).safeParse(json);
    issues = parsed.error?.issues;
    data = parsed.data;
  }
  if (issues !== undefined || data === undefined) {
    const paths = (issues ?? []).map((issue) => issue.path.map(String).join('.') || '(root)');
    const problems = (issues ?? []).map((issue, i) => `${paths[i]}: ${issue.message}`);
    throw invalid(
      `printed JSON of the wrong shape (${shape}): ${problems.join('; ')}. ` +
        'Fix: print `aws sts assume-role` output, its Credentials object, or credential_process JSON (Version 1).',
      paths,
    );
  }
  const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = data;
  const now = (options.now ?? Date.now)();
  if (Expiration !== undefined && Expiration.getTime() <= now) {
    throw new CredentialHelperError(
      'CREDENTIALS_EXPIRED',
      `${SETTING} printed credentials that expired at ${Expiration.toISOString()}. Fix: make the command mint fresh ones.`,
      { setting: SETTING },
    );
  }
  const credentials: AwsCredentials & { shape: AwsCredentialExportShape } = {
    accessKeyId: AccessKeyId,
    secretAccessKey: SecretAccessKey,
    shape,
  };
  if (SessionToken !== undefined) credentials.sessionToken = SessionToken;
  if (Expiration !== undefined) credentials.expiration = Expiration;
  return credentials;
}
