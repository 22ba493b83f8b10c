import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { cliHome } from '../support/cli.js';
import { removeScratchDirs } from '../support/fixtures.js';

// Issue 21: `import('credhelper')` is paid by every program that embeds the library. Measured on
// Node 20: an ESM `import … from 'node:fs'` builds the module's namespace from every export, whose
// getters load fs/promises and the stream modules (~+3 ms with path and os), and each ESM file costs
// the loader ~1 ms (the entry and 18 chunks were loaded). scripts/bundle-lib.mjs builds one module
// for both entries and reads built-ins through `process.getBuiltinModule`.

afterEach(removeScratchDirs);

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The built-in modules that `import(specifier)` makes Node load. */
function importLoads(specifier: string): { builtins: string[] } {
  const { env } = cliHome();
  const code = `const before = new Set(process.moduleLoadList);
await import(${JSON.stringify(specifier)});
const added = process.moduleLoadList.filter((name) => !before.has(name));
process.stdout.write(JSON.stringify({ added }));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], { env, cwd: ROOT, encoding: 'utf8' });
  expect({ code: run.status, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  const { added } = JSON.parse(run.stdout) as { added: string[] };
  return {
    builtins: added
      .filter((name) => name.startsWith('NativeModule '))
      .map((name) => name.slice('NativeModule '.length)),
  };
}

describe("import('credhelper')", () => {
  it('loads no stream module and no file stream (built-ins read through process.getBuiltinModule)', () => {
    const { builtins } = importLoads('credhelper');
    expect(builtins.length).toBeGreaterThan(0); // the list is read (the check can fail)
    expect(builtins.filter((name) => name === 'stream' || name.startsWith('internal/streams/'))).toEqual([]);
    expect(builtins).not.toContain('internal/fs/streams');
    expect(builtins).not.toContain('child_process'); // nothing is spawned before a helper runs
  });

  it('the check can fail: importing node:fs as an ES module does load the stream modules', () => {
    const { builtins } = importLoads('node:fs');
    expect(builtins).toContain('internal/fs/streams');
  });

  it('is one module that both entries re-export (one copy of every class)', () => {
    const { env } = cliHome();
    const code = `const index = await import('credhelper'); const internal = await import('credhelper/internal');
process.stdout.write(JSON.stringify({ same: index.CredentialHelperError === internal.CredentialHelperError }));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], { env, cwd: ROOT, encoding: 'utf8' });
    expect(JSON.parse(run.stdout)).toEqual({ same: true });
    expect(readdirSync(join(ROOT, 'dist', 'chunks'))).toEqual(['library.js']);
  });
});
