// Bundles the CLI (src/cli) into one CommonJS file, dist/cli/cli.js (dist/cli/package.json says
// `"type": "commonjs"`), run by dist/cli/bin.js (scripts/cli-launcher.cjs) from a V8 code cache
// written here. Measured on Node 20 (issue #21): the ESM loader costs ~1 ms per module (resolve,
// translate, link) and an ESM bundle split into chunks loaded ~34 of them for `credhelper get`,
// where CommonJS reads one file; the modules a command does not reach are wrapped in functions
// that run on first `import()`, so a command runs only what it needs; compiling the bundle costs
// ~11 ms, reading it from the code cache ~2 ms. The CLI-only packages (argv parser, prompts) are
// devDependencies inlined here, so that a library-only consumer does not install them.
// `npm run build` runs this.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const { version, dependencies } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
/** Runtime dependencies bundled into the CLI (see below). */
const INLINED = ['zod', 'lru-cache', 'dotenv'];
const outdir = fileURLToPath(new URL('../dist/cli/', import.meta.url));
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli/bin.ts' },
  outdir,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // Inlined: what a cache hit needs. zod (its mini build, tree-shaken to the schemas used: ~+3 ms
  // where the package's ~95 files cost ~+50 ms), lru-cache (ESM only: its `import()` from CommonJS
  // started the ESM loader, ~+5 ms) and dotenv (~+2 ms). The other dependencies stay external,
  // subpaths (`@smithy/core/config`) too, and are loaded only by the commands and sources that need them.
  external: Object.keys(dependencies).filter((name) => !INLINED.includes(name)),
  // `import.meta.url` (for `createRequire`) in CommonJS: the bundle's own URL.
  define: { CREDHELPER_VERSION: JSON.stringify(version), 'import.meta.url': 'importMetaUrl' },
  // `performance`: see scripts/cli-performance.js.
  inject: ['scripts/cjs-import-meta-url.js', 'scripts/cli-performance.js'],
  logLevel: 'warning',
});
writeFileSync(join(outdir, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
// The launcher wraps the bundle in a function: no `#!` line inside it. Code that V8 reads back
// from a code cache cannot run `import()` itself (Node 20 gives it no loader: a bare TypeError), so
// the bundle's `import("…")` of external packages and built-ins call the launcher's instead, passed
// in as `__credhelperImport`. Only string-literal imports of those are rewritten (esbuild prints
// them so); any other `import(` left in the bundle fails the build.
const bundle = join(outdir, 'cli.js');
const externals = Object.keys(dependencies).filter((name) => !INLINED.includes(name));
const isExternal = (specifier) =>
  specifier.startsWith('node:') || externals.some((name) => specifier === name || specifier.startsWith(`${name}/`));
const code = readFileSync(bundle, 'utf8')
  .replace(/^#!.*\n/, '')
  .replace(/\bimport\(("[^"\\]+")\)/g, (whole, literal) =>
    isExternal(JSON.parse(literal)) ? `__credhelperImport(${literal})` : whole,
  );
const left = code.match(/\bimport\([^)]*\)/g);
if (left !== null) throw new Error(`dist/cli/cli.js: dynamic import()s the launcher cannot serve: ${left.join(', ')}`);
// Run without the launcher (`node dist/cli/cli.js`), the bundle imports for itself.
const selfImport =
  "if (typeof __credhelperImport !== 'function') var __credhelperImport = (specifier) => import(specifier);\n";
writeFileSync(
  bundle,
  `${code.startsWith('"use strict";\n') ? '"use strict";\n' : ''}${selfImport}${code.replace(/^"use strict";\n/, '')}`,
);
const bin = join(outdir, 'bin.js');
copyFileSync(fileURLToPath(new URL('cli-launcher.cjs', import.meta.url)), bin);
chmodSync(bin, 0o755);

// The code cache: what V8 compiled while the launcher ran `get anthropic` through an apiKeyHelper
// (settings file, helper run, shared cache written), so that the hot paths' functions are in it.
const home = mkdtempSync(join(tmpdir(), 'credhelper-build-'));
try {
  writeFileSync(join(home, 'key.sh'), '#!/bin/sh\necho sk-ant-test-build-0000000000000001\n', { mode: 0o755 });
  writeFileSync(join(home, 'settings.json'), JSON.stringify({ apiKeyHelper: join(home, 'key.sh') }));
  const warmUp = `const { writeFileSync } = require('node:fs');
const launcher = require(${JSON.stringify(bin)});
const script = launcher.compileCli();
process.argv = [process.argv[0], ${JSON.stringify(bin)}, 'get', 'anthropic'];
process.on('exit', () => writeFileSync(launcher.CACHE, script.createCachedData()));
launcher.runCli(script);`;
  const run = spawnSync(process.execPath, ['-e', warmUp], {
    env: { PATH: process.env.PATH, HOME: home, CREDHELPER_SETTINGS: join(home, 'settings.json') },
    cwd: home,
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (run.status !== 0) throw new Error(`writing the CLI's code cache failed (exit ${run.status}): ${run.stderr}`);
} finally {
  rmSync(home, { recursive: true, force: true });
}
