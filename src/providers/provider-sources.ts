import type { CredentialSource } from '../chain/credential-source.js';
import { envValue, type ReadonlyEnv, type SourceContext } from '../chain/source-context.js';
import { CredentialHelperError } from '../errors.js';
import type { AuthEntryType } from '../store/auth-entries.js';
import { type DotenvFile, dotenvPath, readDotenvFile } from './dotenv-file.js';
import { fromStore, type StoreSource } from './from-store.js';
import type { OAuthEndpoint, ProviderInfo } from './provider-table.js';

/** A credential for a model provider of the table (`creds.provider(id)`). */
export interface ProviderCredential {
  provider: string;
  /** `api` for keys from variables, `.env` or `auth.json`; else the stored entry's type. */
  type: AuthEntryType;
  /** The key or token. Never log it. */
  value: string;
  /** `env:NAME`, `dotenv:NAME` or `store:<entry id>`. */
  source: string;
  /**
   * Variables for the provider's SDK: the key under its first variable name, and the provider's
   * other variables (endpoint, version) from the same place as the key (from the environment for
   * a stored key), so that a project's `.env` cannot redirect a key that came from elsewhere.
   */
  env: Record<string, string>;
  expiresAt?: Date;
}

/** The order in which a provider's credential is looked for; one data list (README table). */
export const PROVIDER_PRECEDENCE = ['environment', 'dotenv', 'store'] as const;
/** One of {@link PROVIDER_PRECEDENCE}. */
export type ProviderLayer = (typeof PROVIDER_PRECEDENCE)[number];

const STORE_TYPES: readonly AuthEntryType[] = ['api', 'token', 'oauth', 'wellknown'];

function configFrom(provider: ProviderInfo, lookup: (name: string) => string | undefined): Record<string, string> {
  const config: Record<string, string> = {};
  for (const name of provider.configVariables ?? []) {
    const value = lookup(name);
    if (value !== undefined) config[name] = value;
  }
  return config;
}

function fromVariable(
  context: SourceContext,
  provider: ProviderInfo,
  variable: string,
  where: 'env' | 'dotenv',
  verifyDotenv: VerifyDotenv | undefined,
): CredentialSource<ProviderCredential> {
  const name = `${where}:${variable}`;
  const read = (): { get: (key: string) => string | undefined; file?: DotenvFile } | undefined => {
    if (where === 'env') return { get: (key) => envValue(context.env, key) };
    const file = readDotenvFile(context.cwd);
    return file === undefined ? undefined : { get: (key) => envValue(file.variables, key), file };
  };
  const lookup = () => read()?.get;
  const peek = (): string | undefined => {
    try {
      return lookup()?.(variable);
    } catch {
      return undefined;
    }
  };
  return {
    name,
    description:
      where === 'env'
        ? `${provider.name} key in the environment`
        : `${provider.name} key in ${dotenvPath(context.cwd)}`,
    isConfigured: () => peek() !== undefined,
    peekSecret: peek,
    async load() {
      const found = read();
      const get = found?.get;
      const value = get?.(variable);
      if (get === undefined || value === undefined) {
        throw new CredentialHelperError('CREDENTIALS_NOT_FOUND', `${name} is not set`, { tryNextLink: true });
      }
      context.secrets.add(value);
      // The text that was parsed is the text that is verified (no second read in between).
      if (found?.file !== undefined) await verifyDotenv?.({ path: found.file.path, text: found.file.text });
      const env = { [provider.keyVariables[0] ?? variable]: value, ...configFrom(provider, get) };
      return { credential: { provider: provider.id, type: 'api', value, source: name, env } };
    },
  };
}

/** Checks a `.env` file before a value from it is used (`dotenv.verify`); throws to refuse it. */
export type VerifyDotenv = (file: { path: string; text: string }) => void | Promise<void>;

/** The variables a stored credential is handed to an SDK under. */
function storedEnv(provider: ProviderInfo, env: ReadonlyEnv, value: string, wellknownVariable?: string) {
  const variable = wellknownVariable ?? provider.keyVariables[0];
  const config = configFrom(provider, (key) => envValue(env, key));
  return variable === undefined ? config : { [variable]: value, ...config };
}

/**
 * The precedence of a provider's credential, first that yields wins:
 *
 * 1. its key variables in the environment, in table order (e.g. `GEMINI_API_KEY`, then
 *    `GOOGLE_GENERATIVE_AI_API_KEY`);
 * 2. the same variables in the project's `.env` (the one in `cwd`, parsed, never loaded), each
 *    checked by `dotenv.verify` before it is used (the CLI: only in a trusted project);
 * 3. its entries in `auth.json`, in the stored order (`credhelper auth order`), OAuth tokens
 *    refreshed when they are about to expire.
 *
 * With `profile`, only that stored entry is used: pinning a profile is an explicit choice.
 */
export function providerSources(
  context: SourceContext,
  provider: ProviderInfo,
  init: {
    profile?: string;
    oauth: OAuthEndpoint | undefined;
    timeoutMs: number;
    verifyDotenv?: VerifyDotenv | undefined;
  },
): { sources: CredentialSource<ProviderCredential>[]; store: StoreSource<ProviderCredential> } {
  const store = fromStore<ProviderCredential>(context, {
    name: init.profile === undefined ? `store:${provider.id}` : `store:${provider.id}:${init.profile}`,
    description: `${provider.name} credentials stored in auth.json`,
    provider: provider.id,
    types: STORE_TYPES,
    ...(init.profile === undefined ? {} : { profile: init.profile }),
    oauth: init.oauth,
    timeoutMs: init.timeoutMs,
    build: (secret) => {
      const credential: ProviderCredential = {
        provider: provider.id,
        type: secret.type,
        value: secret.value,
        source: secret.source,
        env: storedEnv(provider, context.env, secret.value, secret.variable),
      };
      if (secret.expiresAt !== undefined) credential.expiresAt = secret.expiresAt;
      return credential;
    },
  });
  if (init.profile !== undefined) return { sources: [store], store };
  const layers: Record<ProviderLayer, () => CredentialSource<ProviderCredential>[]> = {
    environment: () =>
      provider.keyVariables.map((variable) => fromVariable(context, provider, variable, 'env', undefined)),
    dotenv: () =>
      provider.keyVariables.map((variable) => fromVariable(context, provider, variable, 'dotenv', init.verifyDotenv)),
    store: () => [store],
  };
  return { sources: PROVIDER_PRECEDENCE.flatMap((layer) => layers[layer]()), store };
}
