import { accessSync, constants, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { ReadonlyEnv } from '../chain/source-context.js';
import { CredentialHelperError } from '../errors.js';
import { NotOwnedError, privateDirectoryProblem, readOwnedFile } from '../files/owned-paths.js';
import { safeWriteFile } from '../files/safe-write-file.js';
import { printable } from '../printable.js';
import type { TrustFile, TrustRecord } from '../schemas/trust-file.js';
import { dataDir } from '../store/data-dir.js';
import type { LoadedSettings } from './load-settings.js';
import { sha256Of } from './referenced-files.js';
import {
  commandsHash,
  entryHashes,
  projectCommands,
  settingLabel,
  type TrustSubject,
  trustFolder,
  trustSubject,
} from './trust-subject.js';

/** Where trust decisions are recorded. */
export function trustFilePath(env: ReadonlyEnv): string {
  return join(dataDir(env), 'trust.json');
}

export { projectCommands } from './trust-subject.js';

/** The trust file, or an empty one when it does not exist. A corrupt file is an error, never overwritten. */
async function readTrustFile(env: ReadonlyEnv): Promise<TrustFile> {
  const path = trustFilePath(env);
  let text: string;
  try {
    text = readOwnedFile(path);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return { version: 1, projects: {} };
    const why = error instanceof NotOwnedError ? error.problem : `(${(error as { code?: string }).code ?? 'error'})`;
    throw new CredentialHelperError('SOURCE_UNREADABLE', `cannot use the trust file ${path}: it ${why}`, {
      setting: path,
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const { trustFileSchema } = await import('../schemas/trust-file.js');
  const parsed = trustFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new CredentialHelperError(
      'SOURCE_UNREADABLE',
      `the trust file ${path} is corrupt; it was left as it is. Fix: repair it, or move it away and run \`credhelper trust\` again.`,
      { setting: path, issuePaths: parsed.error.issues.map((issue) => issue.path.join('.')) },
    );
  }
  return parsed.data;
}

async function writeTrustFile(env: ReadonlyEnv, file: TrustFile): Promise<void> {
  const path = trustFilePath(env);
  const problem = privateDirectoryProblem(dataDir(env), { mode: 'not-writable' });
  if (problem !== undefined) {
    throw new CredentialHelperError('STORE_UNWRITABLE', `the directory of ${path} ${problem}; nothing was trusted.`, {
      setting: path,
    });
  }
  await safeWriteFile(path, `${JSON.stringify(file, null, 2)}\n`);
}

function relativeName(folder: string, path: string): string {
  const rel = relative(folder, path);
  return printable(rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel);
}

/**
 * True when `path` is missing (nothing to run) or a regular file (then it is hashed whenever a
 * command or variable names it from here): anything else at a covered path (a FIFO, a device,
 * an unreadable file) cannot be hashed and must not run under the old trust.
 */
function hashable(path: string): boolean {
  try {
    const stats = statSync(path);
    if (!stats.isFile()) return false;
    accessSync(path, constants.R_OK);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'ENOENT';
  }
}

/** What in `subject` the record does not cover, one phrase each (names only, never a value). */
function uncovered(subject: TrustSubject, record: TrustRecord | undefined): string[] {
  if (record === undefined) {
    return [
      ...subject.commands.map((c) => `${settingLabel(c)} (${printable(c.file)})`),
      ...subject.files.map((f) => `${relativeName(subject.folder, f.path)} (used by ${printable(f.usedBy)})`),
    ];
  }
  const changes: string[] = [];
  if (record.commandsHash !== commandsHash(subject.commands)) {
    const entries = entryHashes(subject.commands);
    if (record.entries === undefined) {
      changes.push(...subject.commands.map((c) => `${settingLabel(c)} (${printable(c.file)})`));
    } else {
      for (const command of subject.commands) {
        const before = record.entries[command.setting];
        if (before !== entries[command.setting]) {
          changes.push(
            `${settingLabel(command)} ${before === undefined ? 'is new' : 'changed'} (${printable(command.file)})`,
          );
        }
      }
      for (const setting of Object.keys(record.entries)) {
        if (!Object.hasOwn(entries, setting)) changes.push(`${printable(setting)} was removed`);
      }
      if (changes.length === 0) changes.push('the order or origin of the settings changed');
    }
  }
  // A covered file that can no longer be hashed (now a FIFO, unreadable, gone) is a change too:
  // otherwise replacing a trusted script with something unhashable would run it untrusted.
  const current = new Set(subject.files.map((file) => file.path));
  for (const [path, sha256] of Object.entries(record.files ?? {})) {
    if (current.has(path) || sha256 === undefined || hashable(path)) continue;
    changes.push(`${relativeName(subject.folder, path)} changed (it is no longer a regular file credhelper can read)`);
  }
  for (const file of subject.files) {
    const before = record.files?.[file.path];
    if (before === file.sha256) continue;
    const what = before === undefined ? 'is not covered by the earlier trust' : 'changed';
    changes.push(`${relativeName(subject.folder, file.path)} (used by ${printable(file.usedBy)}) ${what}`);
  }
  return changes;
}

/**
 * Refuses helper commands that a project settings file brought until the user has trusted them
 * (`credhelper trust` in that folder), and again after any of them changes, or any file inside the
 * project that they point to (a `./bin/key` script, an `AWS_CONFIG_FILE`). Throws
 * `PROJECT_UNTRUSTED` naming what is new or changed, the files and the fix. Commands from the
 * user's own files and from `--settings` are always allowed. The project's `.env` is checked when
 * a value from it would be used ({@link assertDotenvTrusted}).
 */
export async function assertProjectTrusted(
  loaded: LoadedSettings,
  env: ReadonlyEnv,
  cwd: string = process.cwd(),
): Promise<void> {
  if (projectCommands(loaded).length === 0 || loaded.projectRoot === undefined) return;
  const subject = trustSubject(loaded, cwd, false);
  const record = (await readTrustFile(env)).projects[subject.folder];
  const changes = uncovered(subject, record);
  if (changes.length === 0) return;
  const fix = `Fix: review them, then run \`credhelper trust\` in ${printable(subject.folder)}.`;
  throw new CredentialHelperError(
    'PROJECT_UNTRUSTED',
    record === undefined
      ? `this project sets helper commands or variables that credhelper will not use until you trust them: ${changes.join(', ')}. ${fix}`
      : `this project changed what credhelper would run or use since you trusted it: ${changes.join('; ')}. ${fix}`,
    { setting: subject.commands[0]?.setting },
  );
}

/**
 * Refuses a value from the `.env` in `cwd` unless the user trusted this `.env` as it is now
 * (`credhelper trust` in `cwd`): a cloned repository's `.env` must not replace the user's stored
 * key, or send the key and the agent's requests to the repository's own endpoint. `file` is the
 * text that was parsed (what is hashed is what is used). Throws `PROJECT_UNTRUSTED` naming the
 * file and its provider variables (names only).
 */
export async function assertDotenvTrusted(
  loaded: LoadedSettings,
  env: ReadonlyEnv,
  cwd: string,
  file: { path: string; text: string },
): Promise<void> {
  const folder = trustFolder(loaded, cwd);
  const record = (await readTrustFile(env)).projects[folder];
  const trusted = record?.dotenv?.[file.path];
  if (trusted === sha256Of(file.text)) return;
  const { providerVariablesIn } = await import('./project-dotenv.js');
  const { parse } = await import('dotenv'); // a literal import: bundlers see it; not on every CLI start
  const names = providerVariablesIn(parse(file.text)).map((name) => printable(name));
  throw new CredentialHelperError(
    'PROJECT_UNTRUSTED',
    `${printable(file.path)} sets ${names.join(', ') || 'provider variables'}, and this .env ` +
      `${trusted === undefined ? 'is not trusted' : 'changed since you trusted it'}: a project's .env is project content ` +
      '(a cloned repository could replace your key or redirect it), so credhelper will not use it. ' +
      `Fix: review it, then run \`credhelper trust\` in ${printable(cwd)}; or remove those variables from it.`,
    { setting: file.path },
  );
}

/**
 * Records trust in `subject` (as computed, and shown, before the user agreed): the commands, the
 * files they point to, and the `.env` (other folders' trusted `.env` files of the project are kept).
 */
export async function trustProject(subject: TrustSubject, env: ReadonlyEnv, now = new Date()): Promise<void> {
  const file = await readTrustFile(env);
  const previous = file.projects[subject.folder];
  const record: TrustRecord = {
    commandsHash: commandsHash(subject.commands),
    trustedAt: now.toISOString(),
    entries: entryHashes(subject.commands),
    files: Object.fromEntries(subject.files.map((f) => [f.path, f.sha256])),
  };
  const dotenv = { ...previous?.dotenv };
  if (subject.dotenv !== undefined) dotenv[subject.dotenv.path] = subject.dotenv.sha256;
  if (Object.keys(dotenv).length > 0) record.dotenv = dotenv;
  file.projects[subject.folder] = record;
  await writeTrustFile(env, file);
}

/** Forgets the trust in this project's commands and `.env` files. Returns whether there was any. */
export async function revokeProject(loaded: LoadedSettings, env: ReadonlyEnv, cwd = process.cwd()): Promise<boolean> {
  const key = trustFolder(loaded, cwd);
  const file = await readTrustFile(env);
  if (file.projects[key] === undefined) return false;
  delete file.projects[key];
  await writeTrustFile(env, file);
  return true;
}
