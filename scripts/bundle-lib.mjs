// Bundles the library entries (dist/index.js, dist/internal.js) over tsc's output, with zod and
// dotenv inlined and the other runtime `dependencies` external (still loaded lazily where the
// source imports them lazily: the cloud SDKs, proxy libraries, proper-lockfile). Measured on Node 20 (issue #21): the
// ESM loader costs ~1 ms per module, and zod's package ~95 files (~+50 ms) where the schemas' share
// of its mini build, inlined, costs ~+3 ms. tsc still emits the declarations and the other files
// (d.ts import paths). `npm run build` runs this after tsc.
//
// One module, dist/chunks/library.js, holds the code of both entries; dist/index.js and
// dist/internal.js re-export their names from it, so that both share one copy of every module
// (`CredentialHelperError` is one class). The modules the source imports lazily (`await
// import('./…')`) are inside it too, run on first use (esbuild's lazy module wrappers), not
// separate chunks. Measured (interleaved runs beside `node -e 0`): `import('credhelper')` loaded 19
// files (the entry and 18 chunks, ~250 kB) and cost about a third more than this one ~370 kB file.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { builtinModulesPlugin } from './builtin-modules-plugin.mjs';

const { dependencies } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
/**
 * Runtime dependencies bundled into the library: zod (its mini build, the schemas' share of it) and
 * dotenv (read at import by the provider sources; as a package it cost a file, a CommonJS export
 * scan and ~+3 ms).
 */
const INLINED = ['zod', 'dotenv'];
const ENTRIES = ['index', 'internal'];
const options = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: Object.keys(dependencies).filter((name) => !INLINED.includes(name)),
  // Built-ins through `process.getBuiltinModule` (see the plugin): dotenv's `require('fs')` too,
  // so that the bundle needs no `require` of its own.
  plugins: [builtinModulesPlugin],
  logLevel: 'warning',
};

/** The names each entry exports at run time (types are tsc's business), read from esbuild's metafile. */
const exported = {};
for (const entry of ENTRIES) {
  const result = await build({
    ...options,
    entryPoints: [`src/${entry}.ts`],
    outdir: 'dist/.exports-only',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs).find((candidate) => candidate.entryPoint !== undefined);
  if (output === undefined || output.exports.length === 0) throw new Error(`no exports found for src/${entry}.ts`);
  exported[entry] = output.exports;
}

rmSync(new URL('../dist/chunks', import.meta.url), { recursive: true, force: true });
const seen = new Set();
const lines = ENTRIES.map((entry) => {
  const names = exported[entry].filter((name) => !seen.has(name));
  for (const name of names) seen.add(name);
  return `export { ${names.join(', ')} } from './src/${entry}.ts';`;
});
await build({
  ...options,
  stdin: { contents: `${lines.join('\n')}\n`, resolveDir: process.cwd(), sourcefile: 'library.ts', loader: 'ts' },
  outfile: 'dist/chunks/library.js',
});
for (const entry of ENTRIES) {
  writeFileSync(
    new URL(`../dist/${entry}.js`, import.meta.url),
    `// Built by scripts/bundle-lib.mjs: the code is in ./chunks/library.js (one module for both entries).\nexport { ${exported[entry].join(', ')} } from './chunks/library.js';\n`,
  );
}
