import { CredentialHelperError, isCredentialHelperError } from '../errors.js';
import { readOwnedFile } from '../files/owned-paths.js';
import { isRecord } from '../is-record.js';
import { printable } from '../printable.js';
import type { ReadonlyEnv } from '../read-env.js';
import type { LoadedSettings } from '../settings/load-settings.js';
import { claudeSettingsFiles, userSettingsFile } from '../settings/settings-files.js';

/** The keys of a Claude Code settings file that would give credhelper credentials. */
const CREDENTIAL_KEYS = ['apiKeyHelper', 'awsAuthRefresh', 'awsCredentialExport', 'gcpAuthRefresh'] as const;

/** A Claude Code settings file as a JSON object; `undefined` when missing, another user's, or not JSON. */
function readClaudeSettings(path: string): Record<string, unknown> | undefined {
  let json: unknown;
  try {
    json = JSON.parse(readOwnedFile(path));
  } catch {
    return undefined; // missing, another user's, or not JSON: nothing to point at
  }
  return isRecord(json) ? json : undefined;
}

/**
 * Whether a helper command runs credhelper itself (`credhelper get anthropic`,
 * `/usr/local/bin/credhelper aws-credential-process`): the README's recipes for Claude Code. Such a
 * setting is no source for credhelper: reading it would make credhelper call itself.
 */
function runsCredhelper(command: string): boolean {
  return /(?:^|[\s;&|()`'"/])credhelper(?=$|[\s;&|()`'"])/.test(command);
}

/** What one Claude Code settings file would set: key names only (`apiKeyHelper`, `env.ANTHROPIC_API_KEY`). */
export function credentialKeysOf(path: string): string[] {
  const json = readClaudeSettings(path);
  if (json === undefined) return [];
  const keys: string[] = CREDENTIAL_KEYS.filter((key) => typeof json[key] === 'string');
  // Names from a file: escaped here (the CLI prints error messages with their newlines kept).
  if (isRecord(json.env)) keys.push(...Object.keys(json.env).map((name) => `env.${printable(name)}`));
  return keys;
}

/** The credential commands of one Claude Code settings file that run credhelper itself (key names). */
function selfCallingKeysOf(path: string): string[] {
  const json = readClaudeSettings(path);
  if (json === undefined) return [];
  return CREDENTIAL_KEYS.filter((key) => {
    const command = json[key];
    return typeof command === 'string' && runsCredhelper(command);
  });
}

/**
 * When Claude Code's settings files were not read (no `--claude`, no `"claude": true`) but exist
 * and set an `apiKeyHelper` or an `env`: one sentence naming them (paths and key names, never a
 * value) and how to use them. When a credential command there runs credhelper itself (the
 * README's `apiKeyHelper: "credhelper get anthropic"` for Claude Code), `--claude` is not offered
 * (reading those files would loop): the sentence names that command and where the real source
 * goes instead. `undefined` otherwise.
 */
export function claudeSettingsHint(loaded: LoadedSettings, cwd: string, env: ReadonlyEnv): string | undefined {
  if (loaded.files.some((file) => file.kind.startsWith('claude'))) return undefined;
  const files = claudeSettingsFiles(cwd, env).map((file) => ({
    path: file.path,
    self: selfCallingKeysOf(file.path),
    keys: credentialKeysOf(file.path),
  }));
  // --claude reads every one of these files: with a command that runs credhelper, it would loop.
  const loops = files.filter((file) => file.self.length > 0);
  if (loops.length > 0) {
    const named = loops.map((file) => `${file.self.join(', ')} in ${printable(file.path)}`).join(', ');
    const count = loops.reduce((sum, file) => sum + file.self.length, 0);
    return (
      `Claude Code's ${named} ${count === 1 ? 'runs' : 'run'} credhelper itself: no source for credhelper ` +
      `(--claude would make it call itself). Give credhelper the real source in ${userSettingsFile(env)}, ` +
      'with `credhelper login`, or in a variable.'
    );
  }
  const found = files.filter((file) => file.keys.length > 0);
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
