import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LocalServer, listen } from './local-servers.js';

/** A token endpoint that rotates refresh tokens and answers late (see {@link startRotatingTokenEndpoint}). */
export interface RotatingTokenEndpoint extends LocalServer {
  tokenUrl: string;
  /** The one refresh token it accepts now; every other one (the old ones) gets `400 invalid_grant`. */
  validRefresh(): string;
  /** How many refresh requests it answered successfully. */
  rotations(): number;
  /** Resolves when the next refresh request has arrived (its old token is dead from then on). */
  nextRequest(): Promise<void>;
  /** Resolves when the next answer has been sent. */
  nextAnswer(): Promise<void>;
}

/**
 * Starts an OAuth token endpoint on 127.0.0.1 that behaves like a provider with rotating refresh
 * tokens: a request with the valid refresh token makes it invalid at once, and the answer (after
 * `delayMs`) carries the only refresh token accepted from then on. It tells the test when a request
 * arrives and when it answered, so that a process can be signalled in the window.
 */
export async function startRotatingTokenEndpoint(
  initialRefresh: string,
  delayMs: number,
): Promise<RotatingTokenEndpoint> {
  let valid = initialRefresh;
  let rotations = 0;
  const waiters = { request: [] as (() => void)[], answer: [] as (() => void)[] };
  const notify = (kind: 'request' | 'answer'): void => {
    for (const resolve of waiters[kind].splice(0)) resolve();
  };
  const server = await listen(async (request, response, body) => {
    const fields = new URLSearchParams(body.toString());
    if (request.url !== '/token' || fields.get('grant_type') !== 'refresh_token') {
      response.writeHead(404).end();
      return;
    }
    if (fields.get('refresh_token') !== valid) {
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'invalid_grant' }));
      return;
    }
    const next = `test-refresh-rotated-${randomBytes(6).toString('hex')}`;
    valid = next; // the old one is dead now, answered or not
    notify('request');
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    rotations++;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        access_token: `test-access-${randomBytes(6).toString('hex')}`,
        refresh_token: next,
        token_type: 'Bearer',
        expires_in: 3600,
      }),
      () => notify('answer'),
    );
  });
  return {
    ...server,
    tokenUrl: `${server.url}/token`,
    validRefresh: () => valid,
    rotations: () => rotations,
    nextRequest: () => new Promise((resolve) => waiters.request.push(resolve)),
    nextAnswer: () => new Promise((resolve) => waiters.answer.push(resolve)),
  };
}

/** The default store file (`auth.json`) under `home`. */
export function storePathIn(home: string): string {
  return join(home, '.local', 'share', 'credhelper', 'auth.json');
}

/** Writes a store under `home` with one expired `openrouter` OAuth entry whose refresh token is `refresh`. */
export function writeExpiredOAuthEntry(home: string, refresh: string): void {
  const file = storePathIn(home);
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  writeFileSync(
    file,
    JSON.stringify({ openrouter: { type: 'oauth', access: 'test-access-old-0001', refresh, expires: 1000 } }),
    { mode: 0o600 },
  );
}
