import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCredentialHelper } from 'credhelper';
import { describe, expect, it } from 'vitest';
import { resolveAwsRegion } from '../../src/aws/resolve-aws-region.js';
import { shellExports } from '../../src/cli/shell-quote.js';
import {
  assertAwsCredentialFields,
  isAwsAccessKeyId,
  isAwsRegion,
  isAwsSecret,
} from '../../src/schemas/aws-credential-fields.js';
import { everyRendering, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

// The one set of rules for AWS credential fields and regions (src/schemas/aws-credential-fields.ts).

isolateTests();

describe('the field rules', () => {
  it.each([
    ['AKIAIOSFODNN7EXAMPLE', true],
    ['ASIATESTSESSION00001', true],
    ['test', true],
    ['local_stack_key', true],
    ['', false],
    ['AKIA-TEST', false],
    ['AKIA TEST', false],
    ['AKIA;touch', false],
    ['AKIAÉ', false],
  ])('access key id %j → %s', (value, ok) => {
    expect(isAwsAccessKeyId(value)).toBe(ok);
  });

  it.each([
    ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', true],
    ['IQoJb3JpZ2luX2VjEGcaCXVzLWVhc3QtMSJHMEUCIQD+test/token==', true],
    ['test-secret_1.2,3:4@5', true],
    ['', false],
    ['a b', false],
    ['a\tb', false],
    ['a\nb', false],
    ["a'b", false],
    ['a"b', false],
    ['a`b`', false],
    ['a$(b)', false],
    ['a;b', false],
    ['a|b', false],
    ['a&b', false],
    ['a<b>', false],
    ['a\\b', false],
    ['a*b?', false],
    ['a~b', false],
    ['a#b', false],
    ['a!b', false],
    ['a{b}', false],
    ['a\u0000b', false],
    ['a\u007fb', false],
    ['aéb', false],
  ])('secret / session token %j → %s', (value, ok) => {
    expect(isAwsSecret(value)).toBe(ok);
  });

  it.each([
    ['us-east-1', true],
    ['eu-central-2', true],
    ['US-EAST-1', false],
    ['us_east_1', false],
    ['us-east-1;x', false],
    ['us-east-1\n', false],
    ['', false],
  ])('region %j → %s', (value, ok) => {
    expect(isAwsRegion(value)).toBe(ok);
  });

  it('assertAwsCredentialFields names the source and the fields, never the values', () => {
    const hostile = {
      accessKeyId: 'AKIA`id`',
      secretAccessKey: 'sec$(x)',
      sessionToken: 'tok;x',
      expiration: new Date(NaN),
    };
    try {
      assertAwsCredentialFields(hostile, 'aws:container');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'OUTPUT_INVALID', details: { setting: 'aws:container' } });
      expect((error as { details: { issuePaths: string[] } }).details.issuePaths).toEqual([
        'AccessKeyId',
        'SecretAccessKey',
        'SessionToken',
        'Expiration',
      ]);
      const rendered = everyRendering(error);
      for (const value of ['`id`', '$(x)', 'tok;x']) expect(rendered).not.toContain(value);
    }
  });
});

describe('where the region comes from', () => {
  it.each([
    ['AWS_REGION', { AWS_REGION: 'us-east-1$(touch pwned)' }],
    ['AWS_DEFAULT_REGION', { AWS_DEFAULT_REGION: 'eu west 1' }],
  ])('%s that is not a region → OUTPUT_INVALID naming the variable', async (name, env) => {
    const error = await resolveAwsRegion(undefined, env).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'OUTPUT_INVALID', details: { setting: name } });
    expect(everyRendering(error)).not.toContain('pwned');
    expect(everyRendering(error)).not.toContain('eu west');
  });

  it('the profile region in AWS_CONFIG_FILE → OUTPUT_INVALID naming the profile and the file', async () => {
    const config = join(scratchDir(), 'config');
    writeFileSync(config, '[profile agents]\nregion = `touch pwned`\n');
    const error = await resolveAwsRegion(undefined, { AWS_CONFIG_FILE: config, AWS_PROFILE: 'agents' }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'OUTPUT_INVALID' });
    expect((error as Error).message).toContain(`\`region\` of profile "agents" in ${config}`);
    expect(everyRendering(error)).not.toContain('pwned');
  });

  it('a good region passes through each step unchanged', async () => {
    expect(await resolveAwsRegion(undefined, { AWS_DEFAULT_REGION: 'ap-south-1' })).toBe('ap-south-1');
    expect(await resolveAwsRegion('eu-west-3', { AWS_REGION: 'bad;region' })).toBe('eu-west-3'); // the option wins
  });

  it('the `bedrock.region` option is checked when the helper is created (INVALID_OPTION)', () => {
    expect(() => createCredentialHelper({ env: {}, bedrock: { region: 'us-east-1;x' } })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
  });
});

describe('shellExports', () => {
  it('quotes every value and refuses a name that is not a shell variable name', () => {
    expect(shellExports({ A: "it's", B_2: '' })).toEqual(["export A='it'\\''s'", "export B_2=''"]);
    expect(() => shellExports({ 'A;B': 'x' })).toThrow(TypeError);
  });
});
