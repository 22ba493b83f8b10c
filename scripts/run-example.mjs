// Runs one of examples/*.ts: `npm run example -- bedrock-agent [args…]`. Node 20 cannot run
// TypeScript, so esbuild (a dev dependency) bundles the example into dist/examples/ first. The
// example imports `credhelper` by name, as a user's program does; here that name is this
// repository's sources (src/index.ts, as in the tests), so no `npm run build` is needed. Packages
// stay external (the SDKs come from node_modules). Exits with the example's exit code.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = new URL('../', import.meta.url);
const examples = readdirSync(new URL('examples/', root))
  .filter((file) => file.endsWith('.ts'))
  .map((file) => file.slice(0, -'.ts'.length));
const [name, ...args] = process.argv.slice(2);
const chosen = name?.replace(/^examples\//, '').replace(/\.ts$/, '');
if (chosen === undefined || !examples.includes(chosen)) {
  process.stderr.write(
    `${chosen === undefined ? 'which example?' : `no example named '${chosen}'`}\n` +
      `usage: npm run example -- <name> [args...]\nexamples: ${examples.join(', ')}\n`,
  );
  process.exit(64);
}

const outfile = fileURLToPath(new URL(`dist/examples/${chosen}.mjs`, root));
/** `credhelper` → src/index.ts; every other package stays an import from node_modules. */
const credhelperFromSources = {
  name: 'credhelper-from-sources',
  setup(builder) {
    builder.onResolve({ filter: /^credhelper$/ }, () => ({ path: fileURLToPath(new URL('src/index.ts', root)) }));
  },
};
await build({
  entryPoints: [fileURLToPath(new URL(`examples/${chosen}.ts`, root))],
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  plugins: [credhelperFromSources],
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, [outfile, ...args], { stdio: 'inherit' });
if (run.error !== undefined) throw run.error;
process.exitCode = run.status ?? 128 + (constants.signals[run.signal] ?? 0);
