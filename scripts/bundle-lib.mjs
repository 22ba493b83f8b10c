// Bundles the library entries (dist/index.js, dist/internal.js) over tsc's output, with zod and
// dotenv inlined and the other runtime `dependencies` external (still loaded lazily where the
// source imports them lazily: the cloud SDKs, proxy libraries, proper-lockfile). Measured on Node 20 (issue #21): the
// ESM loader costs ~1 ms per module, and zod's package ~95 files (~+50 ms) where the schemas' share
// of its mini build, inlined, costs ~+3 ms. tsc still emits the declarations and the other files
// (d.ts import paths). `npm run build` runs this after tsc.
//
// One CommonJS bundle, dist/chunks/library.cjs, holds the code of both entries (one copy of every
// module: `CredentialHelperError` is one class), run by dist/chunks/library-loader.cjs
// (scripts/library-loader.cjs) from a V8 code cache written here by a warm-up process. The entries
// read their names from the loader: dist/index.js and dist/internal.js (ESM, `import`) and
// dist/index.cjs and dist/internal.cjs (CommonJS, `require`); bundlers read tsc's ES modules
// (dist/index.module.js, dist/internal.module.js: the `module` condition). The modules the source
// imports lazily (`await import('./…')`) are inside the bundle too, run on first use (esbuild's
// lazy module wrappers).
//
// Measured on Node 20.20 (issue #21), beside `node -e 0` (~24 ms), interleaved, medians of 41 runs:
// | | `import('credhelper')` | `require('credhelper')` | CPU time (import) | instructions (import) |
// | the ES module bundle (before) | +19.4 ms | +19.5 ms (require(esm)) | +19.5 to +24 ms | +122 M |
// | this, from the code cache | +11.8 ms | +9.1 ms | +10.1 to +12.5 ms | +55 M |
// | this, no cache (another Node) | +19.8 ms | +16.4 ms | +17.9 to +23 ms | +119 M |
// (CPU time: of the child, the machine was shared; instructions: callgrind, all threads.) Before,
// compiling the ES module cost ~8 ms and evaluating it ~13 ms (zod/mini schema construction, the
// built-ins' `__toESM` copies, lazy compilation of every function it ran); what is left is
// deserializing the cache (~3.5 ms under the profiler), building the exported zod schemas (~4 ms
// there) and the ESM loader (~3 ms).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const { dependencies } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
/**
 * Runtime dependencies bundled into the library: zod (its mini build, the schemas' share of it) and
 * dotenv (read at import by the provider sources; as a package it cost a file, a CommonJS export
 * scan and ~+3 ms).
 */
const INLINED = ['zod', 'dotenv'];
const EXTERNAL = Object.keys(dependencies).filter((name) => !INLINED.includes(name));
const ENTRIES = ['index', 'internal'];
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const chunks = join(dist, 'chunks');
const BUNDLE = join(chunks, 'library.cjs');
const LOADER = join(chunks, 'library-loader.cjs');

