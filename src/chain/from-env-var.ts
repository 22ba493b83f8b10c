import { CredentialHelperError } from '../errors.js';
import type { CredentialSource } from './credential-source.js';
import { envValue, type SourceContext } from './source-context.js';

/**
 * A source that reads one environment variable (empty or whitespace-only counts as unset) and
 * turns its value into a credential with `build`. Its source name is `env:NAME`.
 */
export function fromEnvVar<C>(
  context: SourceContext,
  name: string,
  description: string,
  build: (value: string, source: string) => C,
): CredentialSource<C> {
  const source = `env:${name}`;
  return {
    name: source,
    description,
    isConfigured: () => envValue(context.env, name) !== undefined,
    peekSecret: () => envValue(context.env, name),
    async load() {
      const value = envValue(context.env, name);
      if (value === undefined) {
        throw new CredentialHelperError('CREDENTIALS_NOT_FOUND', `${source} is not set`, { tryNextLink: true });
      }
      context.secrets.add(value);
      return { credential: build(value, source) };
    },
  };
}
