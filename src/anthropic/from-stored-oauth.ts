import type { CredentialSource } from '../chain/credential-source.js';
import { CredentialHelperError } from '../errors.js';
import type { AnthropicCredential } from './anthropic-credential.js';

/**
 * The OAuth token stored in credhelper's `auth.json`. The store is not built yet, so this source
 * is never configured; it holds its place in the precedence list.
 */
export function fromStoredOAuth(): CredentialSource<AnthropicCredential> {
  return {
    name: 'store:anthropic',
    description: 'OAuth token stored in auth.json (the store is not available yet)',
    isConfigured: () => false,
    peekSecret: () => undefined,
    async load() {
      throw new CredentialHelperError('CREDENTIALS_NOT_FOUND', 'no stored Anthropic OAuth token', {
        tryNextLink: true,
      });
    },
  };
}
