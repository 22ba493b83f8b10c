import { printable } from '../printable.js';
import type { ReadonlyEnv } from '../read-env.js';
import { claudeSettingsFiles } from '../settings/settings-files.js';
import { credentialKeysOf } from './claude-settings-hint.js';

/**
 * Variables that, set in a Claude Code settings file's `env`, take the place of what the proxy
 * gives the agent (Claude Code applies its settings' `env` over its own environment): the base
 * URLs (Claude Code would go around the proxy, carrying the proxy token to another host), every
 * credential and provider switch, and custom headers (often a gateway's key).
 */
function overridesProxy(name: string, proxyNames: ReadonlySet<string>): boolean {
  return (
    proxyNames.has(name) ||
    name === 'ANTHROPIC_CUSTOM_HEADERS' ||
    name === 'AWS_ENDPOINT_URL' ||
    /^(ANTHROPIC_(BASE_URL|BEDROCK_BASE_URL|VERTEX_BASE_URL)|CLAUDE_CODE_SKIP_(BEDROCK|VERTEX)_AUTH)$/.test(name)
  );
}

/**
 * A one-line note for `exec --proxy` / `credhelper proxy` when Claude Code's settings files (read
 * by credhelper or not) would defeat the proxy: a credential command (`apiKeyHelper`,
 * `awsCredentialExport`, `awsAuthRefresh`, `gcpAuthRefresh`: Claude Code runs it itself, and so
 * holds the key, even with the proxy token set), or an `env` entry among `proxyNames` (the
 * variables the proxy sets or unsets) and the base-URL and header variables. Paths and key names
 * only, never a value. `undefined` when there is nothing to say.
 */
export function claudeSettingsProxyNote(
  cwd: string,
  env: ReadonlyEnv,
  proxyNames: Iterable<string>,
  command: string,
): string | undefined {
  const names = new Set(proxyNames);
  const found = claudeSettingsFiles(cwd, env)
    .map((file) => ({
      path: file.path,
      keys: credentialKeysOf(file.path).filter(
        (key) => !key.startsWith('env.') || overridesProxy(key.slice('env.'.length), names),
      ),
    }))
    .filter((file) => file.keys.length > 0);
  if (found.length === 0) return undefined;
  const listing = found.map((file) => `${printable(file.path)} sets ${file.keys.slice(0, 8).join(', ')}`).join('; ');
  return (
    `credhelper ${command}: Claude Code's settings would defeat the proxy: ${listing}. ` +
    'Claude Code applies them over the variables it is given (it would go around the proxy, or run the command and hold the key itself). ' +
    'Fix: remove them from that file while Claude Code runs behind the proxy (credhelper can read them itself with --claude).\n'
  );
}
