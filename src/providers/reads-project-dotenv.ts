/**
 * Providers whose resolution never reads the project `.env`: `anthropic` is served by
 * `anthropic()` (`creds.provider('anthropic')` too, unless a profile is pinned), whose precedence
 * (README "Anthropic API" table: variables, file descriptor, `apiKeyHelper`, the store) has no
 * `.env` row, as Claude Code reads none. `list` and `trust` follow this list, so that neither
 * shows a `.env` variable as a credential that nothing uses.
 */
export const PROVIDERS_WITHOUT_DOTENV: readonly string[] = ['anthropic'];

/** Whether `providerId`'s precedence has the `dotenv:VARIABLE` row (`PROVIDER_PRECEDENCE`). */
export function readsProjectDotenv(providerId: string): boolean {
  return !PROVIDERS_WITHOUT_DOTENV.includes(providerId);
}
