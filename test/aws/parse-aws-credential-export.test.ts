import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CredentialHelperError, parseAwsCredentialExport } from '../../src/index.js';
import { everyRendering, fixture, scratchDir, waitFor } from '../support/fixtures.js';

const ID = 'AKIATESTPARSER000001';
const SECRET = 'secret-test-PARSER/abc+def';
const TOKEN = 'token-test-PARSER-session';
const now = () => Date.UTC(2026, 10, 23, 12, 0, 0);
const later = '2026-11-23T13:00:00Z';
const cred = (extra: Record<string, unknown> = {}) => ({
  AccessKeyId: ID,
  SecretAccessKey: SECRET,
  SessionToken: TOKEN,
  Expiration: later,
  ...extra,
});

function failure(text: string): CredentialHelperError {
  try {
    parseAwsCredentialExport(text, { now });
  } catch (error) {
    expect(error).toBeInstanceOf(CredentialHelperError);
    return error as CredentialHelperError;
  }
  throw new Error('expected the parser to throw');
}

describe('parseAwsCredentialExport: accepted shapes', () => {
  it.each([
    [
      'aws sts assume-role output (v1: Z)',
      { Credentials: cred(), AssumedRoleUser: { Arn: 'arn:aws:sts::1:assumed-role/x/y' } },
      'sts',
    ],
    [
      'assume-role output (v2: microseconds and +00:00)',
      { Credentials: cred({ Expiration: '2026-11-23T13:00:00.866979+00:00' }) },
      'sts',
    ],
    ['bare Credentials (--query Credentials)', cred(), 'sts-credentials'],
    ['credential_process output', { Version: 1, ...cred() }, 'credential-process'],
    [
      'credential_process without session token or expiry (long-term keys)',
      { Version: 1, AccessKeyId: ID, SecretAccessKey: SECRET },
      'credential-process',
    ],
  ])('%s', (_name, json, shape) => {
    const parsed = parseAwsCredentialExport(JSON.stringify(json, null, 2), { now });
    expect(parsed.shape).toBe(shape);
    expect(parsed.accessKeyId).toBe(ID);
    expect(parsed.secretAccessKey).toBe(SECRET);
    if ('Version' in json && !('SessionToken' in json)) expect(parsed.sessionToken).toBeUndefined();
    else expect(parsed.expiration?.getTime()).toBeGreaterThan(now());
  });
});

