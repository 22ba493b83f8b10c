import { dirname } from 'node:path';
import type { ReadonlyEnv } from '../chain/source-context.js';
import { CredentialHelperError } from '../errors.js';
import { NotOwnedError, readCheckedFile } from '../files/owned-paths.js';
import type { OAuthEndpoint } from '../providers/provider-table.js';
import type { SettingsFile } from '../schemas/settings-file.js';
import { claudeSettingsFiles, credhelperSettingsFiles, type SettingsFileRef } from './settings-files.js';
import { nearMissCredentialKeys, unknownSettingsKeys } from './unknown-settings-keys.js';

/** The helper settings a file can set. */
export const HELPER_SETTINGS = ['apiKeyHelper', 'awsAuthRefresh', 'awsCredentialExport', 'gcpAuthRefresh'] as const;
/** One of {@link HELPER_SETTINGS}. */
export type HelperSetting = (typeof HELPER_SETTINGS)[number];

/** Where one helper command came from. */
export interface SettingOrigin {
  file: string;
  projectLevel: boolean;
}

/** Every settings file merged: later files override earlier ones, key by key (`env` variable by variable). */
export interface LoadedSettings {
  settings: Partial<Record<HelperSetting, string>>;
  /** Variables from the files' `env` objects. */
  env: Record<string, string>;
  origins: Partial<Record<HelperSetting, SettingOrigin>>;
  /** Where each `env` variable came from (a project file's variables need trust too). */
  envOrigins: Record<string, SettingOrigin>;
  /** `enabledProviders` / `disabledProviders` / `oauth` (the last file that sets each wins; `oauth` per provider). */
  providers: { enabled?: string[]; disabled?: string[]; oauth: Record<string, OAuthEndpoint> };
  /** `strictHelperStderr` / `refreshCooldownMs` / `store` (not from a project's file) from credhelper's own files (the last file that sets each wins). */
  options: { strictHelperStderr?: boolean; refreshCooldownMs?: number; store?: 'auto' | 'keychain' | 'file' };
  /** Where each `oauth` endpoint came from (a project's need trust: they receive refresh tokens). */
  oauthOrigins: Record<string, SettingOrigin>;
  /** The files that existed and were read, lowest precedence first. */
  files: SettingsFileRef[];
  /** The files looked for and not read (missing), lowest precedence first. */
  skipped: SkippedSettingsFile[];
  /** Problems worth a line on stderr that do not stop anything (a near miss of a credential key in Claude Code's files). */
  warnings: string[];
  /** The project folder whose files set commands (the parent of `.credhelper` / `.claude`), if any. */
  projectRoot?: string;
}

/** A settings file that was not read, and why (`untrusted`: a project file whose commands are not trusted yet). */
export interface SkippedSettingsFile extends SettingsFileRef {
  reason: 'missing' | 'untrusted';
}

/** Options of {@link loadSettings}. */
export interface LoadSettingsOptions {
  cwd: string;
  env: ReadonlyEnv;
  /** `--settings FILE` (else `CREDHELPER_SETTINGS`): must exist. */
  settingsFile?: string;
  /** `--claude`: also read Claude Code's settings files (a settings file can ask for it with `"claude": true`). */
  claude?: boolean;
  /** Leave the project's files out (`status` in a project not trusted yet shows the user's own settings). */
  skipProject?: boolean;
}

/** A settings file larger than this is refused (they are a few hundred bytes). */
const SETTINGS_MAX_BYTES = 1024 * 1024;

function jsonErrorPosition(error: unknown): string {
  const position = /at position (\d+)/.exec(String((error as Error).message))?.[1];
  return position === undefined ? '' : ` (at character ${position})`;
}

function readJson(ref: SettingsFileRef, required: boolean): unknown {
  let text: string;
  try {
    // Settings name commands to run: a file another user owns or may write is theirs, not yours
    // (root may have installed one); a FIFO or device (a link to /dev/zero in a cloned repository) is refused.
    // A project's files are gated by trust over their content instead: any owner (a bind-mounted checkout).
    text = readCheckedFile(
      ref.path,
      ref.projectLevel
        ? { owner: 'any', maxBytes: SETTINGS_MAX_BYTES }
        : { owner: 'self-or-root', notWritableByOthers: true, maxBytes: SETTINGS_MAX_BYTES },
    );
  } catch (error) {
    if (error instanceof NotOwnedError) {
      throw new CredentialHelperError(
        'SETTINGS_INVALID',
        `settings file ${ref.path} ${error.problem}; credhelper does not use it. Fix: make it a regular file of your own that only you can write, or remove it.`,
        { setting: ref.path },
      );
    }
    const code = (error as { code?: string }).code;
    if (!required && (code === 'ENOENT' || code === 'ENOTDIR')) return undefined;
    const fix =
      ref.namedBy === undefined
        ? ''
        : `. It was named by ${ref.namedBy}. Fix: create it, or ${ref.namedBy === '--settings' ? 'pass another file' : 'unset CREDHELPER_SETTINGS'}`;
    throw new CredentialHelperError(
      'SETTINGS_INVALID',
      `cannot read settings file ${ref.path} (${code ?? 'error'})${fix}`,
      { setting: ref.path, cause: error },
    );
  }
  try {
    // Editors on Windows may save a byte-order mark; JSON.parse refuses it.
    return JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    throw new CredentialHelperError(
      'SETTINGS_INVALID',
      // The SyntaxError quotes the file's text (which may hold a key): only its position is kept.
      `settings file ${ref.path} is not valid JSON${jsonErrorPosition(error)}. Fix the file, or remove it.`,
      { setting: ref.path },
    );
  }
}

