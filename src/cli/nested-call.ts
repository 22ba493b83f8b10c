import { CredentialHelperError } from '../errors.js';
import { NESTED_VARIABLE, nestedMarkerOf, RECURSION_SENTINEL } from '../helpers/helper-nesting.js';

/** The marker this CLI process inherited; `null` until {@link markCliProcess} has run. */
let inherited: string | undefined | null = null;

/**
 * Called once by the executable at start-up: remembers whether this process was started by another
 * credhelper, then sets `CREDHELPER_NESTED` to this process's pid in its own `process.env` (not a
 * secret). The AWS SDK runs a profile's `credential_process` itself, with `process.env`: this is how
 * such a process is marked too. `exec` strips the marker from its child's environment (the child is
 * the user's program, not a helper).
 */
export function markCliProcess(env: NodeJS.ProcessEnv = process.env): void {
  inherited = nestedMarkerOf(env);
  env[NESTED_VARIABLE] = String(process.pid);
}

/**
 * Throws `HELPER_RECURSION` when this CLI was started by another credhelper (through a helper or a
 * `credential_process`): resolving here would run the same helper again, and wait on the other
 * credhelper's locks. Called first by every command that resolves credentials (`get`, `status`,
 * `explain`, `exec`, `aws-credential-process`); the store commands, `--help` and `--version` work.
 * Without {@link markCliProcess} (the CLI run in-process), `process.env` is read instead.
 */
export function refuseNestedCall(): void {
  const marker = inherited === null ? nestedMarkerOf(process.env) : inherited;
  if (marker === undefined || marker === String(process.pid)) return;
  throw new CredentialHelperError(
    'HELPER_RECURSION',
    `credhelper was started by another credhelper (pid ${marker}, found in ${NESTED_VARIABLE}) through one of its ` +
      "helpers or an AWS profile's credential_process, so that helper runs credhelper itself and would loop: " +
      `refused (${RECURSION_SENTINEL}). Fix: point the profile's credential_process at the real source (e.g. ` +
      '`aws configure export-credentials --profile <sso-profile> --format process`) or use another profile, or set ' +
      'the helper (apiKeyHelper, awsCredentialExport, awsAuthRefresh, gcpAuthRefresh) to the real command or remove it.',
  );
}
