import { envValue, type ReadonlyEnv } from '../read-env.js';
import { cidrEntryMatches } from './no-proxy-cidr.js';

/** The variables that configure a forward proxy (each also read in lower case, which wins). */
export const PROXY_VARIABLES = ['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY'] as const;

/** `name` from `env`, the lower-case spelling first (as curl and most tools read it). */
function eitherCase(env: ReadonlyEnv, name: string): string | undefined {
  return envValue(env, name.toLowerCase()) ?? envValue(env, name);
}

/** Whether `env` sets `HTTPS_PROXY` or `HTTP_PROXY` (either case): only then is a proxy library loaded. */
export function proxyConfigured(env: ReadonlyEnv): boolean {
  return eitherCase(env, 'HTTPS_PROXY') !== undefined || eitherCase(env, 'HTTP_PROXY') !== undefined;
}

/** `hostname` without IPv6 brackets and trailing dots, in lower case. */
function bareHost(hostname: string): string {
  return hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.+$/, '')
    .toLowerCase();
}

/**
 * Whether `hostname` is never proxied: loopback (`localhost`, `127.0.0.0/8`, `::1`) and link-local
 * (`169.254.0.0/16`, where instance metadata lives, and `fe80::/10`).
 */
export function isDirectOnlyHost(hostname: string): boolean {
  const host = bareHost(hostname);
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) ||
    /^169\.254\.\d{1,3}\.\d{1,3}$/.test(host) ||
    /^fe[89ab][0-9a-f]:/.test(host) ||
    // IPv4-mapped IPv6 (`[::ffff:127.0.0.1]`, which URL parsing turns into `::ffff:7f00:1`).
    /^::ffff:(7f[0-9a-f]{2}|a9fe):/.test(host) ||
    /^::ffff:(127|169\.254)\./.test(host)
  );
}

/**
 * Whether `NO_PROXY` (its value `noProxy`) excludes `hostname`:`port`. Entries are separated by
 * commas or spaces; `*` excludes everything; an entry may end in `:port` (then only that port);
 * `example.com`, `.example.com` and `*.example.com` all exclude `example.com` and every name under
 * it; trailing dots are ignored on both sides (`metadata.google.internal.`); an entry in CIDR
 * notation (`10.0.0.0/8`, `::1/128`) excludes the IP addresses in it, by curl's rule (see
 * {@link cidrEntryMatches}).
 */
export function noProxyMatches(noProxy: string, hostname: string, port: string): boolean {
  const host = bareHost(hostname);
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    const inRange = cidrEntryMatches(entry, host);
    if (inRange !== undefined) {
      if (inRange) return true;
      continue;
    }
    const { name: entryName, port: entryPort } = splitEntry(entry);
    if (entryPort !== undefined && entryPort !== port) continue;
    const name = bareHost(entryName.replace(/^\*?\.?/, ''));
    if (name === '') continue;
    if (host === name) return true;
    // A name matches its subdomains; an IP address only itself (`1.2.3` must not exclude `10.1.2.3`).
    if (!isIpLiteral(host) && host.endsWith(`.${name}`)) return true;
  }
  return false;
}

/** Whether `host` (bare, lower case) is an IPv4 or IPv6 address rather than a name. */
function isIpLiteral(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':');
}

/** A `NO_PROXY` entry as host and optional port (`[::1]:8080`, `::1`, `host:443`, `host`). */
function splitEntry(entry: string): { name: string; port?: string } {
  const bracketed = /^\[([^\]]*)\](?::(\d+))?$/.exec(entry);
  if (bracketed)
    return bracketed[2] === undefined ? { name: bracketed[1] ?? '' } : { name: bracketed[1] ?? '', port: bracketed[2] };
  if ((entry.match(/:/g)?.length ?? 0) > 1) return { name: entry }; // a bare IPv6 address
  const withPort = /^(.*):(\d+)$/.exec(entry);
  return withPort ? { name: withPort[1] ?? '', port: withPort[2] } : { name: entry };
}

/** The default port of `protocol` (`https:` 443, else 80). */
function portOf(url: URL): string {
  return url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80';
}

/**
 * The proxy URL that a request to `url` goes through, read from `env`, or `undefined` to connect
 * directly. `https:` URLs use `HTTPS_PROXY`, then `HTTP_PROXY`; `http:` URLs use `HTTP_PROXY`
 * (either case, lower case first). Loopback and link-local hosts are never proxied (see
 * {@link isDirectOnlyHost}), nor hosts that `NO_PROXY` excludes (see {@link noProxyMatches}).
 * This is the one proxy rule of every outbound call credhelper makes itself.
 */
export function proxyForUrl(url: string | URL, env: ReadonlyEnv): string | undefined {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  const proxy =
    parsed.protocol === 'https:'
      ? (eitherCase(env, 'HTTPS_PROXY') ?? eitherCase(env, 'HTTP_PROXY'))
      : eitherCase(env, 'HTTP_PROXY');
  if (proxy === undefined || isDirectOnlyHost(parsed.hostname)) return undefined;
  const noProxy = eitherCase(env, 'NO_PROXY');
  if (noProxy !== undefined && noProxyMatches(noProxy, parsed.hostname, portOf(parsed))) return undefined;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}

/**
 * `proxy` fit for a message: its scheme, host and port only (a proxy URL may carry a user name and
 * password, which never appear).
 */
export function proxyLabel(proxy: string): string {
  try {
    const { protocol, host } = new URL(proxy);
    return `${protocol}//${host}`;
  } catch {
    return 'the configured proxy (an unparsable URL)';
  }
}
