// Bundles the library entries (dist/index.js, dist/internal.js) over tsc's output, with zod and
// dotenv inlined and the other runtime `dependencies` external (still loaded lazily where the
// source imports them lazily: the cloud SDKs, proxy libraries, proper-lockfile). Measured on Node 20 (issue #21): the
// ESM loader costs ~1 ms per module, and zod's package ~95 files (~+50 ms) where the schemas' share
// of its mini build, inlined, costs ~+3 ms. Both entries are one build, so that they share one copy
// of every module (`CredentialHelperError` is one class). tsc still emits the declarations and the
// other files (d.ts import paths). `npm run build` runs this after tsc.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const { dependencies } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
/**
 * Runtime dependencies bundled into the library: zod (its mini build, the schemas' share of it) and
 * dotenv (read at import by the provider sources; as a package it cost a file, a CommonJS export
 * scan and ~+3 ms).
 */
const INLINED = ['zod', 'dotenv'];
rmSync(new URL('../dist/chunks', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { index: 'src/index.ts', internal: 'src/internal.ts' },
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: Object.keys(dependencies).filter((name) => !INLINED.includes(name)),
  // dotenv is CommonJS: its `require('fs')` inlined in ESM needs a `require`.
  banner: {
    js: "import { createRequire as __credhelperCreateRequire } from 'node:module';\nconst require = __credhelperCreateRequire(import.meta.url);",
  },
  allowOverwrite: true,
  logLevel: 'warning',
});
