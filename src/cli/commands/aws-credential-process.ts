import { CredentialHelperError } from '../../errors.js';
import { cliContext, type GlobalOptions } from '../cli-context.js';
import type { CommandResult } from './command-result.js';

/** Set while this command runs, so that a profile whose `credential_process` is credhelper itself is caught. */
const RECURSION_MARKER = 'CREDHELPER_IN_AWS_CREDENTIAL_PROCESS';

/**
 * `credhelper aws-credential-process [--profile P]`: prints `credential_process` JSON (`Version: 1`)
 * from the SigV4 path (`awsCredentialExport`, the AWS chain, `awsAuthRefresh`), so that
 * `credential_process = credhelper aws-credential-process` in `~/.aws/config` lends them to the
 * AWS CLI and every AWS SDK. Refresh output goes to stderr; stdout holds only the JSON.
 */
export async function awsCredentialProcess(
  globals: GlobalOptions,
  options: { profile?: string },
): Promise<CommandResult> {
  if (process.env[RECURSION_MARKER] === '1') {
    throw new CredentialHelperError(
      'INVALID_OPTION',
      'credhelper aws-credential-process was started by itself: the AWS profile it reads has ' +
        '`credential_process = credhelper aws-credential-process`. Fix: set `awsCredentialExport`, or point ' +
        '--profile at a profile with its own credentials.',
    );
  }
  // Not a secret: inherited by processes the AWS SDK starts for a profile's credential_process.
  process.env[RECURSION_MARKER] = '1';
  const overrides: Record<string, string> = options.profile === undefined ? {} : { AWS_PROFILE: options.profile };
  const { creds } = await cliContext(globals, { refresh: true, envOverrides: overrides });
  const identity = await creds.awsCredentialProvider()();
  const output: Record<string, string | number> = {
    Version: 1,
    AccessKeyId: identity.accessKeyId,
    SecretAccessKey: identity.secretAccessKey,
  };
  if (identity.sessionToken !== undefined) output.SessionToken = identity.sessionToken;
  if (identity.expiration !== undefined) output.Expiration = identity.expiration.toISOString();
  return { data: output, lines: [JSON.stringify(output)] };
}
