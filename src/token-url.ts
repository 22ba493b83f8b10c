/**
 * Whether `hostname` (as `URL#hostname` gives it, already normalized: `127.1` → `127.0.0.1`,
 * IPv6 in brackets) is a loopback address: `127.0.0.0/8`, `[::1]` or `localhost`.
 */
export function isLoopbackHostname(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * Why `url` may not be an OAuth token endpoint, or `undefined` when it may: it must be `https:`,
 * or plain `http:` to a loopback address (a local test or bridge server). A refresh token sent
 * over plain http to any other host crosses the network readable by anyone on the path.
 */
export function tokenUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol !== 'http:') return `uses ${parsed.protocol.slice(0, 16)} (expected https)`;
  if (isLoopbackHostname(parsed.hostname)) return undefined;
  return `is plain http to ${parsed.hostname.slice(0, 253)}, which would send the refresh token unencrypted (plain http is allowed only to 127.0.0.0/8, [::1] and localhost)`;
}
