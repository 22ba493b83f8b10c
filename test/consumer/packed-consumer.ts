import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { tempDir } from '../support/fixtures.js';

/** The repository root (where `npm pack` runs). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Packages a consumer project adds next to credhelper (the SDKs an agent embeds, the tools it builds with). */
export const CONSUMER_EXTRAS = [
  '@anthropic-ai/sdk',
  '@anthropic-ai/bedrock-sdk',
  '@anthropic-ai/vertex-sdk',
  '@types/node',
  'esbuild',
  'typescript',
] as const;

/** A consumer project with the packed tarball installed: its folder and how to remove it. */
export interface PackedConsumer {
  dir: string;
  tarball: string;
  cleanup: () => void;
}

/**
 * For the tests of one file: a {@link packedConsumer} and a temporary HOME, made before them and
 * removed after. Their `dir` is read in a test (not before `beforeAll` has run).
 */
export function usePackedConsumer(): { consumer: { readonly dir: string }; home: { readonly dir: string } } {
  let made: PackedConsumer | undefined;
  let temp: ReturnType<typeof tempDir> | undefined;
  beforeAll(() => {
    made = packedConsumer();
    temp = tempDir();
  }, 60_000);
  afterAll(() => {
    made?.cleanup();
    temp?.cleanup();
  });
  const dirOf = (value: { dir: string } | undefined): string => {
    if (value === undefined) throw new Error('usePackedConsumer: read in a test, after beforeAll');
    return value.dir;
  };
  return {
    consumer: {
      get dir() {
        return dirOf(made);
      },
    },
    home: {
      get dir() {
        return dirOf(temp);
      },
    },
  };
}

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

/**
 * `npm pack`s the built repository (run `npm run build` first) and installs the tarball into a
 * fresh consumer project, without the network: the tarball is unpacked into
 * `node_modules/credhelper` as npm would, and each of its declared `dependencies` (plus
 * {@link CONSUMER_EXTRAS}) is linked from this repository's installed copy. (`npm install --offline
 * <tarball>` needs the registry's metadata in the npm cache, which a fresh machine does not have.)
 * credhelper sees only what its package.json declares: an undeclared import fails here.
 */
export function packedConsumer(): PackedConsumer {
  const { dir, cleanup } = tempDir();
  run('npm', ['pack', '--silent', '--pack-destination', dir], ROOT);
  const tarball = join(dir, readdirSync(dir).find((name) => name.endsWith('.tgz')) ?? 'missing.tgz');
  const installed = join(dir, 'node_modules', 'credhelper');
  mkdirSync(installed, { recursive: true });
  run('tar', ['-xzf', tarball, '--strip-components=1', '-C', installed], dir);
  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  for (const name of [...Object.keys(manifest.dependencies ?? {}), ...CONSUMER_EXTRAS]) {
    const link = join(dir, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(realpathSync(join(ROOT, 'node_modules', name)), link, 'dir');
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  return { dir, tarball, cleanup };
}

/** Runs `node args…` in `cwd` with `env` only; returns the exit code and both streams. */
export function node(
  args: string[],
  cwd: string,
  env: Record<string, string>,
): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, args, { cwd, env, encoding: 'utf8', timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** {@link node} without blocking the event loop: for consumers that talk to a server in this process. */
export function nodeAsync(
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
