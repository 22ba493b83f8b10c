import { sourceCacheKey } from '../cache/cache-identity.js';
import { type CredentialCache, reuseUntilOf } from '../cache/credential-cache.js';
import type { CredentialSource } from '../chain/credential-source.js';
import { helperCwdOf, type SourceContext } from '../chain/source-context.js';
import { CredentialHelperError } from '../errors.js';
import { runHelper } from '../helpers/run-helper.js';
import { plainAwsCredentials, type ResolvedAwsCredentials } from './resolved-aws-credentials.js';

/** The setting's name, as in Claude Code's settings.json. */
export const AWS_CREDENTIAL_EXPORT_SETTING = 'awsCredentialExport';

/** Options of {@link fromAwsCredentialExport}. */
export interface AwsCredentialExportInit {
  command: string | undefined;
  timeoutMs: number;
  /** Reuse time of credentials that carry no `Expiration`. */
  ttlMs: number;
  cache: CredentialCache<ResolvedAwsCredentials>;
}

/**
 * Runs the `awsCredentialExport` command and parses its STS JSON (see `parseAwsCredentialExport`).
 * Credentials are cached until their `Expiration`, refreshed in the background inside the last
 * 5 minutes, never handed out in their last 10 s (or the last half of their remaining life, when
 * that is shorter); without `Expiration`, for `ttlMs`. Keyed by command, cwd and environment;
 * concurrent callers share one run. The helper's stderr (AWS CLI warnings) is allowed and only
 * ever shown redacted, in errors.
 */
export function fromAwsCredentialExport(
  context: SourceContext,
  init: AwsCredentialExportInit,
): CredentialSource<ResolvedAwsCredentials> & { invalidate(): void } {
  const name = `helper:${AWS_CREDENTIAL_EXPORT_SETTING}`;
  const cwd = helperCwdOf(context, AWS_CREDENTIAL_EXPORT_SETTING);
  // The command inherits the whole environment (AWS keys, AWS_PROFILE…) and runs in `cwd`.
  const cacheKey = (): string =>
    sourceCacheKey(context, name, {
      settings: { command: init.command, cwd },
      environments: [context.env],
    });

  async function runAndParse(command: string) {
    const { stdout } = await runHelper(command, {
      setting: AWS_CREDENTIAL_EXPORT_SETTING,
      cwd,
      env: { ...context.env },
      timeoutMs: init.timeoutMs,
      redactSecrets: context.secrets,
    });
    const { parseAwsCredentialExport } = await import('./parse-aws-credential-export.js'); // zod: loaded on use
    const parsed = parseAwsCredentialExport(stdout, { now: context.now });
    context.secrets.add(parsed.secretAccessKey);
    if (parsed.sessionToken !== undefined) context.secrets.add(parsed.sessionToken);
    const value: ResolvedAwsCredentials = { credentials: plainAwsCredentials(parsed), source: name };
    return parsed.expiration === undefined
      ? { value, ttlMs: init.ttlMs }
      : { value, expiresAt: parsed.expiration.getTime() };
  }

  return {
    name,
    description: 'STS credentials JSON printed by the awsCredentialExport command',
    isConfigured: () => init.command !== undefined,
    peekSecret: () => init.cache.peek(cacheKey())?.value.credentials.secretAccessKey,
    invalidate: () => init.cache.invalidate(cacheKey()),
    async load() {
      const command = init.command;
      if (command === undefined) {
        throw new CredentialHelperError('CREDENTIALS_NOT_FOUND', 'awsCredentialExport is not set', {
          tryNextLink: true,
        });
      }
      const entry = await init.cache.getEntry(cacheKey(), () => runAndParse(command));
      return { credential: entry.value, reuseUntil: reuseUntilOf(entry) };
    },
  };
}