describe('parseAwsCredentialExport: refused output, never quoting it', () => {
  it.each([
    ['not JSON', `AccessKeyId=${ID} ${SECRET}`, 'OUTPUT_INVALID', 'not JSON', []],
    ['a JSON array', JSON.stringify([cred()]), 'OUTPUT_INVALID', 'not an object', []],
    [
      'empty AccessKeyId',
      JSON.stringify({ Credentials: cred({ AccessKeyId: '' }) }),
      'OUTPUT_INVALID',
      'Credentials.AccessKeyId',
      ['Credentials.AccessKeyId'],
    ],
    [
      'null SecretAccessKey',
      JSON.stringify(cred({ SecretAccessKey: null })),
      'OUTPUT_INVALID',
      'SecretAccessKey',
      ['SecretAccessKey'],
    ],
    [
      'numeric key id',
      JSON.stringify({ Version: 1, ...cred({ AccessKeyId: 42 }) }),
      'OUTPUT_INVALID',
      'AccessKeyId',
      ['AccessKeyId'],
    ],
    ['Version "1" as a string', JSON.stringify({ Version: '1', ...cred() }), 'OUTPUT_INVALID', 'Version', ['Version']],
    ['Version 2', JSON.stringify({ Version: 2, ...cred() }), 'OUTPUT_INVALID', 'Version', ['Version']],
    [
      'unparsable Expiration',
      JSON.stringify(cred({ Expiration: 'tomorrow' })),
      'OUTPUT_INVALID',
      'Expiration',
      ['Expiration'],
    ],
    [
      'February 30th',
      JSON.stringify(cred({ Expiration: '2026-02-30T00:00:00Z' })),
      'OUTPUT_INVALID',
      'Expiration',
      ['Expiration'],
    ],
    [
      'no offset',
      JSON.stringify(cred({ Expiration: '2026-11-23T13:00:00' })),
      'OUTPUT_INVALID',
      'Expiration',
      ['Expiration'],
    ],
    [
      'an offset of +99:99 (was a RangeError)',
      JSON.stringify(cred({ Expiration: '2026-11-23T13:00:00+99:99' })),
      'OUTPUT_INVALID',
      'Expiration',
      ['Expiration'],
    ],
    [
      'an offset of -24:00',
      JSON.stringify(cred({ Expiration: '2026-11-23T13:00:00-2400' })),
      'OUTPUT_INVALID',
      'Expiration',
      ['Expiration'],
    ],
    [
      'month 13, day 45',
      JSON.stringify(cred({ Expiration: '2026-13-45T13:00:00Z' })),
      'OUTPUT_INVALID',
      'Expiration',
      ['Expiration'],
    ],
    [
      'an AccessKeyId with `;` (a shell would run what follows)',
      JSON.stringify({ Credentials: cred({ AccessKeyId: 'AKIATEST;touch pwned' }) }),
      'OUTPUT_INVALID',
      'Credentials.AccessKeyId: expected word characters',
      ['Credentials.AccessKeyId'],
    ],
    [
      'a SecretAccessKey with $(…)',
      JSON.stringify(cred({ SecretAccessKey: 'abc$(touch pwned)' })),
      'OUTPUT_INVALID',
      'SecretAccessKey',
      ['SecretAccessKey'],
    ],
    [
      'a SessionToken with a newline and a backtick',
      JSON.stringify({ Version: 1, ...cred({ SessionToken: 'tok\n`touch pwned`' }) }),
      'OUTPUT_INVALID',
      'SessionToken',
      ['SessionToken'],
    ],
    [
      'a SessionToken with a single quote',
      JSON.stringify(cred({ SessionToken: "tok'x" })),
      'OUTPUT_INVALID',
      'SessionToken',
      ['SessionToken'],
    ],
    [
      'Credentials not an object',
      JSON.stringify({ Credentials: 'x' }),
      'OUTPUT_INVALID',
      'Credentials',
      ['Credentials'],
    ],
    [
      'already expired',
      JSON.stringify({ Credentials: cred({ Expiration: '2026-11-23T11:59:59Z' }) }),
      'CREDENTIALS_EXPIRED',
      'expired at 2026-11-23T11:59:59.000Z',
      [],
    ],
  ])('%s → %s', (_name, text, code, mention, paths) => {
    const error = failure(text);
    expect(error.code).toBe(code);
    expect(error.message).toContain('awsCredentialExport');
    expect(error.message).toContain(mention);
    if (paths.length > 0) expect(error.details.issuePaths).toEqual(paths);
    const rendered = everyRendering(error);
    for (const secret of [ID, SECRET, TOKEN, 'pwned', "tok'x"]) expect(rendered).not.toContain(secret);
  });
});

describe('parseAwsCredentialExport: what real AWS values look like is accepted', () => {
  it.each([
    [
      'AKIA id, 40-char secret with + and /',
      'AKIAIOSFODNN7EXAMPLE',
      'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      undefined,
    ],
    [
      'ASIA id with a base64 session token (+ / =)',
      'ASIATESTSESSION00001',
      'test+secret/0000000000000000000000000001',
      'IQoJb3JpZ2luX2VjEGcaCXVzLWVhc3QtMSJHMEUCIQD+test/token==',
    ],
    ['a local stack (id and secret `test`)', 'test', 'test', undefined],
  ])('%s', (_name, AccessKeyId, SecretAccessKey, SessionToken) => {
    const parsed = parseAwsCredentialExport(
      JSON.stringify({ Version: 1, AccessKeyId, SecretAccessKey, ...(SessionToken ? { SessionToken } : {}) }),
      { now },
    );
    expect([parsed.accessKeyId, parsed.secretAccessKey, parsed.sessionToken]).toEqual([
      AccessKeyId,
      SecretAccessKey,
      SessionToken,
    ]);
  });
});

