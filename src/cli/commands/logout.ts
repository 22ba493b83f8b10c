import { isRecord } from '../../is-record.js';
import { printable } from '../../printable.js';
import { AUTH_ORDER_KEY, entryIds, parseEntryId, rawType } from '../../store/auth-entries.js';
import { entryBackend } from '../../store/keychain-ref.js';
import { releaseReplaced } from '../../store/put-entry.js';
import type { GlobalOptions } from '../cli-context.js';
import { EXIT } from '../exit-codes.js';
import { unknownNameProblem } from '../known-names.js';
import { entryIdOf, storeContext } from '../store-context.js';
import type { CommandResult } from './command-result.js';

/**
 * When `id` is not stored but other entries of its provider are (`openai:work` for `logout openai`):
 * `; stored for openai: openai:work (pass --profile work)`. Ids only; empty when there are none.
 */
function otherProfilesHint(id: string, stored: string[]): string {
  const provider = parseEntryId(id)?.provider;
  const others = stored.filter((other) => other !== id && parseEntryId(other)?.provider === provider);
  const first = others[0];
  if (provider === undefined || first === undefined) return '';
  const profile = parseEntryId(first)?.profile;
  const way = profile === undefined ? `credhelper logout ${provider}` : `pass --profile ${profile}`;
  return `; stored for ${provider}: ${others.map((other) => printable(other)).join(', ')} (${printable(way)})`;
}

/**
 * `credhelper logout [provider] [--profile P]`: removes one entry from `auth.json` (and from the
 * provider's order). On a terminal without a provider, a picker lists the stored entries.
 */
export async function logout(
  globals: GlobalOptions,
  options: { provider?: string; profile?: string },
): Promise<CommandResult> {
  const context = await storeContext(globals);
  let id: string;
  if (options.provider === undefined) {
    if (process.stdin.isTTY !== true)
      return { usageError: 'which provider? pass it (e.g. credhelper logout anthropic)' };
    const data = context.store.read();
    const ids = entryIds(data);
    if (ids.length === 0) return { exitCode: EXIT.CREDENTIALS, lines: [`nothing stored in ${context.store.path}`] };
    const prompts = await import('@clack/prompts');
    const picked = await prompts.select({
      message: 'Select credential to remove',
      options: ids.map((value) => ({ value, label: printable(`${value} (${rawType(data[value]) ?? 'invalid'})`) })),
      output: process.stderr,
    });
    if (prompts.isCancel(picked)) return { exitCode: EXIT.CREDENTIALS, lines: ['cancelled: nothing was removed'] };
    id = picked;
  } else {
    const target = entryIdOf(context.loaded, options.provider, options.profile);
    if ('usageError' in target) return target;
    id = target.id;
  }
  let previous: unknown;
  const removed = await context.store.update((data) => {
    if (!Object.hasOwn(data, id)) return false;
    previous = data[id];
    delete data[id];
    const order = data[AUTH_ORDER_KEY];
    if (isRecord(order)) {
      for (const [provider, ids] of Object.entries(order)) {
        if (Array.isArray(ids) && ids.includes(id)) order[provider] = ids.filter((other) => other !== id);
      }
    }
    return true;
  });
  // Only once auth.json no longer refers to it: a crash before leaves an unused item (harmless), never a lost entry.
  const note = removed ? await releaseReplaced(previous, undefined, context.env, context.store) : undefined;
  if (!removed && options.provider !== undefined) {
    const unknown = unknownNameProblem(
      options.provider,
      entryIds(context.store.read()).flatMap((entry) => parseEntryId(entry)?.provider ?? []),
    );
    if (unknown !== undefined) return { usageError: `${unknown}: nothing stored as ${id}` };
  }
  return {
    data: {
      id,
      removed,
      file: context.store.path,
      ...(removed ? { store: entryBackend(previous), keychainItemDeleted: note === undefined } : {}),
    },
    lines: [
      removed
        ? `removed ${id} from ${context.store.path}${entryBackend(previous) === 'keychain' && note === undefined ? ' and its keychain item' : ''}`
        : `nothing stored as ${id} in ${context.store.path}${otherProfilesHint(id, removed ? [] : entryIds(context.store.read()))}`,
      ...(note === undefined ? [] : [`note: ${note}`]),
    ],
    exitCode: removed ? EXIT.OK : EXIT.CREDENTIALS,
  };
}
