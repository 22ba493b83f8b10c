import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { request as httpRequest } from 'node:http';
import { json, type LocalServer, listen, messageReply } from '../support/local-servers.js';

/** What a fake upstream saw of one request. */
export interface UpstreamCall {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A fake Anthropic API that records every request and answers with `reply` (default: a Messages
 * reply when `x-api-key` or the bearer equals `acceptKey`, else 401).
 */
export async function anthropicUpstream(
  acceptKey: string,
  reply?: (
    request: IncomingMessage,
    response: ServerResponse,
    body: Buffer,
    calls: UpstreamCall[],
  ) => void | Promise<void>,
): Promise<LocalServer & { calls: UpstreamCall[] }> {
  const calls: UpstreamCall[] = [];
  const server = await listen(async (request, response, body) => {
    calls.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
    if (reply !== undefined) {
      await reply(request, response, body, calls);
      return;
    }
    const presented = request.headers['x-api-key'] ?? request.headers.authorization?.replace(/^Bearer /, '');
    if (presented !== acceptKey) {
      json(response, 401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } });
      return;
    }
    json(response, 200, messageReply('hello through the proxy'));
  });
  return Object.assign(server, { calls });
}

/** A raw HTTP/1.1 request (any `Host`, any header), for the cases `fetch` cannot send. */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const { hostname, port, origin } = new URL(url);
    // The path exactly as written (`new URL` would resolve `..`).
    const path = url.slice(origin.length) || '/';
    const request = httpRequest(
      { hostname, port, path, method: options.method ?? 'GET', headers: options.headers ?? {} },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/** Every header value and the body of every call, as one string: a secret must not appear in it. */
export function everythingSent(calls: readonly UpstreamCall[]): string {
  return calls.map((call) => `${call.url}\n${JSON.stringify(call.headers)}\n${call.body.toString('utf8')}`).join('\n');
}
