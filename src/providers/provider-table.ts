/** Where and how an OAuth refresh token is exchanged for a new access token. */
export interface OAuthEndpoint {
  /** The token endpoint (`grant_type=refresh_token` is POSTed here). */
  tokenUrl: string;
  /** Sent as `client_id`, when the provider wants one. */
  clientId?: string;
  /** `form` (RFC 6749, the default) or `json` (Anthropic's endpoint). */
  body?: 'form' | 'json';
}

/** One model provider credhelper knows. */
export interface ProviderInfo {
  /** The id used in `auth.json`, the CLI and `creds.provider(id)` (pi's and opencode's ids). */
  id: string;
  name: string;
  /** Variables that hold its key, first set wins. */
  keyVariables: readonly string[];
  /** Further variables the provider needs (endpoint, version…), taken from the same place as the key. */
  configVariables?: readonly string[];
  /** The token endpoint for stored OAuth entries, when one is known. */
  oauth?: OAuthEndpoint;
}

/**
 * The providers, in the order the interactive `credhelper login` lists them. Data only: the
 * precedence that reads it is in `providerSources`. The variable names are the ones pi, opencode
 * and the providers' own SDKs read.
 */
export const PROVIDERS: readonly ProviderInfo[] = [
  {
    id: 'anthropic',
    name: 'Anthropic',
    keyVariables: ['ANTHROPIC_API_KEY'],
    oauth: {
      // Claude Code's public OAuth client (the one `claude setup-token` and /login use).
      tokenUrl: 'https://console.anthropic.com/v1/oauth/token',
      clientId: '9d1c250a-e61b-44d9-88ed-5944d1962f5e',
      body: 'json',
    },
  },
  { id: 'openai', name: 'OpenAI', keyVariables: ['OPENAI_API_KEY'] },
  {
    id: 'azure-openai',
    name: 'Azure OpenAI',
    keyVariables: ['AZURE_OPENAI_API_KEY'],
    configVariables: [
      'AZURE_OPENAI_BASE_URL',
      'AZURE_OPENAI_RESOURCE_NAME',
      'AZURE_OPENAI_API_VERSION',
      'AZURE_OPENAI_DEPLOYMENT_NAME_MAP',
    ],
  },
  { id: 'google', name: 'Google Gemini', keyVariables: ['GEMINI_API_KEY', 'GOOGLE_GENERATIVE_AI_API_KEY'] },
  { id: 'mistral', name: 'Mistral', keyVariables: ['MISTRAL_API_KEY'] },
  { id: 'groq', name: 'Groq', keyVariables: ['GROQ_API_KEY'] },
  { id: 'cerebras', name: 'Cerebras', keyVariables: ['CEREBRAS_API_KEY'] },
  { id: 'xai', name: 'xAI', keyVariables: ['XAI_API_KEY'] },
  { id: 'openrouter', name: 'OpenRouter', keyVariables: ['OPENROUTER_API_KEY'] },
  { id: 'vercel-ai-gateway', name: 'Vercel AI Gateway', keyVariables: ['AI_GATEWAY_API_KEY'] },
  { id: 'zai', name: 'ZAI', keyVariables: ['ZAI_API_KEY'] },
  { id: 'opencode', name: 'OpenCode Zen', keyVariables: ['OPENCODE_API_KEY'] },
  { id: 'minimax', name: 'MiniMax', keyVariables: ['MINIMAX_API_KEY'] },
  { id: 'minimax-cn', name: 'MiniMax (China)', keyVariables: ['MINIMAX_CN_API_KEY'] },
  { id: 'amazon-bedrock', name: 'Amazon Bedrock (API key)', keyVariables: ['AWS_BEARER_TOKEN_BEDROCK'] },
];

/** The provider `id`, from the table or, for an id the table does not know, a bare entry (store only). */
export function providerInfo(id: string): ProviderInfo {
  return PROVIDERS.find((provider) => provider.id === id) ?? { id, name: id, keyVariables: [] };
}

/** Whether `id` is one of {@link PROVIDERS}. */
export function isKnownProvider(id: string): boolean {
  return PROVIDERS.some((provider) => provider.id === id);
}
