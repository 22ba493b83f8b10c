import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import * as indexSource from '../../src/index.js';
import * as internalSource from '../../src/internal.js';
import { cliHome } from '../support/cli.js';
import { fixture, removeScratchDirs, scratchDir } from '../support/fixtures.js';

// Issue 21: `import('credhelper')` is paid by every program that embeds the library. Measured on
// Node 20: an ESM `import … from 'node:fs'` builds the module's namespace from every export, whose
// getters load fs/promises and the stream modules (~+3 ms with path and os), each ESM file costs
// the loader ~1 ms (the entry and 18 chunks were loaded), and compiling and evaluating the ~400 kB
// ES module bundle ~21 ms. scripts/bundle-lib.mjs builds one CommonJS bundle for both entries
// (built-ins are plain `require`s), run from a V8 code cache by dist/chunks/library-loader.cjs.

afterEach(removeScratchDirs);

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** How a consumer loads `specifier`: an ES module's `import()`, or CommonJS `require`. */
type Load = 'import' | 'require';

function loadCode(specifier: string, how: Load): string {
  return how === 'import' ? `await import(${JSON.stringify(specifier)})` : `require(${JSON.stringify(specifier)})`;
}

function runNode(args: string[], env: Record<string, string>): string {
  const run = spawnSync(process.execPath, args, { env, cwd: ROOT, encoding: 'utf8' });
  expect({ code: run.status, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  return run.stdout;
}

/**
 * The built-in modules that loading `specifier` makes Node load. From an ES module either way: a
 * CommonJS `node -e` loads crypto and the stream modules before the code runs (a file does not).
 */
function builtinsLoaded(specifier: string, how: Load = 'import'): string[] {
  const { env } = cliHome();
  const code = `import { createRequire } from 'node:module';
const require = createRequire(${JSON.stringify(join(ROOT, 'package.json'))});
const before = new Set(process.moduleLoadList);
${loadCode(specifier, how)};
const added = process.moduleLoadList.filter((name) => !before.has(name));
process.stdout.write(JSON.stringify({ added }));`;
  const { added } = JSON.parse(runNode(['--input-type=module', '-e', code], env)) as { added: string[] };
  return added.filter((name) => name.startsWith('NativeModule ')).map((name) => name.slice('NativeModule '.length));
}

/**
 * The files (paths and file URLs) that loading `specifier` makes Node read as modules: the ESM
 * resolutions (a resolve hook, test/fixtures/record-loads.mjs: `import()` of a package too) and the
 * CommonJS modules (`require.cache`: the library's own `require`s).
 */
function filesLoaded(specifier: string, how: Load = 'import'): string[] {
  const { env } = cliHome();
  const loads = join(scratchDir(), 'loads');
  writeFileSync(loads, '');
  const code = `import { createRequire } from 'node:module';
const require = createRequire(${JSON.stringify(join(ROOT, 'package.json'))});
${loadCode(specifier, how)};
process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
  const stdout = runNode(['--import', fixture('record-loads.mjs'), '--input-type=module', '-e', code], {
    ...env,
    LOADS_FILE: loads,
  });
  return [...readFileSync(loads, 'utf8').split('\n').filter(Boolean), ...(JSON.parse(stdout) as string[])];
}

describe("import('credhelper') and require('credhelper')", () => {
  it.each<Load>(['import', 'require'])('%s loads no stream module and no file stream', (how) => {
    const builtins = builtinsLoaded('credhelper', how);
    expect(builtins.length).toBeGreaterThan(0); // the list is read (the check can fail)
    expect(builtins.filter((name) => name === 'stream' || name.startsWith('internal/streams/'))).toEqual([]);
    expect(builtins).not.toContain('internal/fs/streams');
    expect(builtins).not.toContain('child_process'); // nothing is spawned before a helper runs
  });

  it('the check can fail: importing node:fs as an ES module, or requiring node:crypto, loads stream modules', () => {
    expect(builtinsLoaded('node:fs')).toContain('internal/fs/streams');
    expect(builtinsLoaded('node:crypto', 'require')).toContain('stream');
  });

  it.each<Load>(['import', 'require'])(
    '%s loads no package: no cloud SDK, no proxy library, no lockfile, no zod or dotenv package (inlined)',
    (how) => {
      const files = filesLoaded('credhelper', how);
      // The list is read: the entry, the loader (the ESM entry reaches it through require.cache).
      expect(files).toContain(join(ROOT, 'dist', 'chunks', 'library-loader.cjs'));
      expect(files.filter((file) => file.includes('/node_modules/'))).toEqual([]);
    },
  );

  it('the check can fail: a package a file imports is listed, as is one it requires', () => {
    expect(filesLoaded('zod/mini').some((file) => file.includes('/node_modules/zod/'))).toBe(true);
    expect(
      filesLoaded('proper-lockfile', 'require').some((file) => file.includes('/node_modules/proper-lockfile/')),
    ).toBe(true);
  });

  it('is one bundle that both entries read, imported or required (one copy of every class)', () => {
    const { env } = cliHome();
    const code = `import { createRequire } from 'node:module';
const require = createRequire(${JSON.stringify(join(ROOT, 'package.json'))});
const index = await import('credhelper'); const internal = await import('credhelper/internal');
const { CredentialHelperError } = require('credhelper');
process.stdout.write(JSON.stringify({
  internal: index.CredentialHelperError === internal.CredentialHelperError,
  required: index.CredentialHelperError === CredentialHelperError,
  requiredInternal: require('credhelper/internal').CredentialHelperError === CredentialHelperError,
}));`;
    expect(JSON.parse(runNode(['--input-type=module', '-e', code], env))).toEqual({
      internal: true,
      required: true,
      requiredInternal: true,
    });
    expect(readdirSync(join(ROOT, 'dist', 'chunks')).sort()).toEqual([
      'library-loader.cjs',
      'library.cjs',
      'library.cjs.v8-cache',
    ]);
  });

  it('each entry, imported or required, has the names of its source entry', () => {
    const { env } = cliHome();
    for (const [name, entry] of [
      ['credhelper', indexSource],
      ['credhelper/internal', internalSource],
    ] as const) {
      const source = Object.keys(entry).sort();
      const code = (load: string) =>
        `${load}; process.stdout.write(JSON.stringify(Object.keys(entry).filter((name) => name !== 'default').sort()));`;
      const specifier = JSON.stringify(name);
      expect(
        JSON.parse(runNode(['--input-type=module', '-e', code(`const entry = await import(${specifier})`)], env)),
      ).toEqual(source);
      expect(JSON.parse(runNode(['-e', code(`const entry = require(${specifier})`)], env))).toEqual(source);
    }
  });

  it('the code cache is accepted by the Node that built it (the build wrote it after a real run)', () => {
    const { env } = cliHome();
    const loader = JSON.stringify(join(ROOT, 'dist', 'chunks', 'library-loader.cjs'));
    const code = `process.stdout.write(JSON.stringify(require(${loader}).script.cachedDataRejected));`;
    expect(JSON.parse(runNode(['-e', code], env))).toBe(false);
  });
});
