import { createCredentialHelper, isCredentialHelperError } from 'credhelper';
import { describe, expect, it } from 'vitest';
import { renewalFix } from '../../src/credentials/renewal-fix.js';
import { hoursFromNow, writeAuthFile } from '../support/auth-file.js';
import { isolateTests } from '../support/isolation.js';

// `exec --min-validity` / ensureValidFor refusing a pasted token: the message names the entry and
// the command that renews it (it said "renew the token now", naming neither).

isolateTests();

const TOKEN = 'sk-ant-oat01-test-renewal-0001';
const HOUR = 3_600_000;

describe('HUMAN_ACTION_NEEDED says how to renew what is about to run out', () => {
  it('a stored pasted token under a profile: its source and `credhelper paste-token` for that entry', async () => {
    const authFile = writeAuthFile({ 'anthropic:ci': { type: 'token', token: TOKEN, expires: hoursFromNow(5) } });
    const creds = createCredentialHelper({ env: { PATH: process.env.PATH }, authFile });
    const error = await creds.ensureValidFor('anthropic', 8 * HOUR).catch((e: unknown) => e);
    expect(isCredentialHelperError(error) && error.code).toBe('HUMAN_ACTION_NEEDED');
    expect(String(error)).toContain('within the 8 h asked for; no refresh command to run for store:anthropic:ci');
    expect(String(error)).toContain(
      'paste a new one: `credhelper paste-token --provider anthropic --profile ci --expires-in <duration>`',
    );
    expect(String(error)).not.toContain(TOKEN);
  });

  it.each([
    ['store:anthropic', undefined, '`credhelper paste-token --provider anthropic --expires-in <duration>`'],
    ['store:amazon-bedrock:team', 'awsAuthRefresh', '--provider amazon-bedrock --profile team'],
    ['env:AWS_BEARER_TOKEN_BEDROCK', 'awsAuthRefresh', 'set AWS_BEARER_TOKEN_BEDROCK to a new token'],
    ['aws:sso', 'awsAuthRefresh', 'set `awsAuthRefresh` to the login command, or log in now'],
    ['fd:CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR', undefined, 'renew the token now'],
  ])('%s (refresh setting %s): %s', (source, setting, expected) => {
    expect(renewalFix(source, setting)).toContain(expected);
  });
});
