// Bundles the CLI (src/cli) into dist/cli: one entry plus chunks that load on demand, so that
// `credhelper get` reads a handful of files instead of ~45 modules. Packages stay external (and
// lazy where the source imports them lazily: zod, the cloud SDKs). `npm run build` runs this.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
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
  packages: 'external',
  define: { CREDHELPER_VERSION: JSON.stringify(version) },
  logLevel: 'warning',
});
