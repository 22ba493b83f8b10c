import { isCredentialHelperError } from '../errors.js';
import type { RefreshCommand } from '../helpers/refresh-command.js';
import type { CredentialSource, SourceValue } from './credential-source.js';
import { resolveChain } from './resolve-chain.js';

/** Errors that a login cannot fix: a bad option, or the caller gave up. */
const NOT_REFRESHABLE = new Set(['INVALID_OPTION', 'HELPER_ABORTED']);

/**
 * Resolves `sources`; when that fails and `refresh` is configured, runs the refresh command once
 * (joining a run already in progress, or skipping it when one finished since this resolution
 * began), calls `beforeRetry` (to drop cached failures and stale files) and resolves once more.
 * A failing refresh command rejects with its own error (`HELPER_EXIT`… naming the setting).
 */
export async function resolveWithRefresh<C>(
  target: string,
  sources: readonly CredentialSource<C>[],
  refresh: RefreshCommand,
  beforeRetry: () => void,
): Promise<SourceValue<C>> {
  const runsAtStart = refresh.completedRuns;
  try {
    return await resolveChain(target, sources);
  } catch (error) {
    if (!refresh.isConfigured() || (isCredentialHelperError(error) && NOT_REFRESHABLE.has(error.code))) throw error;
    if (refresh.completedRuns === runsAtStart) await refresh.run();
    beforeRetry();
    return resolveChain(target, sources);
  }
}
