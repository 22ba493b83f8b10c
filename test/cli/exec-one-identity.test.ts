import { describe, expect, it } from 'vitest';
import { cli, cliHome } from '../support/cli.js';
import { isolateTests } from '../support/isolation.js';

// Found by this stop's attack review: exec handed the child the credentials that lost too.

isolateTests();
const PRINT = (names: string[]) =>
  names.map((name) => `console.log("${name}=" + (process.env.${name} === undefined ? "unset" : "set"))`).join(';');

describe('exec gives the child one identity', () => {
  it('ANTHROPIC_AUTH_TOKEN wins over ANTHROPIC_API_KEY: the child gets the token and not the key', () => {
    const { env } = cliHome({
      ANTHROPIC_AUTH_TOKEN: 'sk-ant-test-auth-token-0001',
      ANTHROPIC_API_KEY: 'sk-ant-test-api-key-0001',
    });
    const names = ['ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_API_KEY', 'CLAUDE_CODE_OAUTH_TOKEN'];
    const result = cli(['exec', '--target', 'anthropic', '--', process.execPath, '-e', PRINT(names)], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('ANTHROPIC_AUTH_TOKEN=set');
    expect(result.stdout).toContain('ANTHROPIC_API_KEY=unset');
    expect(result.stdout).toContain('CLAUDE_CODE_OAUTH_TOKEN=unset');
  });

  it('exec --bedrock-bearer with AWS keys in the environment: the child gets the minted key, not the keys', () => {
    const { env } = cliHome({
      CLAUDE_CODE_USE_BEDROCK: '1',
      AWS_REGION: 'us-west-2',
      AWS_ACCESS_KEY_ID: 'AKIATESTEXAMPLE12345',
      AWS_SECRET_ACCESS_KEY: 'secretTESTsecretTESTsecretTESTsecretTEST',
      AWS_SESSION_TOKEN: 'sessionTESTsessionTEST',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    const names = ['AWS_BEARER_TOKEN_BEDROCK', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'];
    const result = cli(
      ['exec', '--target', 'bedrock', '--bedrock-bearer', '--', process.execPath, '-e', PRINT(names)],
      { env },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('AWS_BEARER_TOKEN_BEDROCK=set');
    expect(result.stdout).toContain('AWS_ACCESS_KEY_ID=unset');
    expect(result.stdout).toContain('AWS_SECRET_ACCESS_KEY=unset');
    expect(result.stdout).toContain('AWS_SESSION_TOKEN=unset');
  });
});
