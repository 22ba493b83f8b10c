// Bundles the CLI (src/cli) into one CommonJS file, dist/cli/bin.js (dist/cli/package.json says
// `"type": "commonjs"`). Measured on Node 20 (issue #21): the ESM loader costs ~1 ms per module
// (resolve, translate, link) and an ESM bundle split into chunks loaded ~34 of them for
// `credhelper get`, where CommonJS reads one file; the modules a command does not reach are
// compiled lazily (esbuild wraps them in functions that run on first `import()`), so a command
// pays only for what it runs. The package's runtime `dependencies` stay external (and lazy where
// the source imports them lazily: the cloud SDKs, proxy libraries, proper-lockfile); the
// CLI-only packages (argv parser, prompts) are devDependencies inlined here, so that a
// library-only consumer does not install them. `npm run build` runs this.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const { version, dependencies } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
/** Runtime dependencies bundled into the CLI (see below). */
export const INLINED = ['zod', 'lru-cache', 'dotenv'];
const outdir = new URL('../dist/cli/', import.meta.url);
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { bin: 'src/cli/bin.ts' },
  outdir: 'dist/cli',
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
  inject: ['scripts/cjs-import-meta-url.js'],
  logLevel: 'warning',
});
mkdirSync(outdir, { recursive: true });
writeFileSync(new URL('package.json', outdir), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
