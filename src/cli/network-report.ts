import { existsSync } from 'node:fs';
import { proxyForUrl, proxyLabel } from '../net/proxy-for-url.js';
import { envValue, type ReadonlyEnv } from '../read-env.js';

/** What `status` (and `explain vertex`) say about the network: the proxy, the CA file. No secrets. */
export interface NetworkReport {
  /** The proxy https calls go through (scheme, host and port only), when one is set. */
  proxy?: string;
  /** When a proxy is set: whether google-auth-library's metadata probe would go through it too. */
  metadataProxied?: boolean;
  /** `NODE_EXTRA_CA_CERTS` of the real environment (Node reads it at start only). */
  caFile?: string;
  /** Why the CA file does not take effect, when it does not. */
  caProblem?: string;
}

/**
 * The network facts of `env` (settings' `env` applied) and `realEnv` (the process's own
 * environment): the proxy, whether the GCE metadata hosts escape it (google-auth-library proxies
 * its metadata probe unless `NO_PROXY` lists `169.254.169.254` and `metadata.google.internal.`),
 * and the custom CA file.
 */
export function networkReport(env: ReadonlyEnv, realEnv: ReadonlyEnv = process.env): NetworkReport {
  const report: NetworkReport = {};
  const proxy = proxyForUrl('https://proxy-check.invalid/', env);
  if (proxy !== undefined) {
    report.proxy = proxyLabel(proxy);
    // google-auth-library does not share credhelper's loopback/link-local rule: only NO_PROXY counts.
    const noProxy = `${envValue(env, 'no_proxy') ?? envValue(env, 'NO_PROXY') ?? ''}`.split(/[\s,]+/);
    const listed = (host: string) => noProxy.some((entry) => entry === '*' || entry.toLowerCase() === host);
    report.metadataProxied = !(listed('169.254.169.254') && listed('metadata.google.internal.'));
  }
  const caFile = envValue(realEnv, 'NODE_EXTRA_CA_CERTS');
  const settingsCa = envValue(env, 'NODE_EXTRA_CA_CERTS');
  if (caFile !== undefined) {
    report.caFile = caFile;
    if (!existsSync(caFile)) report.caProblem = 'the file does not exist (Node ignored it)';
  } else if (settingsCa !== undefined) {
    report.caFile = settingsCa;
    report.caProblem =
      'set in a settings `env` block, which cannot take effect (Node reads it at start). Fix: export it in the shell';
  }
  return report;
}

/** {@link networkReport} as `status` lines (none when nothing is set). */
export function networkLines(report: NetworkReport): string[] {
  const lines: string[] = [];
  if (report.proxy !== undefined) {
    lines.push(`proxy: ${report.proxy} (HTTPS_PROXY / HTTP_PROXY; NO_PROXY hosts go direct)`);
    if (report.metadataProxied === true) {
      lines.push(
        `  note: Google's metadata server probe also goes through this proxy. Fix: add 169.254.169.254,metadata.google.internal. to NO_PROXY`,
      );
    }
  }
  if (report.caFile !== undefined) {
    lines.push(`custom CA: ${report.caFile} (NODE_EXTRA_CA_CERTS)${report.caProblem ? `: ${report.caProblem}` : ''}`);
  }
  return lines;
}
