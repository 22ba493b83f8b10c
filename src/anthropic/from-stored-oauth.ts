import type { CredentialSource } from '../chain/credential-source.js';
import { fromStoreStub } from '../chain/from-store-stub.js';
import type { AnthropicCredential } from './anthropic-credential.js';

/** The OAuth token stored in credhelper's `auth.json`: never configured until the store exists. */
export function fromStoredOAuth(): CredentialSource<AnthropicCredential> {
  return fromStoreStub('store:anthropic', 'Anthropic OAuth token');
}
