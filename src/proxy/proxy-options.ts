import type { CredentialTarget } from '../credentials/credential-target.js';
import { CredentialHelperError } from '../errors.js';
import type { ReadonlyEnv } from '../read-env.js';
import type { ProxyLogSink } from './proxy-log.js';
import type { ProxyUpstreams } from './proxy-upstreams.js';

/** Default request body limit of the proxy: 32 MiB (the Messages API's own request limit). Over it: 413. */
export const DEFAULT_PROXY_MAX_BODY_BYTES = 32 * 1024 * 1024;

/** Options of `creds.startProxy()`. */
export interface ProxyOptions {
  /** The targets to serve, at least one: `anthropic`, `bedrock`, `vertex`. Each is resolved once at start. */
  targets: readonly CredentialTarget[];
  /**
   * The target Claude Code is switched to in `env` (`CLAUDE_CODE_USE_BEDROCK=1`,
   * `CLAUDE_CODE_USE_VERTEX=1`, or neither for `anthropic`), since it talks to one provider.
   * Default: the first of `targets`.
   */
  primary?: CredentialTarget;
  /** The port on 127.0.0.1. Default `0`: a free port chosen by the system. */
  port?: number;
  /** The largest request body accepted, in bytes (bodies are buffered: SigV4 and the retry need them). Default {@link DEFAULT_PROXY_MAX_BODY_BYTES}. */
  maxBodyBytes?: number;
  /** Where the upstream requests go instead of the real endpoints. See {@link ProxyUpstreams}. */
  upstreams?: ProxyUpstreams;
  /** Receives one line per request (method, path without query values, status, bytes, duration). Default: no log. */
  log?: ProxyLogSink;
}

/** What `creds.startProxy()` resolves to: a running proxy on 127.0.0.1. */
export interface CredentialProxy {
  /** `http://127.0.0.1:<port>`; each target has its path under it (`/anthropic`, `/bedrock`, `/vertex/v1`). */
  url: string;
  /** The per-launch token (256 random bits, base64url) the agent sends instead of a credential. */
  token: string;
  /** The variables to give the agent (see `proxyEnv`): base URLs, the token, region and project. No credential. */
  env: Record<string, string>;
  /** The variables the agent must not inherit: every credential variable credhelper knows, and Claude Code's provider switches. */
  unset: readonly string[];
  /** `base` (default `process.env`) without {@link CredentialProxy.unset}, with {@link CredentialProxy.env}: the environment for `spawn`. */
  childEnv(base?: ReadonlyEnv): Record<string, string>;
  /** Stops accepting connections, ends open ones and the upstream pool. Idempotent. */
  close(): Promise<void>;
}

const TARGETS: readonly string[] = ['anthropic', 'bedrock', 'vertex'] satisfies CredentialTarget[];

/** `options`, checked (`INVALID_OPTION` naming the option and what came), with defaults applied. */
export function checkedProxyOptions(
  options: unknown,
): Required<Omit<ProxyOptions, 'log' | 'upstreams'>> & Pick<ProxyOptions, 'log' | 'upstreams'> {
  if (typeof options !== 'object' || options === null) {
    throw new CredentialHelperError('INVALID_OPTION', "expected startProxy({ targets: ['anthropic', …] })");
  }
  const given = options as Partial<ProxyOptions>;
  const targets = given.targets;
  if (
    !Array.isArray(targets) ||
    targets.length === 0 ||
    targets.some((t) => typeof t !== 'string' || !TARGETS.includes(t))
  ) {
    throw new CredentialHelperError(
      'INVALID_OPTION',
      `expected \`targets\` to be a non-empty list of 'anthropic', 'bedrock', 'vertex', got ${JSON.stringify(targets)?.slice(0, 100)}`,
    );
  }
  const unique = [...new Set(targets)] as CredentialTarget[];
  const primary = given.primary ?? unique[0] ?? 'anthropic';
  if (!unique.includes(primary)) {
    throw new CredentialHelperError(
      'INVALID_OPTION',
      `expected \`primary\` to be one of the targets, got ${JSON.stringify(primary)}`,
    );
  }
  const port = given.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new CredentialHelperError(
      'INVALID_OPTION',
      `expected \`port\` to be an integer from 0 to 65535, got ${JSON.stringify(port)}`,
    );
  }
  const maxBodyBytes = given.maxBodyBytes ?? DEFAULT_PROXY_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes <= 0) {
    throw new CredentialHelperError(
      'INVALID_OPTION',
      `expected \`maxBodyBytes\` to be a positive integer, got ${JSON.stringify(maxBodyBytes)}`,
    );
  }
  if (given.log !== undefined && typeof given.log?.write !== 'function') {
    throw new CredentialHelperError(
      'INVALID_OPTION',
      'expected `log` to have a write(text) method (process.stderr, a file stream)',
    );
  }
  return {
    targets: unique,
    primary,
    port,
    maxBodyBytes,
    ...(given.log === undefined ? {} : { log: given.log }),
    ...(given.upstreams === undefined ? {} : { upstreams: given.upstreams }),
  };
}
