import { sourceCacheKey } from '../cache/cache-identity.js';
import { type CredentialCache, reuseUntilOf } from '../cache/credential-cache.js';
import type { CredentialSource } from '../chain/credential-source.js';
import { helperCwdOf, type SourceContext } from '../chain/source-context.js';
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
}

/**
 * Runs the `apiKeyHelper` command and reads its key. The contract (Claude Code's): exit 0 and print
 * only the key; any stderr output is an error. The key is cached for `ttlMs`, keyed by command, cwd
 * and environment; concurrent callers share one run.
 */
export function fromApiKeyHelper(
  context: SourceContext,
  init: ApiKeyHelperInit,
): CredentialSource<AnthropicCredential> {
  const name = `helper:${API_KEY_HELPER_SETTING}`;
  const cwd = helperCwdOf(context, API_KEY_HELPER_SETTING);
  // The helper inherits the whole environment and runs in `cwd`: all of it is the entry's identity.
  const cacheKey = (): string =>
    sourceCacheKey(context, name, {
      settings: { command: init.command, cwd },
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
      throw new CredentialHelperError(
        'HELPER_STDERR',
        `${API_KEY_HELPER_SETTING} exited 0 after ${Math.round(durationMs)} ms but wrote to stderr, which its contract ` +
          `treats as an error. stderr (redacted): ${JSON.stringify(stderrTail)} ` +
          'Fix: silence the warning or send diagnostics to a log file (2>/dev/null).',
        { setting: API_KEY_HELPER_SETTING, exitCode: 0, durationMs, stdoutBytes, stderrTail },
      );
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
