import type { CredentialTarget } from '../credentials/create-credential-helper.js';
import { CredentialHelperError } from '../errors.js';
import { askFor, type TargetBasis } from './targets.js';

/**
 * The one-line note for a target that was only inferred (`~/.aws/config` lying around) and did not
 * resolve: what was found, the error code, and how to ask for the target when it is wanted.
 */
export function inferredTargetNote(
  target: CredentialTarget,
  basis: TargetBasis,
  code: string,
  command: 'exec' | 'status',
): string {
  const ask = command === 'exec' ? `${askFor(target)} or --target ${target}` : askFor(target);
  return (
    `${target} not used: found ${basis.because}, but no usable credentials (${code}). ` +
    `To require ${target}: ${ask} (details: credhelper explain ${target})`
  );
}

/**
 * `error` for a target that was asked for by a setting or variable (not by `--target`), with the
 * way out: the `--target` list of the other targets, or turning off what asked for it.
 */
export function askedTargetError(
  error: CredentialHelperError,
  target: CredentialTarget,
  basis: TargetBasis,
  others: readonly CredentialTarget[],
): CredentialHelperError {
  const choose =
    others.length === 0
      ? `fix it, or remove ${basis.because}`
      : `fix it, or choose the targets: credhelper exec ${others.map((other) => `--target ${other}`).join(' ')} -- …`;
  return new CredentialHelperError(
    error.code,
    `${error.message.replace(/^\[credhelper\] /, '')} (${target} is resolved because of ${basis.because}: ${choose})`,
    { ...error.details, cause: error },
  );
}
