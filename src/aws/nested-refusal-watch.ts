import { CredentialHelperError } from '../errors.js';
import { RECURSION_SENTINEL, refusedAsNested } from '../helpers/helper-nesting.js';

/** The part of the AWS SDK's `Logger` that its credential providers call. */
export interface SdkLogger {
  trace?: (...content: unknown[]) => void;
  debug: (...content: unknown[]) => void;
  info: (...content: unknown[]) => void;
  warn: (...content: unknown[]) => void;
  error: (...content: unknown[]) => void;
}

/** A logger for one SDK chain run, and what it saw. */
export interface NestedRefusalWatch {
  logger: SdkLogger;
  /** True when a `credential_process` failed because the credhelper it ran refused to nest. */
  readonly refused: boolean;
}

/**
 * The AWS SDK runs a profile's `credential_process` itself and, when it fails, keeps only
 * "Could not load credentials from any providers"; the failure's text (`Command failed: …` with the
 * process's stderr) goes to the chain's debug logger alone. This logger looks at that text for a
 * nested credhelper's refusal and keeps nothing else (it may hold secrets).
 */
export function watchNestedRefusal(): NestedRefusalWatch {
  let refused = false;
  const look = (...content: unknown[]): void => {
    if (!refused) refused = content.some((part) => typeof part === 'string' && refusedAsNested(part));
  };
  const ignore = (): void => {};
  return {
    logger: { trace: ignore, debug: look, info: ignore, warn: look, error: look },
    get refused() {
      return refused;
    },
  };
}

/** The error when the AWS profile's `credential_process` runs credhelper itself. */
export function credentialProcessRecursionError(profile: string | undefined): CredentialHelperError {
  const which = profile === undefined ? 'the default AWS profile' : `AWS profile \`${profile}\``;
  return new CredentialHelperError(
    'HELPER_RECURSION',
    `the credential_process of ${which} runs credhelper itself, which would call itself in a loop: the nested ` +
      `credhelper refused to run (${RECURSION_SENTINEL}). Fix: point the profile's credential_process at the real ` +
      'source (e.g. `aws configure export-credentials --profile <sso-profile> --format process`), resolve with ' +
      'another profile (AWS_PROFILE, or --profile), or set awsCredentialExport.',
    { setting: 'aws:credential_process' },
  );
}