/** The names each entry exports at run time (types are tsc's business), read from esbuild's metafile. */
const exported = {};
for (const entry of ENTRIES) {
  const result = await build({
    entryPoints: [`src/${entry}.ts`],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    outdir: 'dist/.exports-only',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs).find((candidate) => candidate.entryPoint !== undefined);
  if (output === undefined || output.exports.length === 0) throw new Error(`no exports found for src/${entry}.ts`);
  exported[entry] = output.exports;
}

rmSync(chunks, { recursive: true, force: true });
const seen = new Set();
const lines = ENTRIES.map((entry) => {
  const names = exported[entry].filter((name) => !seen.has(name));
  for (const name of names) seen.add(name);
  return `export { ${names.join(', ')} } from './src/${entry}.ts';`;
});
await build({
  stdin: { contents: `${lines.join('\n')}\n`, resolveDir: process.cwd(), sourcefile: 'library.ts', loader: 'ts' },
  outfile: BUNDLE,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  // `import.meta.url` in CommonJS: the bundle's own URL, computed when read (scripts/cjs-import-meta-url.js).
  define: { 'import.meta.url': 'importMeta.url' },
  inject: ['scripts/cjs-import-meta-url.js'],
  // Built-ins are plain `require`s: in CommonJS no ES module namespace is built (the reason the ESM
  // bundle read them through `process.getBuiltinModule`, with a plugin this build no longer needs), and
  // no `__toESM` copy of each is made as that plugin's CommonJS wrappers needed (measured: with the
  // plugin the import cost +16.4 ms of CPU time and +69 M instructions, without it +12.4 ms, +55 M).
  // Whitespace and syntax minified, names kept (stack traces read), as the CLI's bundles.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});

// The loader wraps the bundle in a function. Code that V8 reads back from a code cache cannot run
// `import()` itself (Node 20 gives it no loader: a bare TypeError), so the bundle's `import("…")`
// of external packages and built-ins call the loader's instead, passed in as `__credhelperImport`
// (as the CLI does, scripts/bundle-cli.mjs). Only string-literal imports of those are rewritten
// (esbuild prints them so); any other `import(` left in the bundle fails the build.
const isExternal = (specifier) =>
  specifier.startsWith('node:') || EXTERNAL.some((name) => specifier === name || specifier.startsWith(`${name}/`));
const code = readFileSync(BUNDLE, 'utf8').replace(/\bimport\(("[^"\\]+")\)/g, (whole, literal) =>
  isExternal(JSON.parse(literal)) ? `__credhelperImport(${literal})` : whole,
);
const left = code.match(/\bimport\([^)]*\)/g);
if (left !== null)
  throw new Error(`dist/chunks/library.cjs: dynamic import()s the loader cannot serve: ${left.join(', ')}`);
// The loader reads the bundle as latin1 (no UTF-8 decoding): esbuild escapes non-ASCII text (its
// default `charset`), and this makes sure (one byte per character: all ASCII).
if (Buffer.byteLength(code, 'utf8') !== code.length)
  throw new Error('dist/chunks/library.cjs: a non-ASCII character (the loader reads latin1)');
// The source is ES modules, strict mode code; esbuild's CommonJS output does not say so itself: the
// directive comes first in the body. The file is the module function the loader compiles and calls
// (`WRAPPER_HEAD` … `WRAPPER_TAIL`, scripts/library-loader.cjs): wrapped by the loader at run time,
// its ~300 kB were copied into a new string on every import (issue #21).
const { WRAPPER_HEAD, WRAPPER_TAIL } = createRequire(import.meta.url)('./library-loader.cjs');
writeFileSync(BUNDLE, `${WRAPPER_HEAD}'use strict';\n${code.replace(/^(['"])use strict\1;\n/, '')}${WRAPPER_TAIL}`);
copyFileSync(fileURLToPath(new URL('library-loader.cjs', import.meta.url)), LOADER);

const HEADER = '// Built by scripts/bundle-lib.mjs:';
for (const entry of ENTRIES) {
  // tsc's entry, dist/<entry>.module.js, for bundlers (the package's `module` condition: esbuild,
  // webpack and Rollup match it, Node and TypeScript do not). A bundler cannot follow the loader
  // (it reads the bundle and its cache as files), and it inlines what a consumer bundles anyway.
  const tscEntry = join(dist, `${entry}.js`);
  if (!readFileSync(tscEntry, 'utf8').startsWith(HEADER)) renameSync(tscEntry, join(dist, `${entry}.module.js`));
  const names = exported[entry].join(', ');
  const header = `${HEADER} the code is in ./chunks/library.cjs (one bundle for both entries),\n// run by ./chunks/library-loader.cjs from its V8 code cache. Bundlers read ./${entry}.module.js.\n`;
  // `process.getBuiltinModule`, not `import … from 'node:module'`: no ES module namespace to build.
  // `libraryFor(globalThis)`: the library of this module's context (a vm context's in Jest), see
  // MAIN_GLOBAL in scripts/library-loader.cjs.
  writeFileSync(
    join(dist, `${entry}.js`),
    `${header}const { libraryFor } = process.getBuiltinModule('node:module').createRequire(import.meta.url)('./chunks/library-loader.cjs');\nexport const { ${names} } = libraryFor(globalThis);\n`,
  );
  writeFileSync(
    join(dist, `${entry}.cjs`),
    `${header}'use strict';\nconst { library } = require('./chunks/library-loader.cjs');\nconst { ${names} } = library;\nmodule.exports = { ${names} };\n`,
  );
}

/**
 * Writes dist/chunks/library.cjs.v8-cache: what V8 compiled while a warm-up process loaded the
 * library and resolved one credential (an API key in the given environment): the functions that
 * `import('credhelper')` and a first `creds.anthropic()` run are in it, so that the first call is
 * not the one that pays their compilation. Measured (in-process, cold, medians of 31 runs): a first
 * `creds.anthropic()` after the import took ~0.7 ms with this cache, ~1.3 ms with one of the import
 * alone, ~2.2 ms from the ES module bundle and ~2.4 ms without a cache; the import itself the same
 * within the noise (and 555 M instructions against 566 M). The file names the Node that wrote it
 * and holds the cache twice (the loader checks both before V8 reads one: `verifiedCache` in
 * scripts/library-loader.cjs).
 */
function writeCodeCache() {
  const home = mkdtempSync(join(tmpdir(), 'credhelper-build-'));
  try {
    const warmUp = `const { writeFileSync } = require('node:fs');
const loader = require(${JSON.stringify(LOADER)});
const creds = loader.library.createCredentialHelper({ env: { ANTHROPIC_API_KEY: 'sk-ant-test-build-0000000000000001' } });
creds.anthropic().then(() => {
  const data = loader.script.createCachedData();
  writeFileSync(${JSON.stringify(`${BUNDLE}.v8-cache`)}, Buffer.concat([loader.NODE_TAG, data, data]));
});`;
    const run = spawnSync(process.execPath, ['-e', warmUp], {
      env: { PATH: process.env.PATH, HOME: home },
      cwd: home,
      encoding: 'utf8',
      timeout: 30_000,
    });
    if (run.status !== 0 || run.stderr !== '')
      throw new Error(`writing the library's code cache failed (exit ${run.status}): ${run.stderr}`);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
writeCodeCache();
