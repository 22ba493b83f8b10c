import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ReadonlyEnv } from '../chain/source-context.js';
import { CredentialHelperError } from '../errors.js';
import { NotOwnedError, privateDirectoryProblem, readOwnedFile } from '../files/owned-paths.js';
import { safeWriteFile } from '../files/safe-write-file.js';
import type { TrustFile } from '../schemas/trust-file.js';
import { dataDir } from '../store/data-dir.js';
import { HELPER_SETTINGS, type LoadedSettings } from './load-settings.js';

/** Where trust decisions are recorded. */
export function trustFilePath(env: ReadonlyEnv): string {
  return join(dataDir(env), 'trust.json');
}

/**
 * What a project's settings files would make credhelper run or use: helper commands, OAuth token
 * endpoints (they would receive the user's refresh tokens), and `env` variables (which can point the AWS SDK at another config file, or at another profile). For
 * variables, `command` is only hashed, never shown: a value may be a secret.
 */
export function projectCommands(
  loaded: LoadedSettings,
): Array<{ setting: string; command: string; file: string; secretValue?: boolean }> {
  const commands: Array<{ setting: string; command: string; file: string; secretValue?: boolean }> = [];
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

function commandsHash(loaded: LoadedSettings): string {
  const { createHash } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return createHash('sha256')
    .update(JSON.stringify(projectCommands(loaded)))
    .digest('hex');
}

function projectKey(loaded: LoadedSettings): string | undefined {
  if (loaded.projectRoot === undefined) return undefined;
  try {
    return realpathSync(loaded.projectRoot);
  } catch {
    return loaded.projectRoot;
  }
}

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

/**
 * Refuses helper commands that a project settings file brought until the user has trusted them
 * (`credhelper trust` in that folder), and again after any of them changes. Throws
 * `PROJECT_UNTRUSTED` naming the settings, the files and the fix. Commands from the user's own
 * files and from `--settings` are always allowed.
 */
export async function assertProjectTrusted(loaded: LoadedSettings, env: ReadonlyEnv): Promise<void> {
  const commands = projectCommands(loaded);
  const key = projectKey(loaded);
  if (commands.length === 0 || key === undefined) return;
  const record = (await readTrustFile(env)).projects[key];
  if (record?.commandsHash === commandsHash(loaded)) return;
  const what = commands.map((c) => `${c.setting} (${c.file})`).join(', ');
  throw new CredentialHelperError(
    'PROJECT_UNTRUSTED',
    `${record === undefined ? 'this project sets' : 'this project changed'} helper commands or variables that credhelper will not use ` +
      `until you trust them: ${what}. Fix: review them, then run \`credhelper trust\` in ${key}.`,
    { setting: commands[0]?.setting },
  );
}

/** Records trust in the project's current helper commands. Returns what was trusted. */
export async function trustProject(
  loaded: LoadedSettings,
  env: ReadonlyEnv,
  now = new Date(),
): Promise<{ folder: string | undefined; commands: ReturnType<typeof projectCommands> }> {
  const commands = projectCommands(loaded);
  const key = projectKey(loaded);
  if (key === undefined || commands.length === 0) return { folder: key, commands };
  const file = await readTrustFile(env);
  file.projects[key] = { commandsHash: commandsHash(loaded), trustedAt: now.toISOString() };
  await writeTrustFile(env, file);
  return { folder: key, commands };
}

/** Forgets the trust in this project's commands. Returns whether there was any. */
export async function revokeProject(loaded: LoadedSettings, env: ReadonlyEnv): Promise<boolean> {
  const key = projectKey(loaded);
  if (key === undefined) return false;
  const file = await readTrustFile(env);
  if (file.projects[key] === undefined) return false;
  delete file.projects[key];
  await writeTrustFile(env, file);
  return true;
}
