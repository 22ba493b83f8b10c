import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { environmentOf, type ResolvedTarget } from '../../src/cli/resolve-target.js';
import { shellExports, shellQuote } from '../../src/cli/shell-quote.js';
import { type CredentialHelperError, isCredentialHelperError, parseAwsCredentialExport } from '../../src/index.js';
import { assertAwsRegion } from '../../src/schemas/aws-credential-fields.js';
import { evalBatch } from '../support/shell-eval.js';

// `eval "$(credhelper get bedrock)"` in real shells (dash as sh, and bash), for arbitrary strings
// in every field: either the shell sets exactly the exported variables to exactly the values, byte
// for byte, or credhelper refuses with OUTPUT_INVALID; no other command ever runs (a `touch pwned`
// or `>pwned` in a value would leave a file). Many cases share one shell process (a subshell each).

const NAMES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_REGION',
] as const;
const SHELLS = ['sh', 'bash'] as const;
const now = () => Date.UTC(2026, 10, 23, 12, 0, 0);

/** Pieces that run code in a shell when unquoted, or break naive quoting. */
const PAYLOADS = [
  '$(touch pwned)',
  '`touch pwned`',
  ';touch pwned',
  '\ntouch pwned\n',
  "'; touch pwned; '",
  '"; touch pwned; "',
  "'\\''",
  '\\',
  '|touch pwned',
  '&touch pwned&',
  '>pwned',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion, as a payload
  '${HOME}',
  '$((1+1))',
  "$'\\x41'",
  '*',
  '~',
  '#',
  '!!',
  '\r',
  '\t',
  ' ',
  '=',
  '%s%n',
  '\u00e9',
  '\u{1F600}',
];
/** Any string, with shell payloads mixed in. */
const hostile = fc
  .array(fc.oneof(fc.constantFrom(...PAYLOADS), fc.string({ unit: 'binary', maxLength: 8 })), { maxLength: 5 })
  .map((parts) => parts.join(''));
/** Strings that the field rules accept (so the accepting branch is exercised too). */
const base64ish = fc.stringMatching(/^[A-Za-z0-9+/=]{1,60}$/);
const wordy = fc.stringMatching(/^[A-Za-z0-9_]{1,24}$/);
const regionish = fc.stringMatching(/^[a-z0-9-]{1,16}$/);
const futureIso = fc
  .date({ min: new Date(now() + 60_000), max: new Date(Date.UTC(9999, 0, 1)), noInvalidDate: true })
  .map((date) => date.toISOString());
/** Date-times of the right form with any numbers: month 13, day 32, hour 24, offset +99:99… */
const anyIso = fc
  .record({
    y: fc.nat({ max: 9999 }),
    mo: fc.nat({ max: 13 }),
    d: fc.nat({ max: 32 }),
    h: fc.nat({ max: 25 }),
    mi: fc.nat({ max: 61 }),
    s: fc.nat({ max: 61 }),
    oh: fc.nat({ max: 99 }),
    om: fc.nat({ max: 99 }),
  })
  .map(({ y, mo, d, h, mi, s, oh, om }) => {
    const p = (n: number, w = 2) => String(n).padStart(w, '0');
    return `${p(y, 4)}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}:${p(s)}+${p(oh)}:${p(om)}`;
  });

/** Runs every output in sh and bash; checks each against `expected` (exactly these variables, these bytes). */
function expectExactEval(outputs: string[], expected: Array<Record<string, string>>): void {
  for (const shell of SHELLS) {
    const { outcomes, strayFiles } = evalBatch(shell, outputs, NAMES);
    expect(strayFiles, `${shell}: a value ran a command`).toEqual([]);
    outcomes.forEach((outcome, i) => {
      const want = expected[i] ?? {};
      const context = `${shell}, output ${JSON.stringify(outputs[i])}`;
      expect(outcome.changedExports, context).toEqual(Object.keys(want).sort());
      for (const name of NAMES) {
        const value = want[name];
        expect(outcome.values[name]?.toString('hex'), `${context}: ${name}`).toBe(
          value === undefined ? undefined : Buffer.from(value).toString('hex'),
        );
      }
    });
  }
}

interface AwsCase {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string | undefined;
  expiration: Date | undefined;
  region: string;
}

function bedrockTarget(c: AwsCase): ResolvedTarget {
  const credentials = {
    accessKeyId: c.accessKeyId,
    secretAccessKey: c.secretAccessKey,
    ...(c.sessionToken === undefined ? {} : { sessionToken: c.sessionToken }),
    ...(c.expiration === undefined ? {} : { expiration: c.expiration }),
  };
  return { target: 'bedrock', credential: { type: 'sigv4', credentials, source: 'test', region: c.region } };
}

