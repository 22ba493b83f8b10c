import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Random bytes in a proxy token: 256 bits (the floor is 128). */
export const PROXY_TOKEN_BYTES = 32;

/** A new per-launch proxy token: {@link PROXY_TOKEN_BYTES} random bytes, base64url (43 characters). */
export function createProxyToken(): string {
  return randomBytes(PROXY_TOKEN_BYTES).toString('base64url');
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * A check of candidate tokens against `token` in constant time: both sides are hashed to 32
 * bytes first, so that neither the content nor the length of the real token leaks through timing.
 */
export function tokenChecker(token: string): (candidate: string | undefined) => boolean {
  const expected = digest(token);
  return (candidate) => candidate !== undefined && timingSafeEqual(digest(candidate), expected);
}

/**
 * The token a client sent: `Authorization: Bearer <token>` (Claude Code, `authToken`, the Bedrock
 * SDK's `apiKey`, a Vertex `authClient`) or `x-api-key: <token>` (the Anthropic SDK's `apiKey`).
 * Each present header is returned; the request is accepted when one of them matches.
 */
export function presentedTokens(headers: Readonly<Record<string, string | string[] | undefined>>): string[] {
  const found: string[] = [];
  const authorization = headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
    if (match?.[1] !== undefined) found.push(match[1]);
  }
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.trim() !== '') found.push(apiKey.trim());
  return found;
}