describe('parseAwsCredentialExport: properties (fast-check)', () => {
  it('only typed errors; never accepts an empty or non-string key', () => {
    const value = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.integer(),
      fc.constant(null),
      fc.boolean(),
      fc.constant(later),
    );
    const obj = fc.record(
      {
        Version: fc.oneof(fc.constant(1), fc.integer(), fc.string()),
        AccessKeyId: value,
        SecretAccessKey: value,
        SessionToken: value,
        Expiration: value,
      },
      { requiredKeys: [] },
    );
    const doc = fc.oneof(
      obj,
      obj.map((c) => ({ Credentials: c })),
      fc.jsonValue(),
    );
    fc.assert(
      fc.property(
        fc.oneof(
          doc.map((d) => JSON.stringify(d)),
          fc.string(),
        ),
        (text) => {
          try {
            const parsed = parseAwsCredentialExport(text, { now });
            expect(typeof parsed.accessKeyId).toBe('string');
            expect(parsed.accessKeyId.length).toBeGreaterThan(0);
            expect(parsed.secretAccessKey.length).toBeGreaterThan(0);
            if (parsed.sessionToken !== undefined) expect(parsed.sessionToken.length).toBeGreaterThan(0);
            if (parsed.expiration !== undefined) expect(parsed.expiration.getTime()).toBeGreaterThan(now());
          } catch (error) {
            expect(error).toBeInstanceOf(CredentialHelperError);
            expect(['OUTPUT_INVALID', 'CREDENTIALS_EXPIRED']).toContain((error as CredentialHelperError).code);
          }
        },
      ),
      { numRuns: 10_000 },
    );
  });
});

// Real `aws sts assume-role` output from the AWS CLI v1 in the machine image, against a local moto STS.
const hasTools =
  spawnSync('aws', ['--version']).status === 0 && spawnSync('python3', ['-c', 'import moto.server']).status === 0;
let moto: ChildProcess | undefined;
afterAll(() => {
  moto?.kill('SIGKILL');
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe.skipIf(!hasTools)(
  'real AWS CLI v1 output (aws + moto; skipped when either is absent from the machine)',
  () => {
    it('parses `aws sts assume-role` output whole and with --query Credentials', async () => {
      const port = await freePort();
      moto = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
      const home = scratchDir();
      const env = {
        PATH: process.env.PATH ?? '',
        HOME: home,
        AWS_ACCESS_KEY_ID: 'AKIATESTMOTOCALLER01',
        AWS_SECRET_ACCESS_KEY: 'test-secret',
        AWS_CONFIG_FILE: `${home}/config`,
        AWS_SHARED_CREDENTIALS_FILE: `${home}/credentials`,
        AWS_EC2_METADATA_DISABLED: 'true',
      };
      const args = [
        'sts',
        'assume-role',
        '--role-arn',
        'arn:aws:iam::123456789012:role/agent',
        '--role-session-name',
        'credhelper-test',
        '--endpoint-url',
        `http://127.0.0.1:${port}`,
        '--region',
        'us-east-1',
        '--output',
        'json',
      ];
      const run = (...extra: string[]) =>
        execFileSync('aws', [...args, ...extra], { env, encoding: 'utf8', timeout: 20_000 });
      let whole = '';
      expect(
        await waitFor(() => {
          try {
            whole = run();
            return true;
          } catch {
            return false;
          }
        }, 15_000),
      ).toBe(true);
      const parsed = parseAwsCredentialExport(whole);
      expect(parsed.shape).toBe('sts');
      expect(parsed.accessKeyId).toMatch(/^ASIA/);
      expect(parsed.expiration?.getTime()).toBeGreaterThan(Date.now());
      expect(parseAwsCredentialExport(run('--query', 'Credentials')).shape).toBe('sts-credentials');
    }, 30_000);
  },
);

describe('recorded AWS CLI v2 output (test/fixtures/aws-cli/README.md)', () => {
  const recorded = (name: string) => readFileSync(fixture(`aws-cli/${name}`), 'utf8');
  const before = () => Date.UTC(2026, 10, 24, 2, 0, 0);

  it('`aws sts assume-role`: microseconds and +00:00 in Expiration', () => {
    const parsed = parseAwsCredentialExport(recorded('v2-assume-role.json'), { now: before });
    expect(parsed.shape).toBe('sts');
    expect(parsed.accessKeyId).toBe('ASIATESTV2ASSUMED001');
    expect(parsed.expiration?.toISOString()).toBe('2026-11-24T02:36:08.787Z');
  });

  it('`aws configure export-credentials --format process`', () => {
    const parsed = parseAwsCredentialExport(recorded('v2-export-credentials-process.json'), { now: before });
    expect(parsed.shape).toBe('credential-process');
    expect(parsed.expiration?.toISOString()).toBe('2026-11-24T03:00:00.000Z');
  });

  it('both are CREDENTIALS_EXPIRED once their Expiration has passed', () => {
    const after = () => Date.UTC(2026, 10, 24, 4, 0, 0);
    for (const name of ['v2-assume-role.json', 'v2-export-credentials-process.json']) {
      expect(() => parseAwsCredentialExport(recorded(name), { now: after })).toThrow(
        expect.objectContaining({ code: 'CREDENTIALS_EXPIRED' }),
      );
    }
  });
});
