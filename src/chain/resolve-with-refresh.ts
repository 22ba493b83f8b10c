import { isCredentialHelperError } from '../errors.js';
import type { RefreshCommand } from '../helpers/refresh-command.js';
import type { CoordinatedRefresh } from '../helpers/refresh-coordinator.js';
import type { CredentialSource, SourceValue } from './credential-source.js';
import { resolveChain } from './resolve-chain.js';

/** Errors that a login cannot fix: a bad option, or the caller gave up. */
const NOT_REFRESHABLE = new Set(['INVALID_OPTION', 'HELPER_ABORTED']);

/** The default rule: any failure except a bad option or an abort may be fixed by logging in. */
export function mayBeFixedByLogin(error: unknown): boolean {
  return !(isCredentialHelperError(error) && NOT_REFRESHABLE.has(error.code));
}

/**
 * Resolves `sources`; when that fails and `refresh` is configured, runs the refresh command once
 * (joining a run already in progress, or skipping it when one finished since this resolution
 * began), calls `beforeRetry` (to drop cached failures and stale files) and resolves once more.
 * `shouldRefresh` decides which failures a login can fix (default {@link mayBeFixedByLogin}); it
 * is given the source that failed, or `undefined` when no source yielded anything.
 * A failing refresh command rejects with its own error (`HELPER_EXIT`… naming the setting).
 * A {@link CoordinatedRefresh} also coordinates with the user's other processes (one run for all,
 * a re-check first when another process ran it) and keeps a cooldown after each run.
 */
export async function resolveWithRefresh<C>(
  target: string,
  sources: readonly CredentialSource<C>[],
  refresh: RefreshCommand | CoordinatedRefresh,
  beforeRetry: () => void,
  shouldRefresh: (error: unknown, failed: CredentialSource<C> | undefined) => boolean = mayBeFixedByLogin,
): Promise<SourceValue<C>> {
  const runsAtStart = refresh.completedRuns;
  const mark = 'recover' in refresh ? refresh.mark() : undefined;
  let failed: CredentialSource<C> | undefined;
  try {
    return await resolveChain(target, sources, (source, outcome) => {
      if (outcome.status === 'failed') failed = source;
    });
  } catch (error) {
    if (!refresh.isConfigured() || !shouldRefresh(error, failed)) throw error;
    if (mark !== undefined && 'recover' in refresh) {
      return refresh.recover(error, mark, () => {
        beforeRetry();
        return resolveChain(target, sources);
      });
    }
    if (refresh.completedRuns === runsAtStart) await refresh.run();
    beforeRetry();
    return resolveChain(target, sources);
  }
}
