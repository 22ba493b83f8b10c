import { realpathSync } from 'node:fs';
import { printable } from '../printable.js';
import { HELPER_SETTINGS, type LoadedSettings } from './load-settings.js';
import { type ProjectDotenv, projectDotenv } from './project-dotenv.js';
import { settingRoot } from './project-root.js';
import { pathCandidates, type ReferencedFile, referencedFiles, sha256Of } from './referenced-files.js';

/** A command, OAuth endpoint or `env` variable that a project settings file sets. */
export interface ProjectCommand {
  setting: string;
  /** The command as written (for a variable: its value, which is only hashed, never shown). */
  command: string;
  /** The settings file it came from. */
  file: string;
  /** A variable's value: may be a secret, never shown. */
  secretValue?: boolean;
}

/** Everything `credhelper trust` covers in one folder, with the hashes it records. */
export interface TrustSubject {
  /** The trust record's key: the project folder (its real path), else the current folder. */
  folder: string;
  commands: ProjectCommand[];
  /** Files inside the project that the commands and variables point to. */
  files: ReferencedFile[];
  /** The current folder's `.env`, when it sets a variable credhelper reads. */
  dotenv?: ProjectDotenv;
}

/**
 * What a project's settings files would make credhelper run or use: helper commands, OAuth token
 * endpoints (they would receive the user's refresh tokens), and `env` variables (which can point the
 * AWS SDK at another config file, or at another profile). For variables, `command` is only hashed,
 * never shown: a value may be a secret.
 */
export function projectCommands(loaded: LoadedSettings): ProjectCommand[] {
  const commands: ProjectCommand[] = [];
  for (const setting of HELPER_SETTINGS) {
    const origin = loaded.origins[setting];
    const command = loaded.settings[setting];
    if (origin?.projectLevel === true && command !== undefined) commands.push({ setting, command, file: origin.file });
  }
  for (const [provider, origin] of Object.entries(loaded.oauthOrigins)) {
    const endpoint = loaded.providers.oauth[provider];
    if (origin.projectLevel && endpoint !== undefined) {
      commands.push({ setting: `oauth.${provider}.tokenUrl`, command: endpoint.tokenUrl, file: origin.file });
    }
  }
  for (const [name, origin] of Object.entries(loaded.envOrigins)) {
    const value = loaded.env[name];
    if (origin.projectLevel && value !== undefined) {
      commands.push({ setting: `env.${name}`, command: value, file: origin.file, secretValue: true });
    }
  }
  return commands;
}

/**
 * The files inside the project that `commands` point to: the words of a helper command that name a
 * regular file under the project root (where the helper runs), and a variable's value when it names
 * one (relative to the project root or to `cwd`, where the AWS and Google SDKs resolve it). OAuth
 * endpoints are URLs and name no file.
 */
export function commandFiles(commands: readonly ProjectCommand[], cwd: string): ReferencedFile[] {
  const files: ReferencedFile[] = [];
  for (const command of commands) {
    if (command.setting.startsWith('oauth.')) continue;
    const root = settingRoot({ file: command.file, projectLevel: true });
    if (root === undefined) continue;
    const variable = command.secretValue === true;
    const candidates = variable ? [command.command.trim()] : pathCandidates(command.command);
    files.push(...referencedFiles(command.setting, candidates, root, variable ? [root, cwd] : [root]));
  }
  return files;
}

/** The trust record's key for `cwd`: the real path of the project folder, else of `cwd` itself. */
export function trustFolder(loaded: LoadedSettings, cwd: string): string {
  const folder = loaded.projectRoot ?? cwd;
  try {
    return realpathSync(folder);
  } catch {
    return folder;
  }
}

/** Everything `credhelper trust` run in `cwd` would record (`withDotenv`: the `.env` of `cwd` too). */
export function trustSubject(loaded: LoadedSettings, cwd: string, withDotenv = true): TrustSubject {
  const commands = projectCommands(loaded);
  const subject: TrustSubject = { folder: trustFolder(loaded, cwd), commands, files: commandFiles(commands, cwd) };
  const dotenv = withDotenv ? projectDotenv(cwd) : undefined;
  if (dotenv !== undefined) subject.dotenv = dotenv;
  return subject;
}

/** sha256 of every command, by setting (the record's `entries`: to say which one changed). */
export function entryHashes(commands: readonly ProjectCommand[]): Record<string, string> {
  return Object.fromEntries(
    commands.map((c) => [c.setting, sha256Of(JSON.stringify({ command: c.command, file: c.file }))]),
  );
}

/** sha256 of the commands as a whole: the record's `commandsHash` (the same as before file hashes existed). */
export function commandsHash(commands: readonly ProjectCommand[]): string {
  return sha256Of(JSON.stringify(commands));
}

/** A command's setting name for a message or a listing: control characters escaped. */
export function settingLabel(command: { setting: string }): string {
  return printable(command.setting);
}
