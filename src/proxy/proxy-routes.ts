import type { CredentialTarget } from '../credentials/credential-target.js';

/**
 * The path prefix of each target on the proxy: `http://127.0.0.1:<port><prefix>` is the base URL
 * the agent gets. Vertex's ends in `/v1` because Claude Code and `AnthropicVertex` use
 * `ANTHROPIC_VERTEX_BASE_URL` as given and append `/projects/…`.
 */
export const TARGET_PREFIXES: Readonly<Record<CredentialTarget, string>> = {
  anthropic: '/anthropic',
  bedrock: '/bedrock',
  vertex: '/vertex/v1',
};

/** Which upstream a route goes to: Bedrock's runtime and control plane are different hosts. */
export type UpstreamKind = 'anthropic' | 'bedrock-runtime' | 'bedrock' | 'vertex';

/** A request the proxy forwards: its target, its upstream, and the path (with query) to send there. */
export interface ProxyRoute {
  target: CredentialTarget;
  upstream: UpstreamKind;
  /** The path after the target's prefix, with the query string as received (e.g. `/v1/messages?beta=true`). */
  path: string;
  /** Vertex: the `locations/<region>` of the path, which picks the regional host. */
  region?: string;
  /** Vertex: the `projects/<project>` segment of the path, as sent (an encoded name is not the project's name). */
  project?: string;
}

interface RouteRule {
  method: string;
  pattern: RegExp;
  upstream: UpstreamKind;
}

const SEGMENT = '[^/]+';
/** The model paths each target forwards; anything else is 404 and never leaves the machine. */
const RULES: Readonly<Record<CredentialTarget, readonly RouteRule[]>> = {
  anthropic: [
    { method: 'POST', pattern: /^\/v1\/messages$/, upstream: 'anthropic' },
    { method: 'POST', pattern: /^\/v1\/messages\/count_tokens$/, upstream: 'anthropic' },
    { method: 'GET', pattern: /^\/v1\/models$/, upstream: 'anthropic' },
    { method: 'GET', pattern: new RegExp(`^/v1/models/${SEGMENT}$`), upstream: 'anthropic' },
  ],
  bedrock: [
    {
      method: 'POST',
      pattern: new RegExp(
        `^/model/${SEGMENT}/(invoke|invoke-with-response-stream|converse|converse-stream|count-tokens)$`,
      ),
      upstream: 'bedrock-runtime',
    },
    { method: 'GET', pattern: /^\/inference-profiles$/, upstream: 'bedrock' },
    { method: 'GET', pattern: new RegExp(`^/inference-profiles/${SEGMENT}$`), upstream: 'bedrock' },
  ],
  vertex: [
    {
      method: 'POST',
      pattern: new RegExp(
        `^/projects/${SEGMENT}/locations/[a-z0-9-]+/publishers/anthropic/models/[^/:]+:(rawPredict|streamRawPredict)$`,
      ),
      upstream: 'vertex',
    },
  ],
};

/** How many times a segment is percent-decoded when looking for dot segments (`%252e` is `%2e` after one). */
const MAX_DECODE_ROUNDS = 4;

/**
 * Whether a path has a segment that some server on the way could resolve as `.` or `..`: a literal
 * or percent-encoded dot segment, one hidden behind an encoded slash (`..%2F..%2Fv1%2Ffiles`, which
 * the upstream may decode before it resolves dots) or double encoding, or a backslash (raw or
 * encoded). Such a path is never forwarded. An encoded slash alone stays allowed: Bedrock model ids
 * that are ARNs (`…:inference-profile%2Fus.anthropic…`) have one.
 */
function hasDotSegment(path: string): boolean {
  if (path.includes('\\')) return true;
  return path.split('/').some((segment) => {
    let decoded = segment;
    for (let round = 0; round < MAX_DECODE_ROUNDS; round++) {
      if (decoded.includes('\\')) return true;
      if (decoded.split('/').some((part) => part === '.' || part === '..')) return true;
      if (!decoded.includes('%')) return false;
      try {
        decoded = decodeURIComponent(decoded);
      } catch {
        return true; // malformed percent-encoding
      }
    }
    return true; // still encoded after every round: not a name any client sends
  });
}

/**
 * The route of `method` + `url` (the request target as received, e.g. `/anthropic/v1/messages?beta=true`)
 * among `targets`, or `undefined` (→ 404). Only each provider's model paths match (see `RULES`):
 * Anthropic's messages, count_tokens and models; Bedrock's `/model/<id>/invoke…`, `converse…`,
 * `count-tokens` and `/inference-profiles`; Vertex's `…/publishers/anthropic/models/<m>:rawPredict`
 * and `:streamRawPredict`.
 */
export function matchRoute(method: string, url: string, targets: readonly CredentialTarget[]): ProxyRoute | undefined {
  const queryAt = url.indexOf('?');
  const pathname = queryAt === -1 ? url : url.slice(0, queryAt);
  const query = queryAt === -1 ? '' : url.slice(queryAt);
  if (hasDotSegment(pathname)) return undefined;
  for (const target of targets) {
    const prefix = TARGET_PREFIXES[target];
    if (!pathname.startsWith(`${prefix}/`)) continue;
    const rest = pathname.slice(prefix.length);
    const rule = RULES[target].find((candidate) => candidate.method === method && candidate.pattern.test(rest));
    if (rule === undefined) return undefined;
    const route: ProxyRoute = { target, upstream: rule.upstream, path: `${rest}${query}` };
    if (target === 'vertex') {
      const region = /\/locations\/([a-z0-9-]+)\//.exec(rest)?.[1];
      if (region !== undefined) route.region = region;
      const project = /^\/projects\/([^/]+)\//.exec(rest)?.[1];
      if (project !== undefined) route.project = project;
    }
    return route;
  }
  return undefined;
}

/** Whether `pathname` is the root or a target's base URL: `HEAD` there is answered locally, unauthenticated. */
export function isBasePath(pathname: string, targets: readonly CredentialTarget[]): boolean {
  if (pathname === '/' || pathname === '') return true;
  return targets.some((target) => pathname === TARGET_PREFIXES[target] || pathname === `${TARGET_PREFIXES[target]}/`);
}
