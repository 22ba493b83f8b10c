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
import { createHash } from 'node:crypto';
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
/**
 * The commands in the hot bundle, dist/cli/cli-hot.js: the ones other programs start on every call
 * (an apiKeyHelper, a credential_process). The launcher runs it when the first argument names one of
 * them, the full bundle (dist/cli/cli.js) otherwise: a process runs one of the two, never both, so
 * that no module's state is ever split across them. Keep in step with `HOT_COMMANDS` in
 * scripts/cli-launcher.cjs.
 */
const HOT_COMMAND_MODULES = ['./commands/get.js', './commands/aws-credential-process.js'];
/**
 * In the hot bundle, main.ts's `import()` of every other command's module is a module that throws,
 * and so is the credential proxy's (only `proxy` and `exec --proxy` start it): the code only those
 * commands reach is left out (~230 kB of ~710 kB), and a process that reached
 * one anyway (a launcher out of step with this list) fails loudly instead of running half a CLI.
 * Measured (issue #21, a shared-cache hit): reading and deserializing the bundle and its code cache
 * took ~5.4 ms of the full bundle, ~3.9 ms of this one.
 */
const coldCommandsLeftOut = {
  name: 'credhelper-cold-commands-left-out',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\/commands\// }, (args) =>
      args.importer.endsWith(join('src', 'cli', 'main.ts')) && !HOT_COMMAND_MODULES.includes(args.path)
        ? { path: args.path, namespace: 'credhelper-cold-command' }
        : undefined,
    );
    // The credential proxy (`helper.proxy()`: the `proxy` and `exec --proxy` commands), ~30 kB.
    pluginBuild.onResolve({ filter: /^\.\.\/proxy\/start-proxy\.js$/ }, (args) =>
      args.importer.endsWith(join('src', 'credentials', 'create-credential-helper.ts'))
        ? { path: args.path, namespace: 'credhelper-cold-command' }
        : undefined,
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: 'credhelper-cold-command' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`credhelper: ${args.path} is not in the hot bundle (scripts/cli-launcher.cjs HOT_COMMANDS)`)});\n`,
      loader: 'js',
    }));
  },
};
/** `node:module` imported by the source is scripts/cli-node-module.js: `createRequire` is the bundle's `require`. */
const bundleOwnRequire = {
  name: 'credhelper-bundle-own-require',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^node:module$/ }, (args) =>
      args.importer.startsWith(fileURLToPath(new URL('../src/', import.meta.url)))
        ? { path: fileURLToPath(new URL('cli-node-module.js', import.meta.url)) }
        : undefined,
    );
  },
};
/** lru-cache's `node:diagnostics_channel` is scripts/cli-lru-cache-channels.js (nothing subscribes in the CLI). */
const lruCacheChannels = {
  name: 'credhelper-lru-cache-channels',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^node:diagnostics_channel$/ }, (args) =>
      /[/\\]node_modules[/\\]lru-cache[/\\]/.test(args.importer)
        ? { path: fileURLToPath(new URL('cli-lru-cache-channels.js', import.meta.url)) }
        : undefined,
    );
  },
};
/**
 * `node:os` in the bundle is a module of getters that load it on first use: no hot path
 * calls it (HOME is set, `process.getuid` exists, signal numbers are read when a signal comes), and
 * loading it cost ~0.3 ms of every start (issue #21). Every name the real module exports is there.
 */
const lazyOs = {
  name: 'credhelper-lazy-os',
  setup(pluginBuild) {
    // The source's `node:os` and dotenv's `os` (inlined packages are bundled, external ones are not).
    // The getters' own `require('node:os')` is the built-in.
    pluginBuild.onResolve({ filter: /^(node:)?os$/ }, (args) =>
      args.namespace === 'credhelper-lazy-os' ? undefined : { path: 'node:os', namespace: 'credhelper-lazy-os' },
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: 'credhelper-lazy-os' }, async () => {
      const names = Object.keys(await import('node:os')).filter((name) => name !== 'default');
      return {
        contents: `for (const name of ${JSON.stringify(names)}) Object.defineProperty(exports, name, { enumerable: true, get: () => require('node:os')[name] });\n`,
        loader: 'js',
      };
    });
  },
};
for (const [entry, plugins] of [
  ['cli', []],
  ['cli-hot', [coldCommandsLeftOut]],
]) {
  await build({
    entryPoints: { [entry]: 'src/cli/bin.ts' },
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
    // `import.meta.url` in CommonJS: the bundle's own URL, computed when read (scripts/cjs-import-meta-url.js).
    define: { CREDHELPER_VERSION: JSON.stringify(version), 'import.meta.url': 'importMeta.url' },
    // `performance`: see scripts/cli-performance.js.
    inject: ['scripts/cjs-import-meta-url.js', 'scripts/cli-performance.js'],
    // Whitespace and syntax only (names are kept: a stack trace still reads): the hot bundle went
    // from ~545 to ~400 kB, and reading, copying and wrapping its text cost ~1 ms of every start
    // (issue #21, interleaved runs beside \`node -e 0\`).
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
    plugins: [bundleOwnRequire, lruCacheChannels, lazyOs, ...plugins],
  });
}
writeFileSync(join(outdir, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
// Each bundle is written as the function the launcher compiles and calls, `(function (exports,
// require, module, __filename, __dirname, __credhelperImport) {…})`: wrapped by the launcher at
// run time, its ~400 kB of text was copied once more into a new string on every start (issue #21:
// young-generation space, a scavenge). It is no longer a module Node could run by itself. No `#!`
// line inside it. Code that V8 reads back
// from a code cache cannot run `import()` itself (Node 20 gives it no loader: a bare TypeError), so
// the bundle's `import("…")` of external packages and built-ins call the launcher's instead, passed
// in as `__credhelperImport`. Only string-literal imports of those are rewritten (esbuild prints
// them so); any other `import(` left in the bundle fails the build.
const externals = Object.keys(dependencies).filter((name) => !INLINED.includes(name));
const isExternal = (specifier) =>
  specifier.startsWith('node:') || externals.some((name) => specifier === name || specifier.startsWith(`${name}/`));
/** The start of each bundle's text: the module function's head (see above). */
const WRAPPER = '(function (exports, require, module, __filename, __dirname, __credhelperImport) {';
for (const entry of ['cli', 'cli-hot']) {
  const bundle = join(outdir, `${entry}.js`);
  const code = readFileSync(bundle, 'utf8')
    .replace(/^#!.*\n/, '')
    .replace(/\bimport\(("[^"\\]+")\)/g, (whole, literal) =>
      isExternal(JSON.parse(literal)) ? `__credhelperImport(${literal})` : whole,
    );
  const left = code.match(/\bimport\([^)]*\)/g);
  if (left !== null)
    throw new Error(`dist/cli/${entry}.js: dynamic import()s the launcher cannot serve: ${left.join(', ')}`);
  // The launcher reads the bundle as latin1 (no UTF-8 decoding): esbuild escapes non-ASCII text
  // (its default `charset`), and this makes sure (one byte per character: all ASCII).
  if (Buffer.byteLength(code, 'utf8') !== code.length)
    throw new Error(`dist/cli/${entry}.js: a non-ASCII character (the launcher reads latin1)`);
  // The build's fingerprint, the bundle's last line, after the function: the user's code cache
  // (scripts/cli-user-code-cache.cjs) is named by it, so that a cache of another build is never read
  // for this one (V8 checks the length only). The launchers are in it too: they compile the text.
  const body = `${WRAPPER}${code.endsWith('\n') ? code : `${code}\n`}})\n`;
  const fingerprint = createHash('sha256')
    .update(body)
    .update(readFileSync(new URL('cli-launcher.cjs', import.meta.url)))
    .update(readFileSync(new URL('cli-user-code-cache.cjs', import.meta.url)))
    .digest('hex')
    .slice(0, 32);
  writeFileSync(bundle, `${body}// credhelper-build-fingerprint: ${fingerprint}\n`);
}
const bin = join(outdir, 'bin.js');
copyFileSync(fileURLToPath(new URL('cli-launcher.cjs', import.meta.url)), bin);
chmodSync(bin, 0o755);
// Loaded by the launcher when the build's code cache does not fit the user's Node.
copyFileSync(fileURLToPath(new URL('cli-user-code-cache.cjs', import.meta.url)), join(outdir, 'user-code-cache.cjs'));

/**
 * Writes the build's code cache of `bundle` (`<bundle>.<node version>-<arch>.v8-cache`, see
 * `shippedCacheFile` in scripts/cli-launcher.cjs): what V8 compiled while the launcher ran each command line of `runs`
 * in turn, in one process (a helper run and the shared cache written, then a hit), so that the hot
 * paths' functions are in it. Each run is a fresh instance of the bundle, as in a new process.
 */
function writeCodeCache(bundle, runs) {
  const home = mkdtempSync(join(tmpdir(), 'credhelper-build-'));
  try {
    writeFileSync(join(home, 'key.sh'), '#!/bin/sh\necho sk-ant-test-build-0000000000000001\n', { mode: 0o755 });
    writeFileSync(
      join(home, 'vend.sh'),
      `#!/bin/sh\nprintf '{"Version":1,"AccessKeyId":"ASIATESTBUILD0000001","SecretAccessKey":"test-build-secret-000000000000000000001","SessionToken":"t","Expiration":"%s"}\\n' "$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)"\n`,
      { mode: 0o755 },
    );
    writeFileSync(
      join(home, 'settings.json'),
      JSON.stringify({ apiKeyHelper: join(home, 'key.sh'), awsCredentialExport: join(home, 'vend.sh') }),
    );
    const warmUp = `const { writeFileSync } = require('node:fs');
const launcher = require(${JSON.stringify(bin)});
const bundle = ${JSON.stringify(bundle)};
const script = launcher.compileCli(bundle);
const runs = ${JSON.stringify(runs)};
const next = () => {
  if (process.exitCode) return; // a failed run: the build reports it
  const args = runs.shift();
  if (args === undefined) return;
  process.argv = [process.argv[0], ${JSON.stringify(bin)}, ...args];
  launcher.runCli(script, bundle);
};
// A run answered from the shared cache needs no I/O: it ends in microtasks, and Node emits
// 'beforeExit' again only after the event loop had work. The next run is that work.
process.on('beforeExit', () => {
  if (runs.length > 0 && !process.exitCode) setImmediate(next);
});
process.on('exit', () => {
  if (runs.length > 0) {
    process.exitCode = 70;
    process.stderr.write('the warm-up stopped with ' + runs.length + ' command lines left\\n');
    return;
  }
  // Twice: the launcher uses it only when both copies agree (readShippedCache in scripts/cli-launcher.cjs).
  const data = script.createCachedData();
  writeFileSync(launcher.shippedCacheFile(bundle), Buffer.concat([data, data]));
});
next();`;
    const run = spawnSync(process.execPath, ['-e', warmUp], {
      env: { PATH: process.env.PATH, HOME: home, CREDHELPER_SETTINGS: join(home, 'settings.json') },
      cwd: home,
      encoding: 'utf8',
      timeout: 30_000,
    });
    if (run.status !== 0) throw new Error(`writing ${bundle}'s code cache failed (exit ${run.status}): ${run.stderr}`);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
// The full bundle: `get anthropic` through an apiKeyHelper, the modules every command shares.
writeCodeCache(join(outdir, 'cli.js'), [['get', 'anthropic']]);
// The hot bundle: both hot commands, each cold (the helper runs) and then from the shared cache.
writeCodeCache(join(outdir, 'cli-hot.js'), [
  ['get', 'anthropic'],
  ['get', 'anthropic'],
  ['aws-credential-process'],
  ['aws-credential-process'],
]);
