import type { CredentialSource } from '../chain/credential-source.js';
import type { SourceContext } from '../chain/source-context.js';
import { fromStore } from '../providers/from-store.js';
import { providerInfo } from '../providers/provider-table.js';
import { type AnthropicCredential, anthropicCredential } from './anthropic-credential.js';

/** What the two stored-Anthropic rows need. */
export interface StoredAnthropicInit {
  oauth: import('../providers/provider-table.js').OAuthEndpoint | undefined;
  timeoutMs: number;
}

/**
 * The OAuth tokens stored in `auth.json` for `anthropic` (from an OAuth login, or a token pasted
 * with `credhelper paste-token`, e.g. from `claude setup-token`): sent as OAuth bearer tokens.
 * Refreshed before expiry against Anthropic's token endpoint (or the configured one).
 */
export function fromStoredOAuth(
  context: SourceContext,
  init: StoredAnthropicInit,
): CredentialSource<AnthropicCredential> {
  return fromStore(context, {
    name: 'store:anthropic',
    description: 'Anthropic OAuth or pasted token stored in auth.json',
    provider: 'anthropic',
    types: ['oauth', 'token'],
    oauth: init.oauth,
    timeoutMs: init.timeoutMs,
    build: (secret) =>
      anthropicCredential(
        'oauth',
        secret.value,
        secret.source,
        secret.expiresAt === undefined
          ? {}
          : // A pasted token (`paste-token`) has no refresh token: its expiry is a person's deadline.
            { expiresAt: secret.expiresAt, ...(secret.type === 'token' ? { humanActionBy: secret.expiresAt } : {}) },
      ),
  });
}

/**
 * An Anthropic API key stored in `auth.json` (`credhelper login anthropic`): after `ANTHROPIC_API_KEY`.
 * Named like every stored entry, `store:anthropic` (`store:anthropic:work` for a profile).
 */
export function fromStoredApiKey(
  context: SourceContext,
  init: StoredAnthropicInit,
): CredentialSource<AnthropicCredential> {
  return fromStore(context, {
    // The same entries as `fromStoredOAuth`, other types: the same name (`store:<entry id>` in explain).
    name: 'store:anthropic',
    description: `${providerInfo('anthropic').name} API key stored in auth.json`,
    provider: 'anthropic',
    types: ['api'],
    oauth: init.oauth,
    timeoutMs: init.timeoutMs,
    build: (secret) => anthropicCredential('apiKey', secret.value, secret.source),
  });
}
