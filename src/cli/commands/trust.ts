import { relative } from 'node:path';
import { printable } from '../../printable.js';
import { loadSettings } from '../../settings/load-settings.js';
import { revokeProject, trustProject } from '../../settings/project-trust.js';
import { type TrustSubject, trustSubject } from '../../settings/trust-subject.js';
import type { GlobalOptions } from '../cli-context.js';
import { EXIT } from '../exit-codes.js';
import type { CommandResult } from './command-result.js';

/** A path for display: relative to the folder when inside it, control characters escaped. */
function shown(folder: string, path: string): string {
  const rel = relative(folder, path);
  return printable(rel !== '' && !rel.startsWith('..') ? rel : path);
}

/**
 * What `trust` covers, one line each: every command exactly as written (control characters escaped,
 * nothing redacted, so that `$(…)` or a `;` cannot hide), a variable by name only (its value may be a
 * secret), each file they point to with its hash, and the `.env` by its provider variables' names.
 */
export function trustListing(subject: TrustSubject): string[] {
  return [
    ...subject.commands.map((c) =>
      c.secretValue === true
        ? `  ${printable(c.setting)} (value not shown)    (${printable(c.file)})`
        : `  ${printable(c.setting)} = ${printable(c.command)}    (${printable(c.file)})`,
    ),
    ...subject.files.map(
      (f) =>
        `  file ${shown(subject.folder, f.path)}  sha256:${f.sha256.slice(0, 12)}  (used by ${printable(f.usedBy)})`,
    ),
    ...(subject.dotenv === undefined
      ? []
      : [
          `  .env ${subject.dotenv.variables.map((name) => printable(name)).join(', ')} (values not shown)    (${printable(subject.dotenv.path)})`,
        ]),
  ];
}

async function confirmed(subject: TrustSubject, listing: string[]): Promise<boolean> {
  const prompts = await import('@clack/prompts');
  process.stderr.write(`credhelper would trust, in ${printable(subject.folder)}:\n${listing.join('\n')}\n`);
  const answer = await prompts.confirm({
    message: 'Trust these? They will run (or be used) as you, whenever credhelper runs here.',
    initialValue: false,
    output: process.stderr,
  });
  return answer === true;
}

/**
 * `credhelper trust [--yes] [--revoke]`: records that the helper commands and variables this
 * project's settings files set, the files inside the project they point to, and this folder's
 * `.env` may be used (or forgets it). Shows them as written first and, on a terminal, asks; without
 * a terminal it refuses unless `--yes` is given. Trust lapses when any of them changes.
 */
export async function trust(
  globals: GlobalOptions,
  options: { revoke?: boolean; yes?: boolean },
): Promise<CommandResult> {
  const cwd = process.cwd();
  const loaded = await loadSettings({ cwd, env: process.env, settingsFile: globals.settings, claude: globals.claude });
  if (options.revoke === true) {
    const revoked = await revokeProject(loaded, process.env, cwd);
    return {
      data: { revoked, folder: loaded.projectRoot ?? cwd },
      lines: [
        revoked
          ? `no longer trusted: ${printable(loaded.projectRoot ?? cwd)}`
          : 'nothing to revoke: this project was not trusted',
      ],
    };
  }
  const subject = trustSubject(loaded, cwd);
  if (subject.commands.length === 0 && subject.dotenv === undefined) {
    return {
      data: { folder: null, commands: [], files: [], dotenv: null },
      lines: ['nothing to trust: no project settings file sets a helper command here, and no .env sets a provider key'],
    };
  }
  const listing = trustListing(subject);
  if (options.yes !== true) {
    if (process.stdin.isTTY !== true) {
      process.stderr.write(`credhelper would trust, in ${printable(subject.folder)}:\n${listing.join('\n')}\n`);
      return {
        usageError: 'trust asks before trusting, and there is no terminal to ask on: review the list, then pass --yes',
      };
    }
    if (!(await confirmed(subject, listing))) {
      return { exitCode: EXIT.CREDENTIALS, lines: ['not trusted: nothing was recorded'] };
    }
  }
  await trustProject(subject, process.env);
  return {
    data: {
      folder: subject.folder,
      commands: subject.commands.map(({ setting, command, file, secretValue }) =>
        secretValue === true ? { setting, file } : { setting, command, file },
      ),
      files: subject.files,
      dotenv: subject.dotenv === undefined ? null : { path: subject.dotenv.path, variables: subject.dotenv.variables },
    },
    lines: [`trusted in ${printable(subject.folder)}:`, ...listing],
  };
}
