import { dirname } from 'node:path';
import { HELPER_SETTINGS, type HelperSetting, type LoadedSettings, type SettingOrigin } from './load-settings.js';

/**
 * The project folder a project settings file belongs to: the parent of its `.credhelper/` or
 * `.claude/` folder. `undefined` for the user's own files and `--settings`.
 */
export function settingRoot(origin: SettingOrigin): string | undefined {
  return origin.projectLevel ? dirname(dirname(origin.file)) : undefined;
}

/**
 * Where each helper setting runs: a project file's helpers in that project's root folder (so that
 * `./bin/key` means the project's own script from any subfolder, and never a `bin/key` of the
 * subfolder the command was started in); the user's own helpers are not listed (they run in the
 * current folder, as Claude Code runs them).
 */
export function helperCwds(loaded: LoadedSettings): Partial<Record<HelperSetting, string>> {
  const folders: Partial<Record<HelperSetting, string>> = {};
  for (const setting of HELPER_SETTINGS) {
    const origin = loaded.origins[setting];
    const root = origin === undefined ? undefined : settingRoot(origin);
    if (root !== undefined) folders[setting] = root;
  }
  return folders;
}
