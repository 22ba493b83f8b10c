import type { CredentialTarget } from '../../credentials/create-credential-helper.js';
import { withClaudeSettingsHint } from '../claude-settings-hint.js';
import { cliContext, type GlobalOptions } from '../cli-context.js';
import { holdStderrUntilFailure } from '../held-stderr.js';
import { unknownNameIn } from '../known-names.js';
import { environmentOf, factsOf, resolveTarget } from '../resolve-target.js';
import { shellExports } from '../shell-quote.js';
import type { CommandResult } from './command-result.js';

/** How a stored Anthropic entry is sent (`anthropic()`'s types): a pasted token is an OAuth token. */
const ANTHROPIC_SENT_AS: Record<string, string> = { api: 'apiKey', oauth: 'oauth', token: 'oauth' };

/**
 * `credhelper get <target>`: the credential on stdout, for scripts. Anthropic: the key or token.
 * Bedrock: `export AWS_…='…'` lines, `AWS_BEARER_TOKEN_BEDROCK` for a bearer token or the keys of
 * SigV4 credentials, and `AWS_REGION` (the variables `exec` sets, each value in POSIX single
 * quotes, for `eval "$(credhelper get bedrock)"`). Vertex: the access
 * token (like `gcloud auth print-access-token`). Another provider id (`openai`…): its key or token
 * by `provider(id)`'s precedence. `--profile` pins a stored entry (`anthropic:work`). `--json` adds
 * the facts, in one shape whatever the path: `{ target, type, source, expiresAt?, region?,
 * projectId? }` plus `value`, `token`, `credentials` or `accessToken`.
 */
export async function get(
  globals: GlobalOptions,
  target: CredentialTarget | string,
  options: { profile?: string; bearer?: boolean } = {},
): Promise<CommandResult> {
  holdStderrUntilFailure(); // used as an apiKeyHelper: stderr on success counts as failure
  const { creds, env, loaded } = await cliContext(globals, {
    refresh: true,
    mintBedrockBearer: options.bearer === true,
  });
  if (options.bearer === true && target !== 'bedrock') return { usageError: '--bearer is for `get bedrock` only' };
  const unknown = unknownNameIn(target, env, loaded);
  if (unknown !== undefined) return { usageError: unknown };
  if (options.profile !== undefined || (target !== 'anthropic' && target !== 'bedrock' && target !== 'vertex')) {
    if (target === 'bedrock' || target === 'vertex') {
      return { usageError: `--profile is for stored credentials of a provider (e.g. get anthropic --profile work)` };
    }
    const { profile } = options;
    const credential = await creds
      .provider(target, profile === undefined ? {} : { profile })
      .catch(async (error: unknown) => {
        if (profile === undefined) throw error;
        // A profile that is not stored: name what is (loaded on this failure path only).
        throw (await import('../missing-profile-error.js')).missingProfileError(error, target, profile, env);
      });
    // One shape for every path: `target`, and for Anthropic the type it is sent as (as `get anthropic`).
    const type = credential.provider === 'anthropic' ? ANTHROPIC_SENT_AS[credential.type] : credential.type;
    const facts = { target: credential.provider, type, source: credential.source };
    const expiresAt = credential.expiresAt?.toISOString();
    return {
      data: { ...facts, ...(expiresAt === undefined ? {} : { expiresAt }), value: credential.value },
      lines: [credential.value],
    };
  }
  const resolved = await resolveTarget(creds, target).catch((error: unknown) => {
    // Coming from Claude Code: its settings are read only when asked for; say so when they would help.
    throw withClaudeSettingsHint(error, loaded, process.cwd(), env);
  });
  const facts = factsOf(resolved);
  if (resolved.target === 'anthropic') {
    return { data: { ...facts, value: resolved.credential.value }, lines: [resolved.credential.value] };
  }
  if (resolved.target === 'vertex') {
    return {
      data: { ...facts, accessToken: resolved.credential.accessToken },
      lines: [resolved.credential.accessToken],
    };
  }
  const credential = resolved.credential;
  // Bearer or SigV4: `export` lines, single-quoted, for `eval "$(credhelper get bedrock)"`.
  if (credential.type === 'bearer') {
    return { data: { ...facts, token: credential.token }, lines: shellExports(environmentOf(resolved).set) };
  }
  const { accessKeyId, secretAccessKey, sessionToken, expiration } = credential.credentials;
  const lines = shellExports(environmentOf(resolved).set);
  return {
    data: {
      ...facts,
      credentials: { accessKeyId, secretAccessKey, sessionToken, expiration: expiration?.toISOString() },
    },
    lines,
  };
}
