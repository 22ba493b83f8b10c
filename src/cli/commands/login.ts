import { didYouMeanHint } from '../../did-you-mean.js';
import { isKnownProvider, PROVIDERS, providerInfo } from '../../providers/provider-table.js';
import { rawType } from '../../store/auth-entries.js';
import { putEntry, releaseReplaced } from '../../store/put-entry.js';
import type { GlobalOptions } from '../cli-context.js';
import { replacementQuestion } from '../entry-kinds.js';
import { EXIT } from '../exit-codes.js';
import { backendWhere, newEntryBackend, plaintextNote } from '../new-entry-backend.js';
import { entryIdOf, readSecret, storeContext } from '../store-context.js';
import type { CommandResult } from './command-result.js';

/** Options of `credhelper login` and `credhelper paste-token`. */
export interface LoginOptions {
  provider?: string;
  profile?: string;
  /** Read the secret from standard input. */
  stdin?: boolean;
  /** `paste-token`: ms until the token expires. */
  expiresInMs?: number;
  /** `--overwrite`: replace an entry of another kind without asking. */
  overwrite?: boolean;
  /** `--custom`: store a key for a provider id that is not in the provider table, without asking. */
  custom?: boolean;
}

/** Whether a question can be asked: a terminal on stdin that is not the secret's pipe. */
function canAsk(options: LoginOptions): boolean {
  return options.stdin !== true && process.stdin.isTTY === true;
}

async function confirm(message: string): Promise<boolean> {
  const prompts = await import('@clack/prompts');
  const answer = await prompts.confirm({ message, initialValue: false, output: process.stderr });
  return !prompts.isCancel(answer) && answer;
}

async function pickProvider(providers: Array<{ id: string; name: string }>): Promise<string | undefined> {
  const prompts = await import('@clack/prompts');
  prompts.intro('credhelper login', { output: process.stderr });
  const picked = await prompts.select({
    message: 'Select provider',
    options: providers.map((provider) => ({ value: provider.id, label: provider.name })),
    output: process.stderr,
  });
  return prompts.isCancel(picked) ? undefined : picked;
}

/**
 * `credhelper login [provider]` stores an API key (`{ type: 'api', key }`) and `credhelper
 * paste-token` a token (`{ type: 'token', token, expires? }`) in `auth.json`, as entry `provider`
 * or `provider:profile`. The secret comes from a masked prompt or, with `--stdin`, from standard
 * input; never from argv. On a terminal without a provider, a picker lists the providers.
 */
export async function login(
  globals: GlobalOptions,
  options: LoginOptions,
  kind: 'api' | 'token' = 'api',
): Promise<CommandResult> {
  const context = await storeContext(globals);
  let provider = options.provider;
  if (provider === undefined) {
    if (options.stdin === true || process.stdin.isTTY !== true) {
      return { usageError: 'which provider? pass --provider (e.g. --provider anthropic)' };
    }
    provider = await pickProvider(context.providers);
    if (provider === undefined) return { exitCode: EXIT.CREDENTIALS, lines: ['cancelled: nothing was stored'] };
  }
  const target = entryIdOf(context.loaded, provider, options.profile);
  if ('usageError' in target) return target;
  if (!isKnownProvider(provider) && options.custom !== true) {
    const hint = didYouMeanHint(
      provider,
      PROVIDERS.map((known) => known.id),
    );
    const unknown = `${provider} is not in credhelper's provider table${hint}`;
    if (!canAsk(options)) {
      return {
        usageError: `${unknown}. Fix: use a provider id from \`credhelper list\`, or pass --custom to store it anyway`,
      };
    }
    if (!(await confirm(`${unknown}. Store it as a custom provider?`))) {
      return { exitCode: EXIT.CREDENTIALS, lines: ['cancelled: nothing was stored'] };
    }
  }
  // An entry of another kind (a login's API key under a pasted token…) is replaced only when asked to.
  const existing = rawType(context.store.read()[target.id]);
  const question = replacementQuestion(target.id, existing, kind);
  if (question !== undefined && options.overwrite !== true) {
    if (!canAsk(options)) {
      return {
        usageError: `${question}. Fix: pass --overwrite to replace it, or --profile NAME to keep both`,
      };
    }
    if (!(await confirm(`${question}. Replace it?`))) {
      return { exitCode: EXIT.CREDENTIALS, lines: ['cancelled: nothing was stored'] };
    }
  }
  // Before the secret is typed: a forced keychain that does not answer fails now.
  const backend = await newEntryBackend(context);
  const name = providerInfo(provider).name;
  const what = kind === 'api' ? 'API key' : 'token';
  const input = await readSecret({
    stdin: options.stdin === true,
    message: kind === 'api' ? `Enter your API key for ${name}` : `Paste the token for ${name}`,
    what,
  });
  if ('usageError' in input) return input;
  if ('cancelled' in input) return { exitCode: EXIT.CREDENTIALS, lines: ['cancelled: nothing was stored'] };
  const expires = options.expiresInMs === undefined ? undefined : Date.now() + options.expiresInMs;
  const entry =
    kind === 'api'
      ? { type: 'api', key: input.secret }
      : { type: 'token', token: input.secret, ...(expires === undefined ? {} : { expires }) };
  let previous: unknown;
  let current: unknown;
  const replaced = await context.store.update(async (data) => {
    const existed = Object.hasOwn(data, target.id);
    // Another process stored another kind while the secret was typed: refuse rather than replace it unasked.
    if (options.overwrite !== true && rawType(data[target.id]) !== existing) return 'changed';
    previous = await putEntry(data, target.id, entry, backend, context.store.path);
    current = data[target.id];
    return existed;
  });
  if (replaced === 'changed') {
    return {
      usageError: `${target.id} changed while the secret was entered; nothing was stored. Run the command again`,
    };
  }
  // The file no longer refers to an item of the old entry's (it moved to auth.json): deleted now.
  const note = await releaseReplaced(previous, current, context.env, context.store);
  const plaintext = await plaintextNote(context, backend);
  const expiry = expires === undefined ? '' : `, expires ${new Date(expires).toISOString()}`;
  return {
    data: {
      id: target.id,
      provider,
      type: kind,
      replaced,
      file: context.store.path,
      store: backend.kind,
      ...(expires === undefined ? {} : { expiresAt: new Date(expires).toISOString() }),
    },
    lines: [
      `${replaced ? 'replaced' : 'saved'} ${target.id} (${kind}${expiry}) in ${backendWhere(backend, context.store.path)}`,
      ...(note === undefined ? [] : [`note: ${note}`]),
      ...(plaintext === undefined ? [] : [`note: ${plaintext}`]),
      ...(isKnownProvider(provider)
        ? []
        : [`note: ${provider} is not in credhelper's provider table; it is used from the store only`]),
    ],
  };
}
