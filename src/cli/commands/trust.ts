import { redact } from '../../redact.js';
import { loadSettings } from '../../settings/load-settings.js';
import { revokeProject, trustProject } from '../../settings/project-trust.js';
import type { GlobalOptions } from '../cli-context.js';
import type { CommandResult } from './command-result.js';

/**
 * `credhelper trust [--revoke]`: records that the helper commands this project's settings files
 * set may run (or forgets it). Shows the commands being trusted; trust lapses when any changes.
 */
export async function trust(globals: GlobalOptions, options: { revoke?: boolean }): Promise<CommandResult> {
  const loaded = await loadSettings({
    cwd: process.cwd(),
    env: process.env,
    settingsFile: globals.settings,
    claude: globals.claude,
  });
  if (options.revoke === true) {
    const revoked = await revokeProject(loaded, process.env);
    return {
      data: { revoked, folder: loaded.projectRoot ?? null },
      lines: [revoked ? `no longer trusted: ${loaded.projectRoot}` : 'nothing to revoke: this project was not trusted'],
    };
  }
  const { folder, commands } = await trustProject(loaded, process.env);
  if (folder === undefined || commands.length === 0) {
    return {
      data: { folder: null, commands: [] },
      lines: ['nothing to trust: no project settings file sets a helper command here'],
    };
  }
  return {
    data: {
      folder,
      commands: commands.map(({ setting, command, file, secretValue }) =>
        secretValue ? { setting, file } : { setting, command: redact(command), file },
      ),
    },
    lines: [
      `trusted in ${folder}:`,
      ...commands.map((c) =>
        c.secretValue
          ? `  ${c.setting} (value not shown)    (${c.file})`
          : `  ${c.setting} = ${redact(c.command)}    (${c.file})`,
      ),
    ],
  };
}
