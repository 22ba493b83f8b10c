import { OAuth2Server } from 'oauth2-mock-server';
import type { LocalServer } from './local-servers.js';

/** A real OAuth 2 server (oauth2-mock-server) on 127.0.0.1 that checks refresh tokens and counts refreshes. */
export interface OAuthTestServer extends LocalServer {
  tokenUrl: string;
  /** How many `refresh_token` grants it answered (successfully or not). */
  refreshes(): number;
  /** The refresh token it accepts now (it rotates with each refresh unless `keepRefreshToken`). */
  validRefresh(): string;
  close(): Promise<void>;
}

/**
 * Starts the server. It accepts `initialRefresh`, then only the refresh token it issued last;
 * anything else gets `400 invalid_grant`, as a real provider answers a revoked token.
 * `omitRefreshToken`: answers carry no new refresh token (the old one stays valid).
 */
export async function startOAuthServer(
  initialRefresh: string,
  options: { omitRefreshToken?: boolean; expiresInS?: number } = {},
): Promise<OAuthTestServer> {
  const server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  await server.start(0, '127.0.0.1');
  let valid = initialRefresh;
  let count = 0;
  server.service.on('beforeResponse', (response: { body: Record<string, unknown>; statusCode: number }, request) => {
    const body = (request as unknown as { body: Record<string, string> }).body;
    if (body.grant_type !== 'refresh_token') return;
    count++;
    if (body.refresh_token !== valid) {
      response.statusCode = 400;
      response.body = { error: 'invalid_grant', error_description: 'refresh token revoked' };
      return;
    }
    if (options.expiresInS !== undefined) response.body.expires_in = options.expiresInS;
    if (options.omitRefreshToken === true) delete response.body.refresh_token;
    else valid = String(response.body.refresh_token);
  });
  const url = server.issuer.url ?? '';
  return {
    url,
    port: Number(new URL(url).port),
    tokenUrl: `${url}/token`,
    refreshes: () => count,
    validRefresh: () => valid,
    close: () => server.stop(),
  };
}
