import { sourceCacheKey } from '../cache/cache-identity.js';
import { type CredentialCache, reuseUntilOf } from '../cache/credential-cache.js';
import type { CredentialSource } from '../chain/credential-source.js';
import { helperCwdOf, type SourceContext } from '../chain/source-context.js';
import type { DiagnosticListener } from '../credentials/credential-diagnostic.js';
import { CredentialHelperError } from '../errors.js';
import { stderrTailOf, stdoutValuesOf } from '../helpers/helper-messages.js';
import { runHelper } from '../helpers/run-helper.js';
import { plural } from '../plural.js';
import { type AnthropicCredential, anthropicCredential } from './anthropic-credential.js';

/** The setting's name, as in Claude Code's settings.json. */
export const API_KEY_HELPER_SETTING = 'apiKeyHelper';

/** Options of {@link fromApiKeyHelper}. */
export interface ApiKeyHelperInit {
  command: string | undefined;
  timeoutMs: number;
  /** How long a printed key is reused before the helper runs again; `0` runs it on every resolution. */
  ttlMs: number;
  /** The cache of helper output, shared by every resolution of this helper. */
  cache: CredentialCache<string>;
  /**
   * `true`: stderr output is an error (`HELPER_STDERR`), the documented contract. Default `false`:
   * the key is used and the warning (redacted, at most the stderr tail) goes to `onDiagnostic`, as
   * the real Claude Code does (key-vending tools warn on stderr).
   */
  strictStderr?: boolean;
  /** Receives a `helper-stderr` diagnostic for a warning written by a helper that succeeded. */
  onDiagnostic?: DiagnosticListener | undefined;
}

/**
 * Runs the `apiKeyHelper` command and reads its key. The contract (Claude Code's): exit 0 and print
 * only the key. The documented contract calls any stderr output an error, but Claude Code uses the
 * key and ignores the warning: so does this source, passing the warning (redacted, bounded) to
 * `onDiagnostic`; `strictStderr` restores the documented rule (`HELPER_STDERR`). The key is cached
 * for `ttlMs`, keyed by command, cwd and environment; concurrent callers share one run.
 */
export function fromApiKeyHelper(
  context: SourceContext,
  init: ApiKeyHelperInit,
): CredentialSource<AnthropicCredential> {
  const name = `helper:${API_KEY_HELPER_SETTING}`;
  const cwd = helperCwdOf(context, API_KEY_HELPER_SETTING);
  // The helper inherits the whole environment and runs in `cwd`: all of it is the entry's identity.
  // So is strictStderr: a strict process must not reuse a key a lenient one kept despite a warning.
  const cacheKey = (): string =>
    sourceCacheKey(context, name, {
      settings: { command: init.command, cwd, strictStderr: init.strictStderr === true ? 'strict' : undefined },
      environments: [context.env],
    });

  async function runAndParse(command: string): Promise<{ value: string; ttlMs: number }> {
    const { stdout, stderr, durationMs } = await runHelper(command, {
      setting: API_KEY_HELPER_SETTING,
      cwd,
      env: { ...context.env },
      timeoutMs: init.timeoutMs,
      redactSecrets: context.secrets,
    });
    const stdoutBytes = Buffer.byteLength(stdout);
    if (stderr.trim() !== '') {
      const stderrTail = stderrTailOf(stderr, [...stdoutValuesOf(stdout), ...context.secrets]);
      if (init.strictStderr === true) {
        throw new CredentialHelperError(
          'HELPER_STDERR',
          `${API_KEY_HELPER_SETTING} exited 0 after ${Math.round(durationMs)} ms but wrote to stderr, which the ` +
            `strictHelperStderr setting treats as an error. stderr (redacted): ${JSON.stringify(stderrTail)} ` +
            'Fix: silence the warning or send diagnostics to a log file (2>/dev/null), or turn strictHelperStderr off.',
          { setting: API_KEY_HELPER_SETTING, exitCode: 0, durationMs, stdoutBytes, stderrTail },
        );
      }
      reportHelperStderr(init.onDiagnostic, name, stderrTail);
    }
    const { credentialTextSchema } = await import('../schemas/env-values.js'); // zod: off the start-up path
    const parsed = credentialTextSchema.safeParse(stdout);
    if (!parsed.success) {
      const problem = parsed.error.issues[0]?.message ?? 'invalid';
      const fix = problem.includes('Fix:') ? '' : ' Fix: print only the key, on one line.';
      throw new CredentialHelperError(
        'OUTPUT_INVALID',
        `${API_KEY_HELPER_SETTING} printed ${plural(stdoutBytes, 'byte')} of output that is not an API key: ` +
          `${problem}.${fix}`,
        { setting: API_KEY_HELPER_SETTING, exitCode: 0, durationMs, stdoutBytes },
      );
    }
    context.secrets.add(parsed.data);
    return { value: parsed.data, ttlMs: init.ttlMs };
  }

  return {
    name,
    description: 'API key printed by the apiKeyHelper command',
    isConfigured: () => init.command !== undefined,
    peekSecret: () => init.cache.peek(cacheKey())?.value,
    async load() {
      const command = init.command;
      if (command === undefined) {
        throw new CredentialHelperError('CREDENTIALS_NOT_FOUND', 'apiKeyHelper is not set', { tryNextLink: true });
      }
      const entry = await init.cache.getEntry(cacheKey(), () => runAndParse(command));
      return {
        credential: anthropicCredential('apiKey', entry.value, name, { alsoBearer: true }),
        reuseUntil: reuseUntilOf(entry),
      };
    },
  };
}

/** Tells `listener` about a successful helper's stderr warning; a listener that throws is ignored. */
function reportHelperStderr(listener: DiagnosticListener | undefined, source: string, stderrTail: string): void {
  if (listener === undefined) return;
  try {
    listener({
      kind: 'helper-stderr',
      source,
      code: 'HELPER_STDERR',
      message: `${API_KEY_HELPER_SETTING} printed a key (used) and wrote to stderr (redacted): ${JSON.stringify(stderrTail)}`,
    });
  } catch {
    // a diagnostics listener must not fail a resolution
  }
}
