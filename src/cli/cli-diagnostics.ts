import type { CredentialDiagnostic } from '../credentials/credential-diagnostic.js';
import { printable } from '../printable.js';

/**
 * The CLI's `onDiagnostic`: a `helper-stderr` warning (an `apiKeyHelper` that printed a key and
 * also warned) is shown on stderr only when stderr is a terminal. Captured stderr stays empty on
 * success, since callers of `credhelper get` as an `apiKeyHelper` treat any stderr as failure.
 */
export function cliDiagnostic(
  diagnostic: CredentialDiagnostic,
  stderr: { write(text: string): unknown; isTTY?: boolean } = process.stderr,
): void {
  if (diagnostic.kind !== 'helper-stderr' || stderr.isTTY !== true) return;
  stderr.write(`[credhelper] warning: ${printable(diagnostic.message)}\n`);
}
