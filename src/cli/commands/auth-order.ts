import { isRecord } from '../../is-record.js';
import { AUTH_ORDER_KEY, entryId, orderedEntryIds, parseEntryId, storedOrder } from '../../store/auth-entries.js';
import type { GlobalOptions } from '../cli-context.js';
import { EXIT } from '../exit-codes.js';
import { providerAllowed, storeContext } from '../store-context.js';
import type { CommandResult } from './command-result.js';

/**
 * `credhelper auth order get|set|clear --provider P [ids…]`: which stored entries of a provider
 * are tried first (OpenSoul's command). `set` takes entry ids (`anthropic:work`) or profile names
 * (`work`, `default`); each must be stored. Entries not listed follow in the default order.
 */
export async function authOrder(
  globals: GlobalOptions,
  action: string,
  options: { provider?: string; ids: string[] },
): Promise<CommandResult> {
  if (!['get', 'set', 'clear'].includes(action)) {
    return { usageError: `expected \`auth order get|set|clear\`, got \`auth order ${action}\`` };
  }
  if (options.provider === undefined) return { usageError: 'pass --provider (e.g. --provider anthropic)' };
  const provider = options.provider;
  const context = await storeContext(globals);
  const problem = providerAllowed(context.loaded, provider);
  if (problem !== undefined) return { usageError: problem };
  if (action === 'set' && options.ids.length === 0) return { usageError: 'auth order set needs at least one entry' };
  const wanted = options.ids.map((name) =>
    name.includes(':') ? name : name === provider ? name : entryId(provider, name),
  );
  const foreign = wanted.filter((id) => parseEntryId(id)?.provider !== provider);
  if (foreign.length > 0) return { usageError: `not entries of ${provider}: ${foreign.join(', ')}` };

  const result = await (action === 'get'
    ? Promise.resolve(context.store.read()).then((data) => ({ data, missing: [] as string[] }))
    : context.store.update((data) => {
        const missing = wanted.filter((id) => !Object.hasOwn(data, id));
        if (missing.length > 0) return { data, missing };
        const order = isRecord(data[AUTH_ORDER_KEY]) ? (data[AUTH_ORDER_KEY] as Record<string, unknown>) : {};
        if (action === 'set') order[provider] = wanted;
        else delete order[provider];
        if (Object.keys(order).length === 0) delete data[AUTH_ORDER_KEY];
        else data[AUTH_ORDER_KEY] = order;
        return { data, missing };
      }));
  if (result.missing.length > 0) {
    return {
      exitCode: EXIT.CREDENTIALS,
      lines: [`not stored: ${result.missing.join(', ')} (see credhelper list); the order was not changed`],
    };
  }
  const stored = storedOrder(result.data, provider);
  const effective = orderedEntryIds(result.data, provider);
  return {
    data: { provider, order: stored, effective },
    lines: [
      `${provider} order: ${stored.length === 0 ? '(default)' : stored.join(', ')}`,
      `tried: ${effective.length === 0 ? '(nothing stored)' : effective.join(' → ')}`,
    ],
  };
}
