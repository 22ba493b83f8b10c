import { envValue, type ReadonlyEnv } from '../chain/source-context.js';
import type { ResolvedSetting } from './vertex-credential.js';

/** The region used when no option or variable names one: Vertex AI's global endpoint. */
export const DEFAULT_VERTEX_REGION = 'global';
/** Variables read, in order, for the Vertex project (after the `vertex.projectId` option). */
export const VERTEX_PROJECT_VARIABLES = [
  'ANTHROPIC_VERTEX_PROJECT_ID',
  'GOOGLE_CLOUD_PROJECT',
  'GCLOUD_PROJECT',
] as const;

/** The project named by the option or a variable; `undefined` means "ask the credentials". */
export function namedVertexProject(option: string | undefined, env: ReadonlyEnv): ResolvedSetting | undefined {
  if (option !== undefined) return { value: option, from: 'option:vertex.projectId' };
  for (const variable of VERTEX_PROJECT_VARIABLES) {
    const value = envValue(env, variable);
    if (value !== undefined) return { value, from: `env:${variable}` };
  }
  return undefined;
}

/**
 * The `VERTEX_REGION_*` variable names that may hold a region for `model`, most specific first,
 * after Claude Code's names: `claude-3-5-haiku@20241022` → `VERTEX_REGION_CLAUDE_3_5_HAIKU`;
 * `claude-sonnet-4@20250514` → `VERTEX_REGION_CLAUDE_4_0_SONNET`; `claude-opus-4-1@20250805` →
 * `VERTEX_REGION_CLAUDE_4_1_OPUS`, then `VERTEX_REGION_CLAUDE_OPUS_4_1`; and always the model id
 * itself in upper case with `_` for every other character (`VERTEX_REGION_CLAUDE_OPUS_4_1`).
 */
export function vertexRegionVariables(model: string): string[] {
  const id = model.replace(/^.*\//, '').replace(/@.*$/, '').toLowerCase();
  const names: string[] = [];
  const older = /^claude-(\d+)-(\d+)-([a-z]+)$/.exec(id) ?? /^claude-(\d+)-([a-z]+)$/.exec(id);
  const newer = /^claude-([a-z]+)-(\d+)(?:-(\d+))?$/.exec(id);
  if (older !== null) {
    const [major, minor, family] = older.length === 4 ? [older[1], older[2], older[3]] : [older[1], '0', older[2]];
    names.push(`CLAUDE_${major}_${minor}_${family}`);
  } else if (newer !== null) {
    const [, family, major, minor = '0'] = newer;
    names.push(`CLAUDE_${major}_${minor}_${family}`, `CLAUDE_${family}_${major}_${minor}`);
  }
  names.push(id.replace(/[^a-z0-9]/g, '_'));
  return [...new Set(names.map((name) => `VERTEX_REGION_${name.toUpperCase()}`))];
}

/**
 * The Vertex region: the `vertex.region` option → `VERTEX_REGION_<MODEL>` (when `model` is given;
 * see {@link vertexRegionVariables}) → `CLOUD_ML_REGION` → {@link DEFAULT_VERTEX_REGION}.
 */
export function resolveVertexRegion(option: string | undefined, env: ReadonlyEnv, model?: string): ResolvedSetting {
  if (option !== undefined) return { value: option, from: 'option:vertex.region' };
  if (model !== undefined) {
    for (const variable of vertexRegionVariables(model)) {
      const value = envValue(env, variable);
      if (value !== undefined) return { value, from: `env:${variable}` };
    }
  }
  const region = envValue(env, 'CLOUD_ML_REGION');
  return region === undefined
    ? { value: DEFAULT_VERTEX_REGION, from: 'default' }
    : { value: region, from: 'env:CLOUD_ML_REGION' };
}
