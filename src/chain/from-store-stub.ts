import { CredentialHelperError } from '../errors.js';
import type { CredentialSource } from './credential-source.js';

/**
 * A place in a precedence list for a credential stored in `auth.json`. The store is not built yet,
 * so the source is never configured; it holds its rank so that the order does not change later.
 */
export function fromStoreStub<C>(name: string, what: string): CredentialSource<C> {
  return {
    name,
    description: `${what} stored in auth.json (the store is not available yet)`,
    isConfigured: () => false,
    peekSecret: () => undefined,
    async load() {
      throw new CredentialHelperError('CREDENTIALS_NOT_FOUND', `no stored ${what}`, { tryNextLink: true });
    },
  };
}
