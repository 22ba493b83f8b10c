import { CredentialHelperError, isCredentialHelperError } from '../errors.js';
import type { CredentialSource, SourceValue } from './credential-source.js';

/** What happened to one source during a resolution. */
export type SourceOutcome =
  | { status: 'absent'; reason: string }
  | { status: 'won' }
  | { status: 'failed'; error: CredentialHelperError | Error };

/**
 * Tries `sources` in order: the first that yields wins. A source that is not configured, or that
 * throws an error flagged `tryNextLink`, passes to the next; any other error stops the chain.
 * `onOutcome` is told what happened to each source that was reached.
 */
export async function resolveChain<C>(
  target: string,
  sources: readonly CredentialSource<C>[],
  onOutcome?: (source: CredentialSource<C>, outcome: SourceOutcome) => void,
): Promise<SourceValue<C>> {
  for (const source of sources) {
    if (!source.isConfigured()) {
      onOutcome?.(source, { status: 'absent', reason: 'not configured' });
      continue;
    }
    try {
      const value = await source.load();
      onOutcome?.(source, { status: 'won' });
      return value;
    } catch (error) {
      if (isCredentialHelperError(error) && error.tryNextLink) {
        onOutcome?.(source, { status: 'absent', reason: error.message });
        continue;
      }
      onOutcome?.(source, { status: 'failed', error: error instanceof Error ? error : new Error(String(error)) });
      throw error;
    }
  }
  throw new CredentialHelperError(
    'CREDENTIALS_NOT_FOUND',
    // Two rows of one store (OAuth tokens early, API keys late) are one name in the list.
    `no ${target} credentials found. Tried, in order: ${[...new Set(sources.map((s) => s.name))].join(', ')}. ` +
      `Fix: set one of them (run \`credhelper explain ${target}\` for details).`,
    { tryNextLink: true },
  );
}