type SettingsFileSchemas = typeof import('../schemas/settings-file.js');

function parse(schemas: SettingsFileSchemas, ref: SettingsFileRef, json: unknown) {
  const claude = ref.kind.startsWith('claude');
  const schema = claude ? schemas.claudeSettingsFileSchemaFor(json) : schemas.settingsFileSchemaFor(json);
  const parsed = schema.safeParse(json);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  // The same rule for every credhelper file (user, project, --settings, CREDHELPER_SETTINGS).
  const unknown = claude ? [] : unknownSettingsKeys(json);
  if (parsed.success && unknown.length === 0) return parsed.data;
  const fix = unknown.length === 0 ? '' : '. Fix: rename or remove the key';
  throw new CredentialHelperError(
    'SETTINGS_INVALID',
    `invalid settings file ${ref.path}: ${[...unknown, ...problems].join('; ')}${fix}`,
    {
      setting: ref.path,
      issuePaths: parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.')),
    },
  );
}

/**
 * Reads and merges the settings files (see `credhelperSettingsFiles` and `claudeSettingsFiles`),
 * each validated with zod: an invalid file is a `SETTINGS_INVALID` error naming the file and the
 * field; an unknown key of credhelper's own files is one too, with a suggestion. Missing files are
 * skipped (and listed in `skipped`), except the one `--settings FILE` or `CREDHELPER_SETTINGS` names.
 * Commands are returned with their origin so that `credhelper trust` can gate the ones a project
 * brought.
 */
export async function loadSettings(options: LoadSettingsOptions): Promise<LoadedSettings> {
  // zod is imported only when there is a file to validate (it costs ~90 ms of start-up here).
  let schemas: SettingsFileSchemas | undefined;
  const skipped: SkippedSettingsFile[] = [];
  const warnings: string[] = [];
  const read = async (ref: SettingsFileRef, required: boolean) => {
    const json = readJson(ref, required);
    if (json === undefined) {
      skipped.push({ ...ref, reason: 'missing' });
      return { ref, data: undefined };
    }
    if (options.skipProject === true && ref.projectLevel) {
      skipped.push({ ...ref, reason: 'untrusted' });
      return { ref, data: undefined };
    }
    if (ref.kind.startsWith('claude')) {
      for (const [key, suggestion] of nearMissCredentialKeys(json)) {
        warnings.push(`${ref.path}: ${JSON.stringify(key)} is not read (did you mean \`${suggestion}\`?)`);
      }
    }
    schemas ??= await import('../schemas/settings-file.js');
    return { ref, data: parse(schemas, ref, json) };
  };
  const own = [];
  for (const ref of credhelperSettingsFiles(options.cwd, options.env, options.settingsFile)) {
    // `--settings FILE` and `CREDHELPER_SETTINGS` name a file the same way: it must exist.
    own.push(await read(ref, ref.kind === 'explicit'));
  }
  // `claude` layers like any other key: the last file that sets it decides (the flag always reads them).
  let claudeChoice: boolean | undefined;
  for (const { data } of own) if (typeof data?.claude === 'boolean') claudeChoice = data.claude;
  const wantsClaude = options.claude === true || claudeChoice === true;
  const claude = [];
  if (wantsClaude) for (const ref of claudeSettingsFiles(options.cwd, options.env)) claude.push(await read(ref, false));
  const loaded: LoadedSettings = {
    settings: {},
    env: {},
    origins: {},
    envOrigins: {},
    providers: { oauth: {} },
    options: {},
    oauthOrigins: {},
    files: [],
    skipped,
    warnings,
  };
  for (const { ref, data } of [...claude, ...own]) {
    if (data === undefined) continue;
    loaded.files.push(ref);
    for (const [name, value] of Object.entries(data.env ?? {})) {
      loaded.env[name] = value;
      loaded.envOrigins[name] = { file: ref.path, projectLevel: ref.projectLevel };
      if (ref.projectLevel) loaded.projectRoot = dirname(dirname(ref.path));
    }
    // Claude Code's files have no provider settings (their other keys are Claude Code's business).
    const own: SettingsFile = ref.kind.startsWith('claude') ? {} : (data as SettingsFile);
    if (own.enabledProviders !== undefined) loaded.providers.enabled = own.enabledProviders;
    if (own.disabledProviders !== undefined) loaded.providers.disabled = own.disabledProviders;
    if (own.strictHelperStderr !== undefined) loaded.options.strictHelperStderr = own.strictHelperStderr;
    if (own.refreshCooldownMs !== undefined) loaded.options.refreshCooldownMs = own.refreshCooldownMs;
    // Where the user's own secrets go is the user's choice: a project's files may not send them to plaintext.
    if (own.store !== undefined && !ref.projectLevel) loaded.options.store = own.store;
    for (const [provider, endpoint] of Object.entries(own.oauth ?? {})) {
      const copy: OAuthEndpoint = { tokenUrl: endpoint.tokenUrl };
      if (endpoint.clientId !== undefined) copy.clientId = endpoint.clientId;
      if (endpoint.body !== undefined) copy.body = endpoint.body;
      loaded.providers.oauth[provider] = copy;
      loaded.oauthOrigins[provider] = { file: ref.path, projectLevel: ref.projectLevel };
      if (ref.projectLevel) loaded.projectRoot = dirname(dirname(ref.path));
    }
    for (const setting of HELPER_SETTINGS) {
      const command = data[setting];
      if (command === undefined) continue;
      loaded.settings[setting] = command;
      loaded.origins[setting] = { file: ref.path, projectLevel: ref.projectLevel };
      if (ref.projectLevel) loaded.projectRoot = dirname(dirname(ref.path));
    }
  }
  return loaded;
}
