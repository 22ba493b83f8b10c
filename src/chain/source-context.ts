import type { Clock } from '../cache/clock.js';
import type { RefreshFailureLog } from '../cache/refresh-failure-log.js';
import type { SharedStore } from '../cache/shared-store.js';
import type { ReadonlyEnv } from '../read-env.js';
import type { SecretRegistry } from '../redact.js';
import type { AuthStore } from '../store/auth-store.js';

// The environment helpers live in read-env.ts (no import circle with the cache); re-exported here.
export { envValue, homeDir, type ReadonlyEnv } from '../read-env.js';

/** What every source factory is given by `createCredentialHelper`. */
export interface SourceContext {
  env: ReadonlyEnv;
  cwd: string;
  /** Where each helper setting runs, when not in `cwd` (a project file's helpers run in its project root). */
  helperCwd?: Readonly<Partial<Record<string, string>>>;
  now: Clock;
  /** Every secret seen so far, for redaction. */
  secrets: SecretRegistry;
  /** Files shared by the user's processes, when the shared cache is on. */
  sharedStore?: SharedStore;
  /** Failed background refreshes, for `credhelper status` (with the shared cache only). */
  refreshFailures?: RefreshFailureLog;
  /**
   * The key of cache identities (see `sourceCacheKey`): the user's, from the shared cache
   * directory, when the shared cache is on; else a per-process one.
   */
  identityKey?: Buffer;
  /** The credential file (`auth.json`), unless turned off. */
  authStore?: AuthStore;
}

/** The folder `setting`'s command runs in: its own entry in `context.helperCwd`, else `context.cwd`. */
export function helperCwdOf(context: SourceContext, setting: string): string {
  return context.helperCwd?.[setting] ?? context.cwd;
}
