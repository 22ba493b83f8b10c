import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { envValue, homeDir, type ReadonlyEnv } from '../chain/source-context.js';
import type { CredentialTarget } from '../credentials/create-credential-helper.js';
import { wellKnownAdcFile } from '../gcp/adc-paths.js';
import type { LoadedSettings } from '../settings/load-settings.js';
import { orderedEntryIds } from '../store/auth-entries.js';
import { AuthStore } from '../store/auth-store.js';
import { authFilePath } from '../store/data-dir.js';

/** Whether `auth.json` holds an entry of `provider`; `unreadable` when it cannot be read (corrupt, another user's). */
function stored(env: ReadonlyEnv, provider: string): 'yes' | 'no' | 'unreadable' {
  try {
    return orderedEntryIds(new AuthStore(authFilePath(env)).read(), provider).length > 0 ? 'yes' : 'no';
  } catch {
    return 'unreadable'; // a corrupt store: let the resolution report it
  }
}

/** The targets the CLI knows, in display order. */
export const CLI_TARGETS: readonly CredentialTarget[] = ['anthropic', 'bedrock', 'vertex'];

function truthy(env: ReadonlyEnv, name: string): boolean {
  const value = envValue(env, name)?.toLowerCase();
  return value !== undefined && value !== '0' && value !== 'false';
}

/**
 * Why the CLI resolves a target. `asked`: the user set something that only this target reads (a
 * setting, `CLAUDE_CODE_USE_BEDROCK=1`, a bearer token, a stored key, `--target`): when it does not
 * resolve, that is a failure. `inferred`: only signs that may belong to other work (an
 * `~/.aws/config`, `AWS_PROFILE`, an ADC file): when it does not resolve, that is a note.
 */
export interface TargetBasis {
  kind: 'asked' | 'inferred';
  /** What was found, for messages: `CLAUDE_CODE_USE_BEDROCK=1`, `~/.aws/config`… Names only, never a value. */
  because: string;
}

function firstSet(env: ReadonlyEnv, names: readonly string[]): string | undefined {
  return names.find((name) => envValue(env, name) !== undefined);
}

function shortPath(path: string, home: string): string {
  return path.startsWith(`${home}/`) ? `~/${path.slice(home.length + 1)}` : path;
}

function bedrockBasis(env: ReadonlyEnv, loaded: LoadedSettings): TargetBasis | undefined {
  if (truthy(env, 'CLAUDE_CODE_USE_BEDROCK')) return { kind: 'asked', because: 'CLAUDE_CODE_USE_BEDROCK=1' };
  for (const setting of ['awsCredentialExport', 'awsAuthRefresh'] as const) {
    if (loaded.settings[setting] !== undefined) return { kind: 'asked', because: `the ${setting} setting` };
  }
  if (envValue(env, 'AWS_BEARER_TOKEN_BEDROCK') !== undefined) {
    return { kind: 'asked', because: 'AWS_BEARER_TOKEN_BEDROCK' };
  }
  const bedrockKey = stored(env, 'amazon-bedrock');
  if (bedrockKey === 'yes') return { kind: 'asked', because: 'a stored amazon-bedrock key' };
  if (bedrockKey === 'unreadable') {
    return { kind: 'asked', because: 'an unreadable auth.json, which may hold an amazon-bedrock key' };
  }
  const variable = firstSet(env, [
    'AWS_PROFILE',
    'AWS_ACCESS_KEY_ID',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
    'AWS_WEB_IDENTITY_TOKEN_FILE',
  ]);
  if (variable !== undefined) return { kind: 'inferred', because: variable };
  const home = homeDir(env);
  for (const [name, fallback] of [
    ['AWS_CONFIG_FILE', join(home, '.aws', 'config')],
    ['AWS_SHARED_CREDENTIALS_FILE', join(home, '.aws', 'credentials')],
  ] as const) {
    const file = envValue(env, name) ?? fallback;
    if (existsSync(file)) return { kind: 'inferred', because: shortPath(file, home) };
  }
  return undefined;
}

function vertexBasis(env: ReadonlyEnv, loaded: LoadedSettings): TargetBasis | undefined {
  if (truthy(env, 'CLAUDE_CODE_USE_VERTEX')) return { kind: 'asked', because: 'CLAUDE_CODE_USE_VERTEX=1' };
  if (loaded.settings.gcpAuthRefresh !== undefined) return { kind: 'asked', because: 'the gcpAuthRefresh setting' };
  if (envValue(env, 'ANTHROPIC_VERTEX_PROJECT_ID') !== undefined) {
    return { kind: 'asked', because: 'ANTHROPIC_VERTEX_PROJECT_ID' };
  }
  if (envValue(env, 'GOOGLE_APPLICATION_CREDENTIALS') !== undefined) {
    return { kind: 'inferred', because: 'GOOGLE_APPLICATION_CREDENTIALS' };
  }
  const wellKnown = wellKnownAdcFile(env);
  if (wellKnown !== undefined && existsSync(wellKnown)) {
    return { kind: 'inferred', because: shortPath(wellKnown, homeDir(env)) };
  }
  return undefined;
}

/**
 * Whether a target shows any sign of being set up, and whether the user asked for it (see
 * {@link TargetBasis}), checked without network access: the cloud chains are only asked when there
 * is something for them to find, so that `status` on a laptop does not wait for instance metadata
 * that is not there. Anthropic is always tried (its sources are variables, helpers and the store,
 * all set on purpose; when none is set it is "not configured"). `CLAUDE_CODE_USE_BEDROCK=1` /
 * `CLAUDE_CODE_USE_VERTEX=1` force a target on (e.g. on EC2 or GCE with metadata credentials only).
 */
export function targetBasis(
  target: CredentialTarget,
  env: ReadonlyEnv,
  loaded: LoadedSettings,
): TargetBasis | undefined {
  if (target === 'anthropic') return { kind: 'asked', because: 'its variables, apiKeyHelper or a stored key' };
  return target === 'bedrock' ? bedrockBasis(env, loaded) : vertexBasis(env, loaded);
}

/** How to ask for `target` explicitly, for notes: the variable Claude Code reads, or `--target`. */
export function askFor(target: CredentialTarget): string {
  if (target === 'bedrock') return 'CLAUDE_CODE_USE_BEDROCK=1';
  if (target === 'vertex') return 'CLAUDE_CODE_USE_VERTEX=1';
  return '--target anthropic';
}
