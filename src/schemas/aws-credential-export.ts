import * as z from 'zod/mini';
import './zod-english.js';
import { AWS_FIELD_EXPECTATIONS, isAwsAccessKeyId, isAwsSecret } from './aws-credential-fields.js';

/** ISO 8601 date-time with `Z` or an offset, with or without fractional seconds (AWS CLI v1 and v2). */
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):?(\d{2}))$/;

/**
 * True for a real calendar date-time (no February 30, no hour 24, no offset `+99:99`) that
 * `Date.parse` reads as a time, so the `Date` made from it never throws in `toISOString()`.
 */
function isRealDateTime(text: string): boolean {
  const match = ISO_8601.exec(text);
  if (match === null) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [offsetHours, offsetMinutes] = [Number(match[7] ?? 0), Number(match[8] ?? 0)];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    hour < 24 &&
    minute < 60 &&
    second < 60 &&
    offsetHours < 24 &&
    offsetMinutes < 60 &&
    Number.isFinite(Date.parse(text))
  );
}

const nonEmpty = z
  .string({ error: 'expected a string' })
  .check(z.minLength(1, { error: 'expected a non-empty string', abort: true }));
/** `AccessKeyId`: word characters only (see `aws-credential-fields.ts`). */
const accessKeyId = nonEmpty.check(z.refine(isAwsAccessKeyId, { error: AWS_FIELD_EXPECTATIONS.AccessKeyId }));
/** `SecretAccessKey` / `SessionToken`: base64-like, nothing a shell would act on. */
const secret = nonEmpty.check(z.refine(isAwsSecret, { error: AWS_FIELD_EXPECTATIONS.SecretAccessKey }));

/** `Expiration`: a real ISO 8601 date-time, as a `Date`. */
export const awsExpirationSchema = z.pipe(
  z.string({ error: 'expected an ISO 8601 date-time string' }).check(
    z.refine(isRealDateTime, {
      error:
        'expected a real ISO 8601 date-time with Z or an offset (e.g. 2026-11-23T13:00:00Z, 2026-11-23T13:00:00+02:00)',
    }),
  ),
  z.transform((text: string) => new Date(Date.parse(text))),
);

/** The `Credentials` object of `aws sts assume-role` (also what `--query Credentials` prints). */
export const stsCredentialsSchema = z.looseObject({
  AccessKeyId: accessKeyId,
  SecretAccessKey: secret,
  SessionToken: z.optional(secret),
  Expiration: z.optional(awsExpirationSchema),
});

/** Full `aws sts assume-role` / `get-session-token` output. */
export const stsOutputSchema = z.looseObject({ Credentials: stsCredentialsSchema });

/** `credential_process` output (`aws configure export-credentials --format process`). */
export const credentialProcessSchema = z.looseObject({
  Version: z.literal(1, { error: 'expected the number 1' }),
  AccessKeyId: accessKeyId,
  SecretAccessKey: secret,
  SessionToken: z.optional(secret),
  Expiration: z.optional(awsExpirationSchema),
});
