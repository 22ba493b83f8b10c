#!/usr/bin/env node
// The `credhelper` executable (dist/cli/bin.js, copied there by scripts/bundle-cli.mjs): runs a CLI
// bundle compiled from V8's code cache (written at build time, see `shippedCacheFile`). Measured on
// Node 20 (issue #21): compiling the ~700 kB bundle costs ~11 ms of every run, reading it from the
// cache ~2 ms. Node 20 has no module compile cache (Node 22's `module.enableCompileCache`), so this
// does what it does with `vm.Script`'s `cachedData`. V8 accepts a code cache only from its own
// version and flags: the build's cache is named after the Node that wrote it
// (`<bundle>.<process.version>-<arch>.v8-cache`), and a user's other Node never reads it: it runs
// from a per-user code cache instead (user-code-cache.cjs beside this file, issue #21). A cache that
// does not match anyway (damaged, another build of the same Node version) is rejected by V8 and the
// bundle is compiled as usual: same behaviour, start-up as without it.
//
// Two bundles of the same CLI: dist/cli/cli-hot.js holds the commands that other programs start on
// every call (`get`: an apiKeyHelper; `aws-credential-process`: a credential_process) and leaves out
// the code only the other commands reach; dist/cli/cli.js holds every command. The first argument
// picks one, and a process runs only that one (no module is ever loaded twice, no state split).
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const vm = require('node:vm');

const BUNDLE = join(__dirname, 'cli.js');
const HOT_BUNDLE = join(__dirname, 'cli-hot.js');
/**
 * The build's code cache of `bundle`: written by scripts/bundle-cli.mjs (twice: see
 * `readShippedCache`), named after the Node that wrote it, so that another Node (whose V8 would
 * reject it) finds none and reads nothing.
 */
function shippedCacheFile(bundle = BUNDLE) {
  return `${bundle}.${process.version}-${process.arch}.v8-cache`;
}
const CACHE = shippedCacheFile(BUNDLE);
/**
 * The commands that dist/cli/cli-hot.js runs (`HOT_COMMAND_MODULES` in scripts/bundle-cli.mjs), when
 * they come first (`credhelper get anthropic`, `credhelper aws-credential-process`, with their options
 * after them): that is how an apiKeyHelper or a credential_process calls credhelper. Any other
 * command line (options first, help, other commands) runs the full bundle.
 */
const HOT_COMMANDS = ['get', 'aws-credential-process'];

/** The bundle that runs the command line `args` (without node and the script). */
function bundleFor(args) {
  return HOT_COMMANDS.includes(args[0]) ? HOT_BUNDLE : BUNDLE;
}

/** The text of `bundle`. The build checks that the bundles are ASCII: latin1 reads them as is, without UTF-8 decoding. */
function readBundle(bundle) {
  return readFileSync(bundle, 'latin1');
}

/** `source` (the text of `bundle`: a CommonJS module function, see scripts/bundle-cli.mjs), compiled from `cachedData` when V8 accepts it. */
function compileBundle(bundle, source, cachedData) {
  return new vm.Script(source, { filename: bundle, cachedData });
}

/**
 * The build's code cache of `bundle` for this Node, or `undefined` when there is none or it is
 * damaged. The file holds the cache twice and is used only when both copies agree: V8 checks a
 * cache's header but not its payload in a release build, and one bit flipped past the header made
 * every run crash (SIGSEGV) or hang (measured on Node 20.20, issue #21 review), which the user's
 * cache and the library's (scripts/library-loader.cjs) already guard against the same way.
 */
function readShippedCache(bundle) {
  let bytes;
  try {
    bytes = readFileSync(shippedCacheFile(bundle));
  } catch {
    return undefined; // none for this Node
  }
  const half = bytes.length / 2;
  if (half === 0 || !Number.isInteger(half)) return undefined;
  const cache = bytes.subarray(0, half);
  return cache.equals(bytes.subarray(half)) ? cache : undefined;
}

/** `bundle` as a CommonJS module function, compiled from the build's code cache when V8 accepts it. */
function compileCli(bundle = BUNDLE) {
  return compileBundle(bundle, readBundle(bundle), readShippedCache(bundle));
}

/**
 * Whether V8 would accept `cache` (a code cache written by this Node's version) under this
 * process's flags: V8 flags (`--max-old-space-size=…` in NODE_OPTIONS is a common one; Node's own
 * options such as `--require` are not) change the flag hash in the cache's header, and V8 rejects a
 * mismatch after the whole cache was read, then compiles the bundle from source. Asked only when
 * the process has options: a code cache of an empty script carries this process's header (~0.3 ms). The header's layout (V8's
 * `SerializedCodeData`: magic, version hash, source hash, flag hash…) is V8's: should it change,
 * a wrong answer costs speed only (V8 still checks the cache itself).
 */
function fitsV8Flags(cache) {
  if (process.execArgv.length === 0 && !process.env.NODE_OPTIONS?.trim()) return true;
  const probe = new vm.Script('').createCachedData();
  return cache.length >= 16 && probe.compare(cache, 4, 8, 4, 8) === 0 && probe.compare(cache, 12, 16, 12, 16) === 0;
}

/**
 * The bundle's `import("…")` of external packages (the cloud SDKs…) and built-ins: code compiled
 * from a code cache cannot run `import()` itself on Node 20, this file (loaded by Node) can. The
 * bundle sits beside this file: a specifier resolves the same from either. A built-in is required:
 * its namespace has the same named exports, and `import()` would start the ESM loader (~+4 ms) on
 * the first helper run.
 */
function importForCli(specifier) {
  if (specifier.startsWith('node:')) {
    return new Promise((resolve) => {
      const exports = require(specifier);
      resolve({ ...exports, default: exports });
    });
  }
  return import(specifier);
}

/**
 * Runs the compiled `bundle` as Node runs a CommonJS module. Its `require` is this file's: the
 * bundles sit beside it, so a specifier resolves the same (`createRequire(bundle)` would load
 * `node:module`, and with it the ESM loader's modules: ~0.2 ms of every start, issue #21).
 */
function runCli(script, bundle = BUNDLE) {
  const bundleModule = { exports: {}, filename: bundle };
  const run = script.runInThisContext();
  run(bundleModule.exports, require, bundleModule, bundle, __dirname, importForCli);
}

/**
 * Runs the command line: from the build's code cache when it fits this Node, else from the user's
 * own code cache (see user-code-cache.cjs, loaded only then: a run from the build's cache reads no
 * other file and looks at no other directory).
 */
function startCli(bundle) {
  const shipped = readShippedCache(bundle);
  if (shipped !== undefined && fitsV8Flags(shipped)) {
    runCli(compileBundle(bundle, readBundle(bundle), shipped), bundle);
    return;
  }
  let userCodeCache;
  try {
    userCodeCache = require('./user-code-cache.cjs');
  } catch {
    // An install without it (a hand-picked copy of dist/cli): compiled from source, as without a cache.
    runCli(compileBundle(bundle, readBundle(bundle), undefined), bundle);
    return;
  }
  userCodeCache.runFromUserCodeCache(bundle, { readBundle, compileBundle, runCli });
}

module.exports = {
  BUNDLE,
  HOT_BUNDLE,
  CACHE,
  HOT_COMMANDS,
  bundleFor,
  shippedCacheFile,
  readBundle,
  compileBundle,
  compileCli,
  runCli,
};

if (require.main === module) startCli(bundleFor(process.argv.slice(2)));
