/** How a credential is sent to the Anthropic API. */
export type AnthropicCredentialType = 'authToken' | 'apiKey' | 'oauth';

/** The beta flag the Anthropic API requires with OAuth access tokens. */
export const OAUTH_BETA_HEADER_VALUE = 'oauth-2025-04-20';

/** An Anthropic API credential and the headers to send it with. */
export interface AnthropicCredential {
  type: AnthropicCredentialType;
  /** The secret itself. Never log it. */
  value: string;
  /** Which source won, e.g. `env:ANTHROPIC_API_KEY` or `helper:apiKeyHelper`. */
  source: string;
  /** Headers to add to each request (lower-case names). */
  headers: Record<string, string>;
  /** When the credential stops working, when known. */
  expiresAt?: Date;
  /**
   * When a person must paste a new token (a stored pasted token's expiry); not set for a stored
   * OAuth token, which is renewed with its refresh token. See `humanActionBy`.
   */
  humanActionBy?: Date;
}

/**
 * Builds the credential and its headers:
 * - `authToken`: `authorization: Bearer …` (an `ANTHROPIC_AUTH_TOKEN` for a gateway or proxy);
 * - `oauth`: `authorization: Bearer …` and `anthropic-beta: oauth-2025-04-20`;
 * - `apiKey`: `x-api-key`; a key from `apiKeyHelper` is also sent as `authorization: Bearer`, as
 *   Claude Code does, so that gateways of either kind accept it.
 */
export function anthropicCredential(
  type: AnthropicCredentialType,
  value: string,
  source: string,
  options: { alsoBearer?: boolean; expiresAt?: Date; humanActionBy?: Date } = {},
): AnthropicCredential {
  const headers: Record<string, string> = {};
  if (type === 'apiKey') {
    headers['x-api-key'] = value;
    if (options.alsoBearer === true) headers.authorization = `Bearer ${value}`;
  } else {
    headers.authorization = `Bearer ${value}`;
    if (type === 'oauth') headers['anthropic-beta'] = OAUTH_BETA_HEADER_VALUE;
  }
  const credential: AnthropicCredential = { type, value, source, headers };
  if (options.expiresAt !== undefined) credential.expiresAt = options.expiresAt;
  if (options.humanActionBy !== undefined) credential.humanActionBy = options.humanActionBy;
  return credential;
}