/** The variables a case must set, built from the inputs (not from the code under test). */
function expectedVariables(c: AwsCase): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: c.accessKeyId,
    AWS_SECRET_ACCESS_KEY: c.secretAccessKey,
    AWS_REGION: c.region,
    ...(c.sessionToken === undefined ? {} : { AWS_SESSION_TOKEN: c.sessionToken }),
    ...(c.expiration === undefined ? {} : { AWS_CREDENTIAL_EXPIRATION: c.expiration.toISOString() }),
  };
}

describe('shell output: quoting alone keeps any value inert (no validation involved)', () => {
  it('shellQuote: for any string without NUL, sh and bash read back exactly that string', () => {
    fc.assert(
      fc.property(fc.array(hostile, { minLength: 60, maxLength: 80 }), (values) => {
        const safe = values.filter((value) => !value.includes('\0'));
        const outputs = safe.map((value) => `export AWS_REGION=${shellQuote(value)}`);
        expectExactEval(
          outputs,
          safe.map((value) => ({ AWS_REGION: value })),
        );
        for (const value of values.filter((v) => v.includes('\0'))) {
          expect(() => shellQuote(value)).toThrow(expect.objectContaining({ code: 'OUTPUT_INVALID' }));
        }
      }),
      { numRuns: 3, endOnFailure: true }, // each shrink step spawns two shells: report the first failure as it is
    );
  });

  it('get bedrock lines: for arbitrary strings in every field, exactly those variables and values', () => {
    const awsCase = fc.record({
      accessKeyId: hostile,
      secretAccessKey: hostile,
      sessionToken: fc.option(hostile, { nil: undefined }),
      expiration: fc.option(fc.date({ noInvalidDate: true }), { nil: undefined }),
      region: hostile,
    });
    fc.assert(
      fc.property(fc.array(awsCase, { minLength: 40, maxLength: 50 }), (cases) => {
        const usable = cases.filter((c) => !Object.values(c).some((v) => typeof v === 'string' && v.includes('\0')));
        const outputs = usable.map((c) => shellExports(environmentOf(bedrockTarget(c)).set).join('\n'));
        expectExactEval(outputs, usable.map(expectedVariables));
      }),
      { numRuns: 3, endOnFailure: true }, // each shrink step spawns two shells: report the first failure as it is
    );
  });
});

describe('shell output: STS JSON → parser → region check → get bedrock lines → eval', () => {
  it('arbitrary strings in every field: refused with OUTPUT_INVALID (naming no value), or evaluated exactly', () => {
    const field = (valid: fc.Arbitrary<string>) => fc.oneof({ weight: 3, arbitrary: valid }, hostile);
    const stsCase = fc.record({
      AccessKeyId: field(wordy),
      SecretAccessKey: field(base64ish),
      SessionToken: fc.option(field(base64ish), { nil: undefined }),
      Expiration: fc.option(fc.oneof({ weight: 3, arbitrary: futureIso }, anyIso, hostile), { nil: undefined }),
      region: field(regionish),
    });
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.array(stsCase, { minLength: 50, maxLength: 60 }), (cases) => {
        const outputs: string[] = [];
        const expected: Array<Record<string, string>> = [];
        for (const { region, ...credentials } of cases) {
          let c: AwsCase;
          try {
            const parsed = parseAwsCredentialExport(JSON.stringify({ Credentials: credentials }), { now });
            c = {
              accessKeyId: parsed.accessKeyId,
              secretAccessKey: parsed.secretAccessKey,
              sessionToken: parsed.sessionToken,
              expiration: parsed.expiration,
              region: assertAwsRegion(region, 'AWS_REGION'),
            };
          } catch (error) {
            expect(isCredentialHelperError(error)).toBe(true);
            const { code, message } = error as CredentialHelperError;
            const expired = code === 'CREDENTIALS_EXPIRED' && Date.parse(credentials.Expiration ?? '') <= now();
            expect(code === 'OUTPUT_INVALID' || expired, message).toBe(true);
            expect(message).not.toContain('pwned');
            refused++;
            continue;
          }
          accepted++;
          outputs.push(shellExports(environmentOf(bedrockTarget(c)).set).join('\n'));
          // Every field as it came in, byte for byte; the expiration as the instant it names.
          expected.push(
            expectedVariables({
              accessKeyId: credentials.AccessKeyId,
              secretAccessKey: credentials.SecretAccessKey,
              sessionToken: credentials.SessionToken,
              expiration:
                credentials.Expiration === undefined ? undefined : new Date(Date.parse(credentials.Expiration)),
              region,
            }),
          );
        }
        expectExactEval(outputs, expected);
      }),
      { numRuns: 4, endOnFailure: true },
    );
    expect(accepted).toBeGreaterThan(20); // both branches really ran
    expect(refused).toBeGreaterThan(20);
  });
});
