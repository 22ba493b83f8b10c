import { printable } from '../printable.js';

/** One line of the proxy's request log: what was asked and how it went, never a header or a body. */
export interface ProxyLogEntry {
  method: string;
  /** The path with each query value elided (`/anthropic/v1/messages?beta=…`), at most 200 characters. */
  path: string;
  status: number;
  /** Response body bytes sent to the agent. */
  bytes: number;
  durationMs: number;
  /** Set when credhelper answered itself: `unauthorized`, `origin`, `host`, `not-found`, `project`, `too-large`, `credential`, `upstream`. */
  refused?: string;
  /** Whether the request was sent again after the upstream rejected the credential. */
  retried?: boolean;
}

/** Where log lines go: `process.stderr`, a file stream, or anything with `write`. */
export interface ProxyLogSink {
  write(text: string): unknown;
}

/**
 * `url` fit for a log: the path as received (non-printable characters replaced) and the query's
 * names only, because a value may be anything an agent put there (`?key=…`).
 */
export function loggedPath(url: string): string {
  const queryAt = url.indexOf('?');
  const pathname = queryAt === -1 ? url : url.slice(0, queryAt);
  let query = '';
  if (queryAt !== -1) {
    const names = url
      .slice(queryAt + 1)
      .split('&')
      .filter((pair) => pair !== '')
      .map((pair) => `${pair.split('=', 1)[0]}=…`);
    query = names.length === 0 ? '' : `?${names.join('&')}`;
  }
  const text = printable(`${pathname}${query}`);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/** The log line of `entry`: `<ISO time> <method> <path> <status> <bytes>B <ms>ms[ refused=…][ retried]`. */
export function formatLogLine(entry: ProxyLogEntry, at: Date): string {
  const tail = `${entry.refused === undefined ? '' : ` refused=${entry.refused}`}${entry.retried === true ? ' retried' : ''}`;
  return `${at.toISOString()} ${printable(entry.method).slice(0, 16)} ${entry.path} ${entry.status} ${entry.bytes}B ${entry.durationMs.toFixed(1)}ms${tail}\n`;
}
