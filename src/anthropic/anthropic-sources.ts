import type { CredentialCache } from '../cache/credential-cache.js';
import type { CredentialSource } from '../chain/credential-source.js';
import { fromEnvVar } from '../chain/from-env-var.js';
import type { SourceContext } from '../chain/source-context.js';
import type { DiagnosticListener } from '../credentials/credential-diagnostic.js';
import { type AnthropicCredential, anthropicCredential } from './anthropic-credential.js';
import { fromApiKeyHelper } from './from-api-key-helper.js';
import { fromOAuthFileDescriptor } from './from-oauth-file-descriptor.js';
import { fromStoredApiKey, fromStoredOAuth, type StoredAnthropicInit } from './from-stored-oauth.js';

/** What the Anthropic precedence list needs besides the shared context. */
export interface AnthropicSourcesInit {
  apiKeyHelper: string | undefined;
  apiKeyHelperTtlMs: number;
  helperTimeoutMs: number;
  helperCache: CredentialCache<string>;
  /** `apiKeyHelper`'s stderr is an error (`HELPER_STDERR`) rather than a diagnostic. */
  strictHelperStderr?: boolean;
  /** Receives diagnostics (a helper's stderr warning). */
  onDiagnostic?: DiagnosticListener | undefined;
  store: StoredAnthropicInit;
}

/**
 * The Anthropic precedence, first that yields wins (Claude Code's order):
 *
 * 1. `ANTHROPIC_AUTH_TOKEN`, sent as `Authorization: Bearer` (`authToken`);
 * 2. `CLAUDE_CODE_OAUTH_TOKEN` (`oauth`);
 * 3. the OAuth token read from the descriptor in `CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR` (`oauth`);
 * 4. the key printed by `apiKeyHelper` (`apiKey`, sent as `x-api-key` and `Authorization: Bearer`);
 * 5. the OAuth token or pasted token stored in `auth.json` for `anthropic` (`oauth`), in the
 *    stored profile order, refreshed when within 5 minutes of expiry;
 * 6. `ANTHROPIC_API_KEY`, sent as `x-api-key` (`apiKey`);
 * 7. the API key stored in `auth.json` (`credhelper login anthropic`) (`apiKey`): after the
 *    variable, since a variable set for one run should win over a stored key.
 *
 * An empty or whitespace-only variable counts as unset. A configured source that fails (a helper
 * that exits 1) stops the resolution with its error rather than falling through to a lower one.
 */
export function anthropicSources(
  context: SourceContext,
  init: AnthropicSourcesInit,
): CredentialSource<AnthropicCredential>[] {
  return [
    fromEnvVar(context, 'ANTHROPIC_AUTH_TOKEN', 'bearer token for the Anthropic API or a gateway', (value, source) =>
      anthropicCredential('authToken', value, source),
    ),
    fromEnvVar(context, 'CLAUDE_CODE_OAUTH_TOKEN', 'Claude OAuth access token', (value, source) =>
      anthropicCredential('oauth', value, source),
    ),
    fromOAuthFileDescriptor(context, { timeoutMs: init.helperTimeoutMs }),
    fromApiKeyHelper(context, {
      command: init.apiKeyHelper,
      timeoutMs: init.helperTimeoutMs,
      ttlMs: init.apiKeyHelperTtlMs,
      cache: init.helperCache,
      strictStderr: init.strictHelperStderr === true,
      onDiagnostic: init.onDiagnostic,
    }),
    fromStoredOAuth(context, init.store),
    fromEnvVar(context, 'ANTHROPIC_API_KEY', 'Anthropic API key', (value, source) =>
      anthropicCredential('apiKey', value, source),
    ),
    fromStoredApiKey(context, init.store),
  ];
}
