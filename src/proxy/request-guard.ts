import type { IncomingHttpHeaders } from 'node:http';

/** Why a request was refused before anything else happened, or `undefined` when it may go on. */
export type GuardRefusal = { status: 403; reason: 'origin' | 'host' } | undefined;

/**
 * Browser and DNS-rebinding defences, checked before the token: a request carrying `Origin`
 * (every cross-origin browser request does; agents' HTTP clients do not) is refused, and so is one
 * whose `Host` is not this proxy's loopback address (`127.0.0.1:<port>`, `localhost:<port>`,
 * `[::1]:<port>`), which is what a page on a rebound DNS name would send.
 */
export function guardRequest(headers: IncomingHttpHeaders, port: number): GuardRefusal {
  if (headers.origin !== undefined) return { status: 403, reason: 'origin' };
  const host = headers.host?.toLowerCase();
  const allowed = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
  if (host === undefined || !allowed.includes(host)) return { status: 403, reason: 'host' };
  return undefined;
}
