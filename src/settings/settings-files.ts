import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { homeDir, type ReadonlyEnv } from '../chain/source-context.js';

/** Where a settings layer came from. Project files need `credhelper trust` before their commands run. */
export type SettingsFileKind = 'claude-user' | 'claude-project' | 'user' | 'project' | 'explicit';

/** One settings file credhelper may read, lowest precedence first. */
export interface SettingsFileRef {
  kind: SettingsFileKind;
  path: string;
  /** Whether its helper commands came with the project (a cloned repository) rather than from the user. */
  projectLevel: boolean;
  /** For an `explicit` file: what named it (`--settings` or `CREDHELPER_SETTINGS`); it must exist either way. */
  namedBy?: '--settings' | 'CREDHELPER_SETTINGS';
}

/** The nearest ancestor of `cwd` (itself included) that holds `relative`, or `undefined`. */
export function findUp(cwd: string, relative: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** `$XDG_CONFIG_HOME/credhelper/settings.json`, default `~/.config/credhelper/settings.json`. */
export function userSettingsFile(env: ReadonlyEnv): string {
  const config = env.XDG_CONFIG_HOME?.trim() || join(homeDir(env), '.config');
  return join(config, 'credhelper', 'settings.json');
}

/**
 * credhelper's own settings files, lowest precedence first: the user file, the nearest project
 * `.credhelper/settings.json`, then `--settings FILE` (else `CREDHELPER_SETTINGS`).
 */
export function credhelperSettingsFiles(cwd: string, env: ReadonlyEnv, explicit?: string): SettingsFileRef[] {
  const files: SettingsFileRef[] = [{ kind: 'user', path: userSettingsFile(env), projectLevel: false }];
  const project = findUp(cwd, join('.credhelper', 'settings.json'));
  if (project !== undefined && project !== files[0]?.path)
    files.push({ kind: 'project', path: project, projectLevel: true });
  const named = explicit ?? (env.CREDHELPER_SETTINGS?.trim() || undefined);
  if (named !== undefined) {
    const namedBy = explicit === undefined ? 'CREDHELPER_SETTINGS' : '--settings';
    files.push({ kind: 'explicit', path: resolve(cwd, named), projectLevel: false, namedBy });
  }
  return files;
}

/**
 * Claude Code's settings files, lowest precedence first: `~/.claude/settings.json`, then the
 * project's `.claude/settings.json` and `.claude/settings.local.json` (nearest ancestor).
 */
export function claudeSettingsFiles(cwd: string, env: ReadonlyEnv): SettingsFileRef[] {
  const user = join(homeDir(env), '.claude', 'settings.json');
  const files: SettingsFileRef[] = [{ kind: 'claude-user', path: user, projectLevel: false }];
  const projectDir = findUp(cwd, '.claude');
  if (projectDir !== undefined && join(projectDir, 'settings.json') !== user) {
    for (const name of ['settings.json', 'settings.local.json']) {
      files.push({ kind: 'claude-project', path: join(projectDir, name), projectLevel: true });
    }
  }
  return files;
}
