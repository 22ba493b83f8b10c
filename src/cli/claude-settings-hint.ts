import { CredentialHelperError, isCredentialHelperError } from '../errors.js';
import { readOwnedFile } from '../files/owned-paths.js';
import { isRecord } from '../is-record.js';
import { printable } from '../printable.js';
import type { ReadonlyEnv } from '../read-env.js';
import type { LoadedSettings } from '../settings/load-settings.js';
import { claudeSettingsFiles, userSettingsFile } from '../settings/settings-files.js';

/** The keys of a Claude Code settings file that would give credhelper credentials. */
const CREDENTIAL_KEYS = ['apiKeyHelper', 'awsAuthRefresh', 'awsCredentialExport', 'gcpAuthRefresh'] as const;

/** What one Claude Code settings file would set: key names only (`apiKeyHelper`, `env.ANTHROPIC_API_KEY`). */
export function credentialKeysOf(path: string): string[] {
  let json: unknown;
  try {
    json = JSON.parse(readOwnedFile(path));
  } catch {
    return []; // missing, another user's, or not JSON: nothing to point at
  }
  if (!isRecord(json)) return [];
  const keys: string[] = CREDENTIAL_KEYS.filter((key) => typeof json[key] === 'string');
  // Names from a file: escaped here (the CLI prints error messages with their newlines kept).
  if (isRecord(json.env)) keys.push(...Object.keys(json.env).map((name) => `env.${printable(name)}`));
  return keys;
}

/**
 * When Claude Code's settings files were not read (no `--claude`, no `"claude": true`) but exist
 * and set an `apiKeyHelper` or an `env`: one sentence naming them (paths and key names, never a
 * value) and how to use them. `undefined` otherwise.
 */
export function claudeSettingsHint(loaded: LoadedSettings, cwd: string, env: ReadonlyEnv): string | undefined {
  if (loaded.files.some((file) => file.kind.startsWith('claude'))) return undefined;
  const found = claudeSettingsFiles(cwd, env)
    .map((file) => ({ path: file.path, keys: credentialKeysOf(file.path) }))
    .filter((file) => file.keys.length > 0);
  if (found.length === 0) return undefined;
  const listing = found.map((file) => `${printable(file.path)} (${file.keys.slice(0, 6).join(', ')})`).join(', ');
  return (
    `Claude Code's settings were found but not read: ${listing}. To use them: pass --claude, ` +
    `or put "claude": true in ${userSettingsFile(env)}.`
  );
}

/**
 * `error` with {@link claudeSettingsHint} appended when it is a `CREDENTIALS_NOT_FOUND` and there
 * is a hint to give; else `error` itself.
 */
export function withClaudeSettingsHint(error: unknown, loaded: LoadedSettings, cwd: string, env: ReadonlyEnv): unknown {
  if (!isCredentialHelperError(error) || error.code !== 'CREDENTIALS_NOT_FOUND') return error;
  const hint = claudeSettingsHint(loaded, cwd, env);
  if (hint === undefined) return error;
  return new CredentialHelperError(error.code, `${error.message.replace(/^\[credhelper\] /, '')} ${hint}`, {
    ...error.details,
    cause: error,
  });
}
