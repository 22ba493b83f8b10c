import { cliContext, type GlobalOptions } from '../cli-context.js';
import { holdStderrUntilFailure } from '../held-stderr.js';
import type { CommandResult } from './command-result.js';

/**
 * `credhelper aws-credential-process [--profile P]`: prints `credential_process` JSON (`Version: 1`)
 * from the SigV4 path (`awsCredentialExport`, the AWS chain, `awsAuthRefresh`), so that
 * `credential_process = credhelper aws-credential-process` in `~/.aws/config` lends them to the
 * AWS CLI and every AWS SDK. Refresh output goes to stderr; stdout holds only the JSON. When the
 * profile it resolves runs credhelper itself, the nested run refuses and this one fails at once with
 * `HELPER_RECURSION`.
 */
export async function awsCredentialProcess(
  globals: GlobalOptions,
  options: { profile?: string },
): Promise<CommandResult> {
  const overrides: Record<string, string> = options.profile === undefined ? {} : { AWS_PROFILE: options.profile };
  holdStderrUntilFailure(); // a credential_process: stderr on success counts as failure
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
