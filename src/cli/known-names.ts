import type { ReadonlyEnv } from '../chain/source-context.js';
import { didYouMeanHint } from '../did-you-mean.js';
import { PROVIDERS } from '../providers/provider-table.js';
import type { LoadedSettings } from '../settings/load-settings.js';
import { entryIds, parseEntryId } from '../store/auth-entries.js';
import { AuthStore } from '../store/auth-store.js';
import { authFilePath } from '../store/data-dir.js';
import { CLI_TARGETS } from './targets.js';

/** The target and provider names the CLI knows without reading any file. */
export function knownNames(): string[] {
  return [...CLI_TARGETS, ...PROVIDERS.map((provider) => provider.id)];
}

/**
 * A usage problem for a name that is neither a target, nor a provider of the table, nor one with
 * an entry in the store (`storedProviders`): "unknown target or provider 'antropic' (did you mean
 * `anthropic`?)". `undefined` when the name is known.
 */
export function unknownNameProblem(name: string, storedProviders: readonly string[]): string | undefined {
  const known = [...knownNames(), ...storedProviders];
  if (known.includes(name)) return undefined;
  const hint = didYouMeanHint(name, known);
  const list = hint === '' ? ` (targets: ${CLI_TARGETS.join(', ')}; providers: \`credhelper list\`)` : hint;
  return `unknown target or provider '${name}'${list}`;
}

/**
 * The providers with an entry in the store at `file`, or `undefined` when the store cannot be
 * read (then no name is called unknown: the resolution reports the store's problem).
 */
export function storedProviderIds(file: string): string[] | undefined {
  try {
    const data = new AuthStore(file).read();
    return entryIds(data).flatMap((id) => parseEntryId(id)?.provider ?? []);
  } catch {
    return undefined;
  }
}

/** {@link unknownNameProblem} for a command with a loaded context: stored and settings-enabled providers count as known. */
export function unknownNameIn(name: string, env: ReadonlyEnv, loaded: LoadedSettings): string | undefined {
  const stored = storedProviderIds(authFilePath(env));
  if (stored === undefined) return undefined;
  return unknownNameProblem(name, [
    ...stored,
    ...(loaded.providers.enabled ?? []),
    ...Object.keys(loaded.providers.oauth),
  ]);
}
