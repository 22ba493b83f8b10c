import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ReadonlyEnv, SourceContext } from '../chain/source-context.js';

/**
 * Variables that never change what a source produces: shell bookkeeping, credhelper's own
 * reuse and timeout settings (a reader applies its own TTL to a shared entry's age instead), and
 * the nesting marker (`CREDHELPER_NESTED`, the pid of each CLI process: were it part of the
 * identity, no two CLI processes would ever share an entry).
 */
export const IDENTITY_IGNORED_VARIABLES: ReadonlySet<string> = new Set([
  'PWD',
  'OLDPWD',
  'SHLVL',
  '_',
  'CREDHELPER_NESTED',
  'CREDHELPER_API_KEY_HELPER_TTL_MS',
  'CLAUDE_CODE_API_KEY_HELPER_TTL_MS',
  'CREDHELPER_HELPER_TIMEOUT_MS',
  'CREDHELPER_REFRESH_TIMEOUT_MS',
]);

/**
 * What a cached source reads, declared by the source: this is its cache identity. Change any of
 * it and the source uses another entry (in memory and in the shared cache).
 */
export interface CacheIdentityInputs {
  /** Settings and options in effect (the command, cwd, a project id…); `undefined` counts as unset. */
  settings: Readonly<Record<string, string | undefined>>;
  /**
   * Environments the source (or the process it starts, or the SDK it calls) reads, every variable
   * of each but {@link IDENTITY_IGNORED_VARIABLES}. A helper command inherits the whole
   * environment, so any variable may change what it prints; the AWS and Google SDKs read
   * `process.env` besides credhelper's `env`.
   */
  environments: readonly ReadonlyEnv[];
  /** Files the source reads: each one's inode, size and change times are part of the identity. */
  files?: readonly string[];
  /** Variables left out besides {@link IDENTITY_IGNORED_VARIABLES} (see {@link CACHE_IGNORE_VARIABLE}). */
  ignoredVariables?: ReadonlySet<string>;
}

/** `node:crypto`, loaded on first use (as the shared store does: CLI start-up cost). */
function crypto(): typeof import('node:crypto') {
  return createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
}

/** A per-process key, for caches that nothing outside this process reads. */
let processKey: Buffer | undefined;

/** The key for identities that stay inside this process (no shared cache). */
export function processIdentityKey(): Buffer {
  processKey ??= crypto().randomBytes(32);
  return processKey;
}

function fileStamp(path: string): string {
  try {
    const stat = statSync(path, { bigint: true });
    return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
  } catch {
    return 'absent';
  }
}

/**
 * Names the user lists in `CREDHELPER_CACHE_IGNORE_VARIABLES` (comma- or space-separated) that
 * change nothing a helper prints, such as a per-agent id: processes that differ only in them
 * share entries again. Listing a variable that does change the output shares the wrong entry.
 */
export const CACHE_IGNORE_VARIABLE = 'CREDHELPER_CACHE_IGNORE_VARIABLES';

function ignoredBy(env: ReadonlyEnv): ReadonlySet<string> {
  const listed = env[CACHE_IGNORE_VARIABLE]?.split(/[\s,]+/).filter((name) => name !== '') ?? [];
  return listed.length === 0 ? IDENTITY_IGNORED_VARIABLES : new Set([...IDENTITY_IGNORED_VARIABLES, ...listed]);
}

/**
 * The cache key of `source` for `inputs`: the source's name, then an HMAC-SHA-256 (keyed by `key`)
 * of everything it reads. Secret inputs (AWS keys, tokens in variables) are folded into the HMAC
 * only, so neither the key nor a shared cache file's name lets anyone confirm a guessed secret
 * without the per-user key (see `cacheIdentityKey`).
 */
export function cacheIdentity(key: Buffer, source: string, inputs: CacheIdentityInputs): string {
  const hmac = crypto().createHmac('sha256', key);
  const part = (text: string): void => {
    hmac.update(`${Buffer.byteLength(text)}:`).update(text);
  };
  part(source);
  for (const name of Object.keys(inputs.settings).sort()) {
    const value = inputs.settings[name];
    part(value === undefined ? `${name}!` : `${name}=`);
    if (value !== undefined) part(value);
  }
  const ignored = inputs.ignoredVariables ?? IDENTITY_IGNORED_VARIABLES;
  // The same object twice (credhelper's env is process.env) is one input.
  for (const env of new Set(inputs.environments)) {
    const names = Object.keys(env)
      .filter((name) => !ignored.has(name) && env[name] !== undefined)
      .sort();
    part(`env:${names.length}`);
    for (const name of names) {
      part(name);
      part(env[name] ?? '');
    }
  }
  for (const file of inputs.files ?? []) {
    part(file);
    part(fileStamp(file));
  }
  return `${source}\0${hmac.digest('hex')}`;
}

/**
 * {@link cacheIdentity} with the context's key (the user's, when the shared cache is on) and the
 * variables `CREDHELPER_CACHE_IGNORE_VARIABLES` of the context's `env` lists.
 */
export function sourceCacheKey(context: SourceContext, source: string, inputs: CacheIdentityInputs): string {
  return cacheIdentity(context.identityKey ?? processIdentityKey(), source, {
    ignoredVariables: ignoredBy(context.env),
    ...inputs,
  });
}
