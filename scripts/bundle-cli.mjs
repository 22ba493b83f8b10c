// Bundles the CLI (src/cli) into dist/cli: one entry plus chunks that load on demand, so that
// `credhelper get` reads a handful of files instead of ~45 modules. The package's runtime
// `dependencies` stay external (and lazy where the source imports them lazily: zod, the cloud
// SDKs); the CLI-only packages (argv parser, prompts) are devDependencies inlined here, so that a
// library-only consumer does not install them. `npm run build` runs this.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const { version, dependencies } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist/cli', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { bin: 'src/cli/bin.ts' },
  outdir: 'dist/cli',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: Object.keys(dependencies), // subpaths (`@smithy/core/config`) too
  define: { CREDHELPER_VERSION: JSON.stringify(version) },
  logLevel: 'warning',
});
