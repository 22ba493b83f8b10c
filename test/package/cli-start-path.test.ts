import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, cliHome, userSettings } from '../support/cli.js';
import { fixture, removeScratchDirs, runCount, scratchDir } from '../support/fixtures.js';

// `credhelper get anthropic` (an apiKeyHelper, a credential_process) pays for every module the CLI
// bundle loads at start. zod alone costs ~40 ms here (twice the start of `node -e 0`), so the
// packages a plain `get` does not need must be reachable only through dynamic imports. Found when
// a new status feature imported a zod schema statically and `get anthropic` went from 45 to 87 ms.

const LAZY_ONLY = [
  'zod',
  'google-auth-library',
  'undici',
  'https-proxy-agent',
  'http-proxy-agent',
  'proper-lockfile',
  // The OS keychain binding (a native module): only the store loads it, and only for an entry that lives there.
  '@napi-rs/keyring',
];

async function staticallyReachable(): Promise<Map<string, string | null>> {
  const { dependencies } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const result = await build({
    entryPoints: { bin: 'src/cli/bin.ts' },
    outdir: 'dist/cli-metafile-only',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: Object.keys(dependencies),
    define: { CREDHELPER_VERSION: '"test"' },
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const inputs = result.metafile.inputs;
  const parent = new Map<string, string | null>([['src/cli/bin.ts', null]]);
  const queue = ['src/cli/bin.ts'];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    for (const edge of inputs[current]?.imports ?? []) {
      if (edge.kind !== 'import-statement' || parent.has(edge.path)) continue;
      parent.set(edge.path, current);
      queue.push(edge.path);
    }
  }
  return parent;
}

function chain(parent: Map<string, string | null>, end: string): string {
  const names: string[] = [];
  for (let at: string | null | undefined = end; at; at = parent.get(at)) names.push(at);
  return names.reverse().join(' -> ');
}

/**
 * A shared-cache hit loads the CLI bundle alone (no package, no heavy built-in, no perf_hooks, os
 * or diagnostics_channel), and its cold run no package either; the cold run ran the helper
 * (`child_process`), so the built-in checks can fail.
 */
function expectLeanHit(
  cold: { files: string[]; builtins: string[] },
  hit: { files: string[]; builtins: string[] },
): void {
  expect(packages(cold.files)).toEqual([]);
  expect(hit.files).toEqual([CLI]);
  expect(heavyBuiltins(hit.builtins)).toEqual([]);
  // `performance` is process.hrtime in the bundle (scripts/cli-performance.js): no perf_hooks (~1 ms).
  expect(hit.builtins).not.toContain('perf_hooks');
  // node:os loads on first use, lru-cache's diagnostics channels are stubs (scripts/bundle-cli.mjs).
  expect(hit.builtins.filter((name) => name === 'os' || name === 'diagnostics_channel')).toEqual([]);
  expect(cold.builtins).toContain('child_process');
}

describe('the CLI start-up path', () => {
  it('loads no zod, cloud SDK, proxy library or lock package before a command needs it', async () => {
    const parent = await staticallyReachable();
    expect(parent.size).toBeGreaterThan(20); // the walk saw the CLI's modules (the check can fail)
    const found = [...parent.keys()]
      .filter(
        (path) =>
          LAZY_ONLY.some((name) => path === name || path.startsWith(`${name}/`)) || // `zod/mini` too
          path.startsWith('@aws-sdk/') ||
          path.startsWith('@smithy/'),
      )
      .map((path) => chain(parent, path));
    expect(found).toEqual([]);
  }, 30_000);
});

// Issue 21: what a real run loads, recorded by `--require record-all-loads.cjs` (CommonJS modules,
// the CLI bundle is one, and ESM modules). A hot path (`get anthropic`, with or without a settings
// file, `aws-credential-process` answered from the shared cache) loads the launcher (dist/cli/bin.js,
// which compiles the bundle itself, not as a module) and no other module: no zod package, no cloud
// SDK, no proxy library, no lock package, no ESM loader at work.

afterEach(removeScratchDirs);

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Runs node with `args` under the recorder. `LOADS_FILE` is named in the environment, which a
 * helper's shared-cache entry is keyed by: two runs that should share an entry pass one `loads`.
 */
function recorded(
  args: string[],
  options: { env: Record<string, string>; cwd?: string; loads?: string },
): { code: number | null; stdout: string; stderr: string; files: string[]; builtins: string[] } {
  const loads = options.loads ?? join(scratchDir(), 'loads');
  writeFileSync(loads, '');
  const result = spawnSync(process.execPath, ['--require', fixture('record-all-loads.cjs'), ...args], {
    env: { ...options.env, LOADS_FILE: loads },
    cwd: options.cwd ?? options.env.HOME,
    encoding: 'utf8',
    timeout: 30_000,
  });
  const lines = readFileSync(loads, 'utf8').split('\n');
  const builtins = lines.filter((line) => line.startsWith('builtin:')).map((line) => line.slice('builtin:'.length));
  const files = lines
    .filter((line) => line !== '' && !line.startsWith('node:') && !line.startsWith('builtin:'))
    .map((line) => (line.startsWith('file:') ? fileURLToPath(line) : line))
    .filter((file) => !file.includes('/test/fixtures/record-'));
  return {
    code: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    files: [...new Set(files)].sort(),
    builtins: [...new Set(builtins)].sort(),
  };
}

/**
 * Built-in modules a cache hit does without: a process (child_process), promise-based file writes
 * (fs/promises, and the stream modules they pull in), streams for stdout and stderr (net, tty).
 * Registering the recorder's hooks loads the generic stream modules itself (and its worker's
 * stdio may hide net): child_process and fs/promises are the ones this check was seen to catch.
 */
const HOT_PATH_FREE_BUILTINS = ['net', 'tty', 'child_process', 'fs/promises'];

function heavyBuiltins(builtins: string[]): string[] {
  return builtins.filter((name) => HOT_PATH_FREE_BUILTINS.includes(name));
}

/** The packages among `files`, e.g. `zod`, `@aws-sdk/credential-providers`. */
function packages(files: string[]): string[] {
  const names = files.flatMap((file) => {
    const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
    return match?.[1] === undefined ? [] : [match[1]];
  });
  return [...new Set(names)].sort();
}

describe('what a hot path loads (a real run of the built CLI, issue 21)', () => {
  it('get anthropic with the key in the environment: the CLI alone', () => {
    const { env } = cliHome({ ANTHROPIC_API_KEY: 'sk-ant-test-hot-path-0000000000000001' });
    recorded([CLI, 'get', 'anthropic'], { env }); // the first run in a HOME creates the cache identity key
    const run = recorded([CLI, 'get', 'anthropic'], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('sk-ant-test-hot-path-0000000000000001\n');
    expect(run.files).toEqual([CLI]);
    expect(heavyBuiltins(run.builtins)).toEqual([]);
    expect(run.builtins).not.toContain('crypto'); // nothing is hashed either
  });

  it('get anthropic with a settings file (apiKeyHelper), cold and then from the shared cache: the CLI alone', () => {
    const { home, env } = cliHome({ COUNT_FILE: join(scratchDir(), 'count') });
    userSettings(home, { apiKeyHelper: fixture('count-runs.sh') });
    const loads = join(scratchDir(), 'loads');
    const cold = recorded([CLI, 'get', 'anthropic'], { env, loads });
    const hit = recorded([CLI, 'get', 'anthropic'], { env, loads });
    expect([cold.code, hit.code, cold.stdout, hit.stdout]).toEqual([
      0,
      0,
      'sk-ant-test-run-1\n',
      'sk-ant-test-run-1\n',
    ]);
    expect(runCount(env.COUNT_FILE as string)).toBe(1); // the second run was a cache hit
    expectLeanHit(cold, hit);
  });

  it('aws-credential-process answered from the shared cache: the CLI alone; cold, no package either', () => {
    const { home, env } = cliHome({ COUNT_FILE: join(scratchDir(), 'count') });
    userSettings(home, { awsCredentialExport: fixture('credential-process.sh') });
    const loads = join(scratchDir(), 'loads');
    const cold = recorded([CLI, 'aws-credential-process'], { env, loads });
    const hit = recorded([CLI, 'aws-credential-process'], { env, loads });
    expect([cold.code, hit.code]).toEqual([0, 0]);
    expect(JSON.parse(hit.stdout)).toMatchObject({ Version: 1, AccessKeyId: 'ASIATESTPROCESS00001' });
    expect(runCount(env.COUNT_FILE as string)).toBe(1);
    expectLeanHit(cold, hit);
  });

  it('the recorder sees what a path does load (the checks above can fail): the AWS chain loads its SDK', () => {
    const { env } = cliHome({
      AWS_ACCESS_KEY_ID: 'AKIATESTHOTPATH00001',
      AWS_SECRET_ACCESS_KEY: 'test-hot-path-secret-000000000000000001',
    });
    const run = recorded([CLI, 'aws-credential-process'], { env });
    expect(run.code).toBe(0);
    expect(run.files).toContain(CLI);
    expect(packages(run.files)).toContain('@aws-sdk/credential-providers');
  });

  it("import('credhelper') loads no package: no zod package, cloud SDK, proxy library or lock package", () => {
    const { env } = cliHome();
    const run = recorded(['--input-type=module', '-e', "await import('credhelper');"], { env, cwd: ROOT });
    expect(run.code).toBe(0);
    expect(run.files).toContain(join(ROOT, 'dist', 'index.js'));
    expect(packages(run.files)).toEqual([]);
  });
});
